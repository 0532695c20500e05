"""The room bus over PostgreSQL LISTEN/NOTIFY (psycopg's AsyncConnection, autocommit), for several instances on one
database.

- One channel, `aisobes_room`. A notification is an envelope `{"s": sender instance, "i": interview id or null,
  "e": the event (aisobes.event_codec)}` as ASCII JSON. PostgreSQL takes at most 8,000 bytes per payload: a longer
  envelope is cut into frames `#<sender>:<chunk id>:<seq>:<total>:<piece>`, reassembled on receipt.
- Publishing never blocks the caller: envelopes go to a queue that one publisher task sends, one NOTIFY each, on its
  own connection. Notifications of one session are delivered in the order they were sent, so the order of events
  (per interview and overall) is kept.
- Receiving: a second connection LISTENs; what this instance sent itself is skipped (delivered locally already).
  The connections are named `aisobes-listen-<instance>` and `aisobes-notify-<instance>` (pg_stat_activity).
- Losing the database: both sides reconnect with backoff; once listening again the hub gets `Resync()` so that every
  subscriber reloads the stored state (a message is stored before it is published: nothing persisted is lost).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections import OrderedDict
from typing import Any

import psycopg

from . import event_codec
from .config import BusKind
from .db import psycopg_conninfo
from .rooms import BusEvent, Receiver, Resync

log = logging.getLogger(__name__)

CHANNEL = 'aisobes_room'
MAX_PAYLOAD = 7_900  # bytes; PostgreSQL's limit is 8,000
CHUNK_CHARS = 7_800  # of the envelope's text per frame (the frame's header takes the rest)
QUEUE_SIZE = 10_000
BACKOFF = (0.2, 0.5, 1.0, 2.0, 5.0)  # seconds between reconnect attempts
LIVENESS = 5.0  # seconds without a notification after which the listening connection is checked
MAX_PARTIAL = 256  # chunked envelopes being reassembled at once


def frames(envelope: str, chunk_id: str, sender: str, chunk: int = CHUNK_CHARS, limit: int = MAX_PAYLOAD) -> list[str]:
    """The payloads that carry `envelope` (ASCII JSON): itself, or its pieces."""
    if len(envelope) <= limit:
        return [envelope]
    pieces = [envelope[i:i + chunk] for i in range(0, len(envelope), chunk)]
    return [f'#{sender}:{chunk_id}:{n}:{len(pieces)}:{piece}' for n, piece in enumerate(pieces)]


class Reassembler:
    """Frames in, whole envelopes (dicts) out; keeps at most `MAX_PARTIAL` unfinished ones (oldest dropped)."""

    def __init__(self) -> None:
        self._partial: OrderedDict[tuple[str, str], list[str | None]] = OrderedDict()

    def feed(self, payload: str) -> dict[str, Any] | None:
        if not payload.startswith('#'):
            return json.loads(payload)
        sender, chunk_id, seq, total, piece = payload[1:].split(':', 4)
        key = (sender, chunk_id)
        pieces = self._partial.get(key)
        if pieces is None:
            pieces = self._partial[key] = [None] * int(total)
            while len(self._partial) > MAX_PARTIAL:
                self._partial.popitem(last=False)
        pieces[int(seq)] = piece
        if any(piece is None for piece in pieces):
            return None
        del self._partial[key]
        return json.loads(''.join(pieces))  # type: ignore[arg-type]


class PgBus:
    kind = BusKind.POSTGRES

    def __init__(self, db_url: str, instance_id: str) -> None:
        self.conninfo = psycopg_conninfo(db_url)
        self.instance_id = instance_id
        self.reconnects = 0  # of the listening side, since start
        self.received = 0
        self.sent = 0
        self.dropped = 0
        self._receiver: Receiver | None = None
        self._queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)
        self._listener: psycopg.AsyncConnection | None = None
        self._tasks: list[asyncio.Task] = []
        self._reassembler = Reassembler()
        self._own_frame = f'#{instance_id}:'

    async def start(self, receiver: Receiver) -> None:
        """Listening when this returns (a bad database URL fails here, at start-up)."""
        self._receiver = receiver
        self._listener = await self._listen()
        self._tasks = [asyncio.create_task(self._listen_loop(), name='pgbus-listen'),
                       asyncio.create_task(self._publish_loop(), name='pgbus-publish')]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self._listener is not None:
            await self._listener.close()
            self._listener = None

    def publish(self, interview_id: int | None, event: BusEvent) -> None:
        envelope = json.dumps({'s': self.instance_id, 'i': interview_id, 'e': event_codec.encode(event)},
                              ensure_ascii=True, separators=(',', ':'))
        for payload in frames(envelope, uuid.uuid4().hex[:10], self.instance_id):
            try:
                self._queue.put_nowait(payload)
            except asyncio.QueueFull:
                self.dropped += 1
                log.warning('room bus: the outgoing queue is full; %s of interview %s dropped',
                            type(event).__name__, interview_id)
                return

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    # --- receiving -----------------------------------------------------------------------------------------

    async def _listen(self) -> psycopg.AsyncConnection:
        connection = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True,
                                                           application_name=f'aisobes-listen-{self.instance_id}')
        await connection.execute(f'LISTEN {CHANNEL}')
        return connection

    async def _listen_loop(self) -> None:
        while True:
            try:
                assert self._listener is not None
                async for notify in self._listener.notifies(timeout=LIVENESS):
                    self._on_payload(notify.payload)
                await self._listener.execute('SELECT 1')  # quiet for a while: is the connection still there?
                continue
            except psycopg.Error as e:
                log.warning('room bus: lost the listening connection (%s); reconnecting', e)
            await self._close_listener()
            self._listener = await self._reconnect(self._listen)
            self.reconnects += 1
            log.info('room bus: listening again; every room reloads its stored state')
            self._deliver(None, Resync())

    async def _close_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None

    def _on_payload(self, payload: str) -> None:
        if payload.startswith(self._own_frame):
            return  # a piece of this instance's own long event
        try:
            envelope = self._reassembler.feed(payload)
            if envelope is None or envelope.get('s') == self.instance_id:
                return
            event = event_codec.decode(envelope['e'])
        except (ValueError, KeyError, TypeError) as e:
            log.warning('room bus: an unreadable notification was skipped (%s)', e)
            return
        self.received += 1
        self._deliver(envelope.get('i'), event)

    def _deliver(self, interview_id: int | None, event: BusEvent) -> None:
        if self._receiver is None:
            return
        try:
            self._receiver(interview_id, event)
        except Exception:
            log.exception('room bus: delivering %s failed', type(event).__name__)

    # --- sending -------------------------------------------------------------------------------------------

    async def _publish_loop(self) -> None:
        connection: psycopg.AsyncConnection | None = None
        try:
            while True:
                payload = await self._queue.get()
                while True:
                    try:
                        if connection is None or connection.closed:
                            connection = await self._reconnect(self._connect)
                        await connection.execute('SELECT pg_notify(%s, %s)', (CHANNEL, payload))
                        self.sent += 1
                        break
                    except psycopg.Error as e:
                        log.warning('room bus: sending failed (%s); reconnecting', e)
                        with contextlib.suppress(Exception):
                            await connection.close()  # type: ignore[union-attr]
                        connection = None
        finally:
            if connection is not None:
                with contextlib.suppress(Exception):
                    await connection.close()

    async def _connect(self) -> psycopg.AsyncConnection:
        return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True,
                                                     application_name=f'aisobes-notify-{self.instance_id}')

    async def _reconnect(self, connect) -> psycopg.AsyncConnection:
        """`connect()` until it works, waiting longer after each failure (up to 5 s)."""
        attempt = 0
        while True:
            try:
                return await connect()
            except psycopg.Error as e:
                delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
                if attempt == 0 or attempt % 10 == 0:
                    log.warning('room bus: cannot reach the database (%s); retrying in %.1f s', e, delay)
                attempt += 1
                await asyncio.sleep(delay)
