"""A timestamp shown in the browser's local time: the server stores and sends UTC, the browser formats it."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from nicegui import ui

LOCALES = {'ru': 'ru-RU'}


class LocalTime(ui.element, component='local_time.js'):

    def __init__(self, when: datetime | None, mode: Literal['time', 'datetime'] = 'time',
                 language: str = '') -> None:
        """`language` 'ru' shows 24-hour Russian formatting; otherwise the browser's own locale decides."""
        super().__init__()
        self._props['locale'] = LOCALES.get(language, '')
        self._props['iso'] = when.isoformat() if when else ''
        self._props['mode'] = mode
