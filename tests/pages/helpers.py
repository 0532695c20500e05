"""Helpers for the NiceGUI `User` page tests: the app's own services, interviews, logging in."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from nicegui import app
from nicegui.testing import User

from aisobes.models import Interview
from aisobes.schemas import InterviewCreate
from aisobes.services import Services

T = TypeVar('T')
PASSWORD = 'test-password'  # tests/conftest.py sets AISOBES_ADMIN_PASSWORD


def app_services() -> Services:
    """The services the running app was built with (not the `services` fixture, which builds its own)."""
    return app.state.services


async def new_interview(**values) -> Interview:
    data = {'candidate_name': 'Анна Смирнова', 'candidate_id': 'c-1', 'position': 'Python-разработчик',
            'recommended_duration': 30, 'knowledge_base': 'Python\nSQL', **values}
    return await app_services().interviews.create(InterviewCreate(**data))


async def in_worker_thread(coroutine: Awaitable[T]) -> T:
    """Run `coroutine` on a worker thread with its own loop, as a publisher off the serving loop would (a speech
    worker, a database thread): the room hub must hand its events over to the serving loop."""
    return await asyncio.to_thread(asyncio.run, coroutine)


async def login(user: User) -> None:
    await user.open('/admin/login')
    user.find('admin-password').type(PASSWORD)
    user.find('admin-login').click()
    await user.should_see('admin-new', retries=20)


async def eventually(check, timeout: float = 10.0):
    """Poll `await check()` until it returns something truthy (finish writes the report and files after the
    status)."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.05)
