"""The admin pages with accounts: username + password login, each role sees and opens what it may (403 otherwise),
a deleted user is logged out at the next request, the users page manages accounts."""
from __future__ import annotations

import pytest
from nicegui.testing import User

import pages.admin_auth
from aisobes.audit import AuditAction
from aisobes.users import UserRole

from ..pages.helpers import app_services, login, new_interview

PASSWORD = 'long enough password'


@pytest.fixture(autouse=True)
def quick_wrong_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages.admin_auth, 'WRONG_PASSWORD_DELAY', 0.01)


async def log_in(user: User, username: str, password: str = PASSWORD) -> None:
    await user.open('/admin/login')
    user.find(marker='admin-username').clear().type(username)
    user.find(marker='admin-password').type(password)
    user.find(marker='admin-login').click()


async def test_roles_on_the_pages(user: User) -> None:
    services = app_services()
    for name, role in (('rita', UserRole.RECRUITER), ('vera', UserRole.VIEWER)):
        await services.users.create(name, PASSWORD, role)
    interview = await new_interview()
    await log_in(user, 'rita', 'wrong password!!')
    await user.should_see('Неверный пароль', retries=20)
    await log_in(user, 'rita')
    await user.should_see(marker='admin-new', retries=20)
    for path in ('/admin/users', '/admin/audit'):
        assert (await user.http_client.get(path)).status_code == 403
    assert (await user.http_client.get('/admin/new')).status_code == 200
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see(marker='admin-finish')

    await user.open('/admin/logout')
    await log_in(user, 'vera')
    await user.should_see(marker='filter-status', retries=20)
    await user.should_not_see(marker='admin-new')
    assert (await user.http_client.get('/admin/new')).status_code == 403
    assert (await user.http_client.get('/test')).status_code == 403
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see(marker='admin-status')
    await user.should_not_see(marker='admin-finish')
    await user.should_not_see(marker='admin-delete')
    await user.should_not_see(marker='admin-chat-input')
    entries, _ = await services.audit.query(action=AuditAction.LOGIN)
    assert [e.actor for e in entries] == ['vera', 'rita']
    failed, _ = await services.audit.query(action=AuditAction.LOGIN_FAILED)
    assert [e.actor for e in failed] == ['rita']


async def test_a_deleted_or_disabled_user_is_logged_out_at_once(user: User) -> None:
    services = app_services()
    olga, _ = await services.users.create('olga', PASSWORD, UserRole.RECRUITER)
    await log_in(user, 'olga')
    await user.should_see(marker='admin-new', retries=20)
    await services.users.update(olga.id, disabled=True)
    response = await user.http_client.get('/admin')
    assert response.status_code == 303 and response.headers['location'].startswith('/admin/login')
    await log_in(user, 'olga')  # a disabled user cannot log in either
    await user.should_see('Неверный пароль', retries=20)
    await services.users.update(olga.id, disabled=False)
    await log_in(user, 'olga')
    await user.should_see(marker='admin-new', retries=20)
    await services.users.update(olga.id, role=UserRole.VIEWER)  # a role change applies at the next request
    assert (await user.http_client.get('/admin/new')).status_code == 403
    await services.users.delete(olga.id)
    assert (await user.http_client.get('/admin')).status_code == 303


async def test_the_users_page_adds_a_user_who_can_log_in(user: User) -> None:
    await login(user)  # the first admin: admin + AISOBES_ADMIN_PASSWORD
    await user.open('/admin/users')
    user.find(marker='user-name').type('nina')
    user.find(marker='user-password').type(PASSWORD)
    user.find(marker='user-add').click()
    await user.should_see(marker='user-token', retries=20)
    token = user.find(marker='user-token').elements.pop().text.rsplit(' ', 1)[-1]
    assert token.startswith('ais_')
    response = await user.http_client.get('/api/v1/interviews/', headers={'Authorization': f'Bearer {token}'})
    assert response.status_code == 200
    await user.should_see('nina')
    entries, _ = await app_services().audit.query(target='user:nina')
    assert [(e.actor, e.action) for e in entries] == [('admin', 'user_create')]
    await user.open('/admin/logout')
    await log_in(user, 'nina')
    await user.should_see(marker='admin-new', retries=20)  # the page's default role: recruiter
