"""The NiceGUI pages: candidate room, admin, demo. They read and subscribe; they own no state.

Every page under /admin and /test is behind the admin login, enforced in one place (`admin_auth.AdminGuard`), so a
new admin page cannot be public by omission. A page anyone may open is listed in `admin_auth.PUBLIC_PAGES`.
"""
from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from aisobes.services import Services

from . import (
    admin_audit,
    admin_auth,
    admin_create,
    admin_downloads,
    admin_interview,
    admin_list,
    admin_users,
    admin_vacancies,
    admin_vacancy,
    demo,
    not_found,
    room,
)


def register(services: Services) -> None:
    admin_auth.install_guard(app)

    @ui.page('/')
    def index() -> RedirectResponse:
        return RedirectResponse('/admin', status_code=303)

    room.register(services)
    admin_auth.register(services)
    admin_list.register(services)
    admin_create.register(services)
    admin_interview.register(services)
    admin_audit.register(services)
    admin_downloads.register(services)
    admin_users.register(services)
    admin_vacancies.register(services)
    admin_vacancy.register(services)
    demo.register(services)
    not_found.register(services)
