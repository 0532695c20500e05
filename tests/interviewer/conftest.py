"""Fixtures of the AI interviewer tests: a controllable clock and whole services built by the composition root
(`build_services`, as a server builds them: ChatService, RoomHub, InterviewService on a temporary database, the
brain named by `llm`) with a short debounce and a fast timer tick."""
from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from aisobes.config import Settings
from aisobes.models import utcnow
from aisobes.services import Services, build_services

DEBOUNCE = 0.15  # seconds of quiet that end an answer in these tests (AISOBES_AI_DEBOUNCE)
TIMER_TICK = 0.01  # how often the interview timer looks at the clock


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


class ServicesFactory:
    """Builds the services of one server on the test's database, each as a restarted process would: same settings
    (plus `overrides`), new everything else. Started unless `start=False` (then only bound to the loop)."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.running: list[Services] = []

    async def __call__(self, *, start: bool = True, **overrides: Any) -> Services:
        settings = self.settings.model_copy(update={'ai_debounce': DEBOUNCE, **overrides})
        built = build_services(settings, clock=self.clock, timer_tick=TIMER_TICK)
        self.running.append(built)
        if start:
            await built.start()
        else:
            built.tasks.bind()
        return built

    async def stop(self, built: Services) -> None:
        """Stops one server (every service of it), as a process shutting down does."""
        self.running.remove(built)
        await built.stop()

    async def stop_all(self) -> None:
        while self.running:
            await self.stop(self.running[-1])


@pytest.fixture
async def make_services(settings: Settings, clock: Clock) -> AsyncIterator[ServicesFactory]:
    """`await make_services(**settings)`: started services on the test's database; all stopped at the end."""
    factory = ServicesFactory(settings, clock)
    yield factory
    await factory.stop_all()


def recorder(services: Services, interview_id: int) -> list:
    events: list = []
    services.rooms.room(interview_id).subscribe(events.append)
    return events


async def eventually(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    """The first truthy value of `condition()` (awaited when it is a coroutine), polled until `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError('condition not met in time')
        await asyncio.sleep(0.01)
