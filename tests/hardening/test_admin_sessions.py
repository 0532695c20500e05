"""Server-side admin sessions and the login limits, through the real pages (NiceGUI's User fixture)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from nicegui import app
from nicegui.testing import User
from sqlmodel import select

import pages.admin_auth
from aisobes.limits import LOGIN_PER_ACCOUNT
from aisobes.models import AdminSession
from aisobes.users import UserRole
from pages.session import ROLE_KEY, page_role

from ..pages.helpers import PASSWORD, app_services, login


@pytest.fixture(autouse=True)
def quick_wrong_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages.admin_auth, 'WRONG_PASSWORD_DELAY', 0.01)


def sessions() -> list[AdminSession]:
    with app_services().db.session() as session:
        return list(session.exec(select(AdminSession)).all())


async def test_the_browser_keeps_a_random_id_and_logout_deletes_the_session(user: User) -> None:
    await login(user)
    [row] = sessions()
    stored = [value for storage in app.storage._users.values() for value in storage.values()]
    assert row.id in stored and len(row.id) >= 40
    old_mark = hashlib.sha256(f'aisobes-admin\0{PASSWORD}'.encode()).hexdigest()
    on_disk = ''.join(p.read_text() for p in Path('.nicegui').glob('storage-user-*.json')) \
        if Path('.nicegui').exists() else ''
    assert PASSWORD not in json.dumps(stored) + on_disk and old_mark not in json.dumps(stored) + on_disk
    await user.open('/admin/logout')
    await user.should_see('admin-password')
    assert sessions() == []
    await user.open('/admin')
    await user.should_see('admin-password')  # the id left in the browser no longer opens anything


async def test_the_account_limit_holds_whatever_address_guesses(user: User) -> None:
    limits = app_services().limits
    for _ in range(LOGIN_PER_ACCOUNT.max_hits):  # wrong guesses from many other addresses, counted in the database
        await limits.record('login:account:admin')
    await user.open('/admin/login')
    user.find('admin-password').type(PASSWORD)  # the right password, from a fresh address: still refused for now
    user.find('admin-login').click()
    await user.should_see('Слишком много попыток', retries=50)
    await user.should_not_see('admin-new')
    assert sessions() == []


async def test_a_new_admin_password_ends_the_sessions_opened_with_the_old_one(user: User) -> None:
    await login(user)
    await user.open('/admin')
    await user.should_see('admin-new')
    settings = app_services().settings
    old = settings.admin_password
    settings.admin_password = 'a brand new password'
    try:
        await user.open('/admin')
        await user.should_see('admin-password')  # back to the login
        assert sessions() == []
    finally:
        settings.admin_password = old


async def test_a_page_whose_session_is_gone_acts_as_nobody(user: User) -> None:
    await login(user)
    await user.open('/admin')
    for storage in app.storage._users.values():
        storage.pop(ROLE_KEY, None)  # signed out in another tab
    with user.client:
        assert page_role() == UserRole.VIEWER
