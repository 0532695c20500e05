"""An AI turn due while the database is out of reach is retried with backoff and taken exactly once when it answers.
The outage is injected in-process: every database call fails the way a driver fails when the server is gone."""
from __future__ import annotations

import asyncio

import sqlalchemy as sa

from aisobes.models import Role

from .conftest import eventually
from .test_engine import ai_turns, more_turns_than, started


class Outage:
    def __init__(self, db) -> None:
        self.down = False
        self.failed = 0
        self._run = db.run
        db.run = self.run

    async def run(self, function, *args, **kwargs):
        if self.down:
            self.failed += 1
            raise sa.exc.OperationalError('SELECT 1', {}, ConnectionRefusedError('connection refused'))
        return await self._run(function, *args, **kwargs)


async def test_a_turn_due_during_an_outage_is_taken_once_the_database_is_back(make_services, clock):
    services = await make_services()
    interview = await started(services, clock)
    greeting = await eventually(lambda: more_turns_than(services, interview.id, 0))
    outage = Outage(services.db)
    await services.chat.post(interview.id, 'Я пишу на Python восемь лет, в основном FastAPI и PostgreSQL.',
                             Role.CANDIDATE)
    outage.down = True  # before the answer's quiet ends: the turn meets a dead database
    await eventually(lambda: outage.failed >= 2, timeout=10)  # tried, and tried again after a pause
    assert len(greeting) == 1
    outage.down = False
    turns = await eventually(lambda: more_turns_than(services, interview.id, 1), timeout=10)
    assert len(turns) == 2
    await asyncio.sleep(1.0)  # a second, duplicate turn would have landed by now
    assert len(await ai_turns(services, interview.id)) == 2
