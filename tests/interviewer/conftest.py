"""Fixtures of the AI interviewer tests: a controllable clock and the interviewer service on the real services
(ChatService, RoomHub, InterviewService on a temporary database) with short debounce and watcher periods."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

import pytest

from aisobes.interviewer import InterviewerService
from aisobes.interviewer.report_text import render_report_text
from aisobes.models import utcnow


class Clock:
    """The interviewer's clock; tests move it to a moment of the interview (milestones, time shares)."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def at(self, started_at: datetime, minutes: float) -> None:
        self.now = started_at + timedelta(minutes=minutes)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def make_interviewer(services, clock):
    """Builds started interviewer services wired as aisobes/app.py wires them; stops them all at the end."""
    built: list[InterviewerService] = []

    async def make(settings: Any = None, **kwargs: Any) -> InterviewerService:
        service = InterviewerService(settings or services.settings, services.rooms, services.chat,
                                     services.interviews, clock=kwargs.pop('clock', clock),
                                     **{'debounce': 0.15, 'tick': 0.01, **kwargs})
        services.interviews.report_builder = service.build_report
        services.transcripts.report_renderer = render_report_text
        await service.start()
        built.append(service)
        return service

    yield make
    for service in built:
        await service.stop()


def recorder(services, interview_id: int) -> list:
    events: list = []
    services.rooms.room(interview_id).subscribe(events.append)
    return events


async def eventually(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    import asyncio
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError('condition not met in time')
        await asyncio.sleep(0.01)
