"""The room bus without servers: the event codec (every event type round-trips), chunking of long payloads, the
in-process bus between two hubs, and PostgreSQL LISTEN/NOTIFY between two PgBus objects (two instances) on the
test database, including a lost connection (terminated by the server) followed by Resync."""
from __future__ import annotations

import asyncio
import json
import typing
from datetime import UTC, datetime

import psycopg
import pytest

from aisobes import event_codec
from aisobes.bus import LocalBus
from aisobes.db import psycopg_conninfo
from aisobes.models import Role, Source, Status
from aisobes.pgbus import MAX_PAYLOAD, PgBus, Reassembler, frames
from aisobes.rooms import (
    AiStreaming,
    BusEvent,
    ListChanged,
    MessagePosted,
    Milestone,
    MilestoneName,
    ReportReady,
    Resync,
    RoomDeleted,
    RoomHub,
    SpeechPartial,
    SpeechState,
    SpeechStatus,
    StatusChanged,
    TranscriptWritten,
)
from aisobes.schemas import MessageOut
from aisobes.tasks import Tasks

NOW = datetime(2026, 12, 2, 10, 30, 15, 123000, tzinfo=UTC)


def message(text: str = 'Здравствуйте! Расскажите о себе.', id: int = 7) -> MessageOut:
    return MessageOut(id=id, content=text, role=Role.AI_HR, timestamp=NOW, interview_id=3, source=Source.SYSTEM,
                      meta={'phase': 'greeting'})


EXAMPLES: list[BusEvent] = [
    MessagePosted(message()),
    StatusChanged(Status.STARTED, NOW, None, None),
    StatusChanged(Status.FINISHED, NOW, NOW, 300),
    RoomDeleted(),
    TranscriptWritten('/t/a.json', '/t/a.txt'),
    ReportReady(by_model=True),
    SpeechPartial('я работал', 2),
    SpeechState(SpeechStatus.LISTENING, 'ok'),
    AiStreaming('Спасибо', done=False),
    Milestone(MilestoneName.WRAP_UP, NOW),
    Resync(4),
    Resync(),
    ListChanged(),
]


def test_every_event_type_has_an_example() -> None:
    assert {type(e) for e in EXAMPLES} == set(typing.get_args(BusEvent))


@pytest.mark.parametrize('event', EXAMPLES, ids=lambda e: type(e).__name__)
def test_codec_round_trip(event: BusEvent) -> None:
    text = event_codec.dumps(event)
    assert text.isascii()
    json.loads(text)  # plain JSON
    assert event_codec.loads(text) == event


def test_codec_refuses_unknown_types() -> None:
    with pytest.raises(event_codec.UnknownEvent):
        event_codec.decode({'type': 'Nope'})
    with pytest.raises(TypeError):
        event_codec.encode(object())  # type: ignore[arg-type]


def test_frames_and_reassembly() -> None:
    envelope = json.dumps({'s': 'a', 'i': 1, 'e': event_codec.encode(MessagePosted(message('я' * 4000)))},
                          ensure_ascii=True)
    assert len(envelope) > MAX_PAYLOAD
    parts = frames(envelope, 'c1', 'a')
    assert len(parts) >= 3 and all(len(p.encode()) <= MAX_PAYLOAD for p in parts)
    other = frames(json.dumps({'s': 'b', 'i': 2, 'e': {'type': 'RoomDeleted'}}), 'c2', 'b')
    assert other == [json.dumps({'s': 'b', 'i': 2, 'e': {'type': 'RoomDeleted'}})]
    reassembler = Reassembler()
    results = [reassembler.feed(p) for p in [parts[0], other[0], *parts[1:]]]
    assert results[1]['i'] == 2
    assert results[:-1].count(None) == len(parts) - 1
    assert results[-1] == json.loads(envelope)


async def test_local_bus_between_two_hubs() -> None:
    tasks = Tasks()
    tasks.bind()
    network = LocalBus()
    a, b = RoomHub(tasks, network.endpoint()), RoomHub(tasks, network.endpoint())
    await a.start()
    await b.start()
    seen_a, seen_b, lists = [], [], []
    a.room(1).subscribe(seen_a.append)
    b.room(1).subscribe(seen_b.append)
    b.watch_list(lambda: lists.append('b'))
    a.publish(1, SpeechPartial('раз'))
    b.publish(1, SpeechPartial('два'))
    a.publish(2, SpeechPartial('no room on b'))  # b has no room 2 and creates none
    a.list_changed()
    assert seen_a == [SpeechPartial('раз'), SpeechPartial('два')]
    assert seen_b == [SpeechPartial('раз'), SpeechPartial('два')]
    assert lists == ['b']
    assert 2 not in b._rooms
    await a.stop()
    await b.stop()


# --- PostgreSQL ---------------------------------------------------------------------------------------------------

async def _until(condition, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError('condition not met in time')


async def test_pgbus_between_two_instances(pg_url: str) -> None:
    a, b = PgBus(pg_url, 'a'), PgBus(pg_url, 'b')
    got_a: list = []
    got_b: list = []
    await a.start(lambda i, e: got_a.append((i, e)))
    await b.start(lambda i, e: got_b.append((i, e)))
    try:
        sent = [(1, SpeechPartial(f'часть {n}', n)) for n in range(50)]
        sent.insert(20, (1, MessagePosted(message('длинный ответ ' * 400))))  # about 37 kB of JSON: chunked
        sent.append((None, ListChanged()))
        for interview_id, event in sent:
            a.publish(interview_id, event)
        b.publish(5, RoomDeleted())
        await _until(lambda: len(got_b) == len(sent) and len(got_a) == 1)
        assert got_b == sent  # every event, in order, the long one whole
        assert got_a == [(5, RoomDeleted())]  # a gets b's only, never its own
    finally:
        await a.stop()
        await b.stop()


async def test_pgbus_reconnects_and_resyncs(pg_url: str) -> None:
    a, b = PgBus(pg_url, 'a'), PgBus(pg_url, 'b')
    got: list = []
    await a.start(lambda i, e: None)
    await b.start(lambda i, e: got.append((i, e)))
    try:
        a.publish(1, SpeechPartial('before'))
        await _until(lambda: len(got) == 1)
        async with await psycopg.AsyncConnection.connect(psycopg_conninfo(pg_url), autocommit=True) as admin:
            await admin.execute('SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                                "WHERE query LIKE 'LISTEN%%' AND pid <> pg_backend_pid()")
        await _until(lambda: (None, Resync()) in got)
        assert b.reconnects == 1
        a.publish(1, SpeechPartial('after'))
        await _until(lambda: got[-1] == (1, SpeechPartial('after')))
    finally:
        await a.stop()
        await b.stop()
