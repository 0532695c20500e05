"""The NiceGUI pages: candidate room, admin, demo. They read and subscribe; they own no state."""
from __future__ import annotations

from nicegui import ui

from . import room


def register(services) -> None:
    @ui.page('/')
    def index() -> None:
        ui.navigate.to('/admin')

    room.register(services)
