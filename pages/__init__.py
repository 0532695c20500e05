"""The NiceGUI pages: candidate room, admin, demo. They read and subscribe; they own no state."""
from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from . import admin_auth, admin_create, admin_interview, admin_list, demo, not_found, room


def register(services) -> None:
    @ui.page('/')
    def index() -> RedirectResponse:
        return RedirectResponse('/admin', status_code=303)

    room.register(services)
    admin_auth.register(services)
    admin_list.register(services)
    admin_create.register(services)
    admin_interview.register(services)
    demo.register(services)
    not_found.register(services)
