"""Retention with a controllable clock: finished interviews older than AISOBES_RETENTION_DAYS are erased with their
messages and transcript files, each erasure in the audit log; everything else is kept; off by default."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from nicegui.testing import User
from sqlmodel import col

from aisobes.audit import Actor, AuditAction
from aisobes.config import Settings
from aisobes.errors import NotFound
from aisobes.models import Interview, Role, utcnow
from aisobes.schemas import InterviewCreate
from aisobes.services import Services, build_services

from ..pages.helpers import app_services, login, new_interview

DATA = {'candidate_name': 'Анна', 'candidate_id': 'c-1', 'position': 'QA', 'recommended_duration': 30}


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def kept_30_days(settings: Settings, clock: Clock):
    built = build_services(settings.model_copy(update={'retention_days': 30}), clock=clock)
    built.tasks.bind()
    yield built
    await built.stop()


async def finished(services: Services, name: str = 'Анна'):
    interview = await services.interviews.create(InterviewCreate(**{**DATA, 'candidate_name': name}))
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Мой ответ', Role.CANDIDATE)
    return await services.interviews.finish(interview.id)


async def test_finished_interviews_older_than_the_period_are_erased(kept_30_days: Services, clock: Clock) -> None:
    services = kept_30_days
    old = await finished(services, 'Старый')
    await services.audit.record(AuditAction.DETAILS, Actor('olga'), f'interview:{old.id}')
    waiting = await services.interviews.create(InterviewCreate(**DATA))  # never finished: never erased
    assert services.retention.erase_at(old) == old.finished_at + timedelta(days=30)
    assert services.retention.erase_at(waiting) is None
    recent = await finished(services, 'Новый')
    await services.db.run(_finished_at, services, old.id, clock.now - timedelta(days=29, hours=23))
    assert await services.retention.sweep() == []  # 29 days 23 hours: kept
    clock.now += timedelta(hours=2)
    assert await services.retention.sweep() == [old.id]
    with pytest.raises(NotFound):
        await services.interviews.get(old.id)
    assert not Path(old.transcript_path).exists() and not Path(old.text_transcript_path).exists()
    assert await services.chat.history(old.id) == []
    assert (await services.interviews.get(waiting.id)).id == waiting.id
    assert Path((await services.interviews.get(recent.id)).transcript_path).exists()
    entries, _ = await services.audit.query(target=f'interview:{old.id}')
    assert [(e.actor, e.action) for e in entries] == [('system', 'retention_delete'), ('olga', 'details')]
    assert entries[0].at == clock.now
    assert await services.retention.sweep() == []  # nothing twice


async def test_retention_is_off_by_default(services: Services) -> None:
    interview = await finished(services)
    assert services.settings.retention_days is None and services.retention.erase_at(interview) is None
    assert await services.retention.sweep() == []
    assert (await services.interviews.get(interview.id)).id == interview.id


async def test_the_daily_job_runs_its_first_pass_at_start(settings: Settings, clock: Clock) -> None:
    built = build_services(settings.model_copy(update={'retention_days': 1}), clock=clock)
    try:
        interview = await finished(built)
        clock.now = utcnow() + timedelta(days=2)
        await built.start()
        assert [t.get_name() for t in built.tasks.running() if t.get_name() == 'retention'] == ['retention']
        for _ in range(200):
            if (await built.audit.query(action=AuditAction.RETENTION_DELETE))[1]:
                break
            await asyncio.sleep(0.02)
        with pytest.raises(NotFound):
            await built.interviews.get(interview.id)
    finally:
        await built.stop()


@pytest.fixture
def retention_90_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('AISOBES_RETENTION_DAYS', '90')  # before the `user` fixture builds the app


async def test_the_admin_page_shows_when_the_interview_is_erased(retention_90_days, user: User) -> None:
    await login(user)
    services = app_services()
    interview = await new_interview()
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_not_see(marker='erase-at')  # not finished
    finished_interview = await services.interviews.finish(interview.id)
    await user.open(f'/admin/interviews/{interview.id}')
    day = (finished_interview.finished_at + timedelta(days=90)).strftime('%Y-%m-%d')
    await user.should_see(f'Будет удалено по сроку хранения: {day}')


def _finished_at(services: Services, interview_id: int, when) -> None:
    with services.db.session() as session:
        session.exec(sa.update(Interview).where(col(Interview.id) == interview_id).values(finished_at=when))
        session.commit()
