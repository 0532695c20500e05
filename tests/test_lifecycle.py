"""The interview lifecycle through the service: start, finish, idempotency, concurrency, restart."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from aisobes.errors import ChatClosed, Conflict, InvalidInput, NotFound
from aisobes.models import Role, Source, Status
from aisobes.rooms import MessagePosted, RoomDeleted, StatusChanged
from aisobes.schemas import InterviewCreate
from aisobes.services import build_services


async def new_interview(services, **overrides):
    data = {'candidate_name': 'Анна Смирнова', 'candidate_id': 'cand-1', 'position': 'Backend developer',
            'recommended_duration': 30, 'knowledge_base': '- Python\n- SQL', 'description': 'Team of 5'}
    return await services.interviews.create(InterviewCreate(**{**data, **overrides}))


async def test_start_then_start_again_keeps_started_at(services):
    interview = await new_interview(services)
    assert interview.status == Status.NOT_STARTED
    first = await services.interviews.start(interview.id)
    second = await services.interviews.start(interview.id)
    assert first.status == Status.STARTED
    assert first.started_at is not None and first.started_at.tzinfo is not None
    assert second.started_at == first.started_at


async def test_finish_is_idempotent_and_writes_one_pair(services, settings):
    interview = await new_interview(services)
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Здравствуйте!', Role.AI_HR)
    first = await services.interviews.finish(interview.id)
    second = await services.interviews.finish(interview.id)
    assert first.status == Status.FINISHED
    assert (second.finished_at, second.transcript_path) == (first.finished_at, first.transcript_path)
    assert first.actual_duration == int((first.finished_at - first.started_at).total_seconds())
    files = sorted(p.name for p in Path(settings.transcripts_dir).iterdir())
    assert len(files) == 2 and files[0].endswith('.json') and files[1].endswith('.txt')


async def test_finish_not_started_has_no_duration_and_start_after_finish_conflicts(services):
    interview = await new_interview(services)
    finished = await services.interviews.finish(interview.id)
    assert finished.status == Status.FINISHED and finished.actual_duration is None
    with pytest.raises(Conflict):
        await services.interviews.start(interview.id)


async def test_concurrent_finishes_produce_one_result(services, settings):
    interview = await new_interview(services)
    await services.interviews.start(interview.id)
    results = await asyncio.gather(*(services.interviews.finish(interview.id) for _ in range(5)))
    assert len({(r.finished_at, r.transcript_path) for r in results}) == 1
    assert len(list(Path(settings.transcripts_dir).iterdir())) == 2


async def test_two_services_on_one_database_finish_once(settings):
    """Two processes (here: two service sets on one database) finishing at once: the status flips once."""
    a, b = build_services(settings), build_services(settings)
    a.tasks.bind()
    b.tasks.bind()
    try:
        interview = await new_interview(a)
        await a.interviews.start(interview.id)
        ra, rb = await asyncio.gather(a.interviews.finish(interview.id), b.interviews.finish(interview.id))
        assert ra.finished_at == rb.finished_at
        assert ra.actual_duration == rb.actual_duration
    finally:
        await a.stop()
        await b.stop()


async def test_room_hears_status_and_messages(services):
    interview = await new_interview(services)
    events = []
    services.rooms.room(interview.id).subscribe(events.append)
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, '  Hello  ', Role.CANDIDATE, Source.SPEECH)
    await services.interviews.finish(interview.id)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ['StatusChanged', 'MessagePosted', 'StatusChanged', 'TranscriptWritten']
    assert events[3].transcript_path == (await services.interviews.get(interview.id)).transcript_path
    assert isinstance(events[1], MessagePosted) and events[1].message.content == 'Hello'
    assert events[1].message.source == 'speech'
    assert isinstance(events[2], StatusChanged) and events[2].status == 'finished'
    assert events[0].status is Status.STARTED and events[2].status is Status.FINISHED


async def test_chat_rules(services):
    interview = await new_interview(services)
    with pytest.raises(InvalidInput):
        await services.chat.post(interview.id, '   ', Role.CANDIDATE)
    with pytest.raises(InvalidInput):
        await services.chat.post(interview.id, 'x' * 4001, Role.CANDIDATE)
    with pytest.raises(InvalidInput):
        await services.chat.post(interview.id, 42, Role.CANDIDATE)
    with pytest.raises(NotFound):
        await services.chat.post(interview.id + 100, 'hi', Role.CANDIDATE)
    await services.chat.post(interview.id, 'x' * 4000, Role.CANDIDATE)
    await services.interviews.finish(interview.id)
    with pytest.raises(ChatClosed):
        await services.chat.post(interview.id, 'too late', Role.CANDIDATE)
    assert len(await services.chat.history(interview.id)) == 1


async def test_failed_write_keeps_interview_consistent_and_retry_writes(services, settings, monkeypatch):
    interview = await new_interview(services)
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'answer', Role.CANDIDATE)

    def broken(*args, **kwargs):
        raise OSError('disk full')
    monkeypatch.setattr(services.transcripts, 'write', broken)
    with pytest.raises(OSError):
        await services.interviews.finish(interview.id)
    stored = await services.interviews.get(interview.id)
    assert stored.status == Status.FINISHED and stored.transcript_path is None
    assert len(await services.chat.history(interview.id)) == 1
    monkeypatch.undo()
    retried = await services.interviews.finish(interview.id)
    assert retried.finished_at == stored.finished_at
    assert Path(retried.transcript_path).is_file() and Path(retried.text_transcript_path).is_file()
    assert json.loads(Path(retried.transcript_path).read_text())['messages'][0]['content'] == 'answer'


async def test_restart_on_same_database_finds_everything(settings):
    first = build_services(settings)
    first.tasks.bind()
    interview = await new_interview(first)
    await first.interviews.start(interview.id)
    await first.chat.post(interview.id, 'before restart', Role.CANDIDATE)
    done = await first.interviews.finish(interview.id)
    await first.stop()

    second = build_services(settings)
    second.tasks.bind()
    try:
        again = await second.interviews.get_by_link(interview.unique_link)
        assert again.status == Status.FINISHED
        assert again.started_at == done.started_at and again.finished_at == done.finished_at
        assert again.transcript_path == done.transcript_path and Path(again.transcript_path).is_file()
        assert [m.content for m in await second.chat.history(interview.id)] == ['before restart']
        assert (await second.interviews.finish(interview.id)).transcript_path == done.transcript_path
        assert len(list(Path(settings.transcripts_dir).iterdir())) == 2
    finally:
        await second.stop()


async def test_delete_removes_rows_and_files(services, settings):
    interview = await new_interview(services)
    await services.chat.post(interview.id, 'hi', Role.CANDIDATE)
    await services.interviews.finish(interview.id)
    events = []
    services.rooms.room(interview.id).subscribe(events.append)
    await services.interviews.delete(interview.id)
    assert [type(e) for e in events] == [RoomDeleted]  # the room is told, not with a 'deleted' status
    with pytest.raises(NotFound):
        await services.interviews.get_by_link(interview.unique_link)
    with pytest.raises(NotFound):
        await services.interviews.get(interview.id)
    assert await services.chat.history(interview.id) == []
    assert list(Path(settings.transcripts_dir).iterdir()) == []


async def test_list_filters_searches_and_pages(services):
    for i in range(5):
        await new_interview(services, candidate_name=f'Person {i}', candidate_id=f'id-{i}')
    items, total = await services.interviews.list(limit=2)
    assert total == 5 and [i.candidate_name for i in items] == ['Person 4', 'Person 3']
    items, total = await services.interviews.list(search='person 2')
    assert total == 1 and items[0].candidate_name == 'Person 2'
    items, total = await services.interviews.list(status=Status.STARTED)
    assert total == 0 and items == []


async def test_an_older_database_gains_the_new_columns_in_place(settings):
    """A database made by an older version (here: a table missing a column) is upgraded at start-up, rows kept."""
    import sqlalchemy as sa

    from aisobes.db import Database

    db = Database(settings.db_url)
    db.create_tables()
    with db.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO interviews (unique_link, candidate_name, candidate_id, position, "
                                   "status, recommended_duration, knowledge_base, description, language, created_at) "
                                   "VALUES ('old-link', 'Old', 'o-1', 'Dev', 'not_started', 30, '', '', 'ru', "
                                   "'2026-01-01 10:00:00')"))
        connection.execute(sa.text('ALTER TABLE interviews DROP COLUMN report'))
    db.dispose()
    upgraded = build_services(settings)
    try:
        upgraded.tasks.bind()
        old = await upgraded.interviews.get_by_link('old-link')
        assert old.candidate_name == 'Old' and old.report is None
        assert 'report' in {c['name'] for c in sa.inspect(upgraded.db.engine).get_columns('interviews')}
    finally:
        await upgraded.stop()
