"""The countdown to the deadline (`started_at + recommended_duration`), computed from the database on every tick,
so a reload, a second tab or a server restart show the same time."""
from __future__ import annotations

from datetime import datetime, timedelta

from nicegui import ui

from aisobes.models import Status, utcnow

from .theme import testid

AMBER_AT = 5 * 60  # seconds left
RED_AT = 60


class Countdown:
    """A label with `mm:ss` left, amber from 5 minutes, red from 1 minute, `+mm:ss` in overtime."""

    def __init__(self, *, status: str, started_at: datetime | None, recommended_duration: int,
                 actual_duration: int | None = None) -> None:
        self.status = status
        self.started_at = started_at
        self.duration = recommended_duration
        self.actual_duration = actual_duration
        with ui.row().classes('items-center gap-1 no-wrap') as self.box:
            self.icon = ui.icon('timer', size='20px').classes('ai-muted')
            self.label = testid(ui.label(), 'timer').classes('ai-timer text-lg')
        self.tick()
        self._timer = ui.timer(1.0, self.tick, active=status == Status.STARTED)  # only a running interview ticks

    def set_state(self, status: str, started_at: datetime | None, actual_duration: int | None) -> None:
        self.status = status
        self.started_at = started_at
        self.actual_duration = actual_duration
        self._timer.active = status == Status.STARTED
        self.tick()

    def tick(self) -> None:
        if self.status == Status.STARTED and self.started_at is not None:
            deadline = self.started_at + timedelta(minutes=self.duration)
            text, level = countdown_text(int((deadline - utcnow()).total_seconds()))
        elif self.status == Status.FINISHED:
            text, level = clock(self.actual_duration or 0), 'done'
        else:
            text, level = clock(self.duration * 60), 'idle'
        if self.label.text != text:
            self.label.set_text(text)
        self.label.classes(replace='ai-timer text-lg' + {'amber': ' ai-amber', 'red': ' ai-red',
                                                          'idle': ' ai-muted', 'done': ' ai-muted'}.get(level, ''))
        self.label.props(f'data-level={level}')


def countdown_text(seconds_left: int) -> tuple[str, str]:
    """(`mm:ss`, or `+mm:ss` in overtime; level: normal | amber | red)."""
    if seconds_left < 0:
        return '+' + clock(-seconds_left), 'red'
    if seconds_left <= RED_AT:
        return clock(seconds_left), 'red'
    if seconds_left <= AMBER_AT:
        return clock(seconds_left), 'amber'
    return clock(seconds_left), 'normal'


def clock(seconds: int) -> str:
    """Minutes may pass 59 (a 90-minute interview shows 90:00): recruiters think in minutes, not hours."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f'{minutes:02d}:{secs:02d}'
