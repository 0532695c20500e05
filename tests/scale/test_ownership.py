"""Ownership with two whole sets of services (two instances' worth, built by build_services) on one PostgreSQL
database: one owner per live interview; when the owner's lease connection is lost it detaches at once, and the
interview is owned again (by whichever instance claims first) without a repeated turn; nothing is owned once the
interview is finished. (Takeover by the other instance after a kill -9: tests/scale/test_takeover.py.)"""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import psycopg
import pytest

from aisobes.config import Settings
from aisobes.db import psycopg_conninfo
from aisobes.leases import LeaseSpace
from aisobes.models import Role
from aisobes.schemas import InterviewCreate
from aisobes.services import build_services


async def _until(condition, timeout: float = 15.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError('condition not met in time')


async def test_one_owner_and_a_lost_lease_connection_detaches(pg_url: str, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger='aisobes')
    settings = Settings(data_dir=tmp_path / 'data', transcripts_dir=tmp_path / 'transcripts', database_url=pg_url,
                        whisper='off', ai_debounce=0.2)
    first, second = build_services(settings), build_services(settings)
    await first.start()
    await second.start()
    try:
        assert first.bus.kind == 'postgres' and first.leases.kind == 'postgres'
        interview = await first.interviews.create(InterviewCreate(candidate_name='Олег', candidate_id='o-1',
                                                                  position='DBA', recommended_duration=30))
        await second.interviews.start(interview.id)
        both = (first, second)
        await _until(lambda: sum(interview.id in s.ownership.owned for s in both) == 1)
        owner, other = (first, second) if interview.id in first.ownership.owned else (second, first)
        assert owner.interviewer.attached == [interview.id] and other.interviewer.attached == []
        await _until(lambda: len([m for m in asyncio.all_tasks() if 'resume' in m.get_name()]) == 0)

        async with await psycopg.AsyncConnection.connect(psycopg_conninfo(pg_url), autocommit=True) as admin:
            await admin.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s',
                                (owner.leases.application_name,))  # type: ignore[attr-defined]
        await _until(lambda: f'lease connection lost; detached from interviews [{interview.id}]' in caplog.text)
        await _until(lambda: sum(interview.id in s.ownership.owned for s in both) == 1)
        assert sorted(s.interviewer.attached for s in both) == [[], [interview.id]]
        await asyncio.sleep(1.0)  # a repeated greeting would be posted by now
        history = await first.chat.history(interview.id)
        assert [m.role for m in history] == ['ai_hr']  # one greeting: resuming did not greet again

        await owner.interviews.finish(interview.id)
        await _until(lambda: all(s.ownership.owned == set() and s.interviewer.attached == [] for s in both))
    finally:
        await first.stop()
        await second.stop()


async def test_no_turn_is_posted_without_the_lease(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The interviewer checks the lease right before it posts: an instance that has just lost it (before its claim
    pass detaches it) drops the turn instead of posting next to the new owner."""
    caplog.set_level(logging.INFO, logger='aisobes')
    services = build_services(Settings(data_dir=tmp_path / 'data', transcripts_dir=tmp_path / 'transcripts',
                                       whisper='off', ai_debounce=0.1))
    await services.start()
    try:
        interview = await services.interviews.create(InterviewCreate(candidate_name='Ира', candidate_id='i-1',
                                                                     position='QA', recommended_duration=30))
        await services.interviews.start(interview.id)
        await _until(lambda: 'AI turn' in caplog.text)
        await services.leases.release(LeaseSpace.INTERVIEWER, interview.id)  # lost, not yet noticed by ownership
        await services.chat.post(interview.id, 'Я тестирую API и пишу автотесты на pytest.', Role.CANDIDATE)
        await _until(lambda: 'the lease was lost while the AI was answering' in caplog.text)
        assert [m.role for m in await services.chat.history(interview.id)] == [Role.AI_HR, Role.CANDIDATE]
    finally:
        await services.stop()
