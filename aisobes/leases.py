"""Leases: which instance owns what (the AI interviewer of an interview), and critical sections across instances
(finishing an interview writes its transcript pair once).

- `LocalLeases` (one instance): a lease is a set entry, `exclusive` an asyncio lock.
- `PostgresLeases`: a lease is a session-level advisory lock, `pg_try_advisory_lock(namespace, key)`, held on one
  dedicated connection of this instance. If the instance dies its connection closes and PostgreSQL releases every
  lock it held, so another instance can claim them. `exclusive(namespace, key)` takes `pg_advisory_lock` on a
  connection of its own for the length of the block (and an asyncio lock first, so one instance opens one).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from enum import IntEnum
from typing import Protocol

import psycopg

from .config import Settings
from .db import psycopg_conninfo

log = logging.getLogger(__name__)


class LeaseSpace(IntEnum):
    """The first key of the two-key advisory locks (the second is the interview id); arbitrary, fixed numbers."""
    INTERVIEWER = 0x41495201  # the AI interviewer of an interview
    FINISH = 0x41495202  # an interview's finish and its transcript files (status flip, report, decision rewrite)
    REPORT = 0x41495203  # the model's report of a finished interview being written (one instance at a time)


class Leases(Protocol):
    kind: str

    async def start(self) -> None: ...

    async def try_acquire(self, space: LeaseSpace, key: int) -> bool:
        """Hold the lease from now on if nobody holds it; True when this instance holds it."""

    async def release(self, space: LeaseSpace, key: int) -> None: ...

    async def healthy(self) -> bool:
        """False when the leases held may be gone (their connection was lost); `held` is then empty."""

    @property
    def held(self) -> set[tuple[LeaseSpace, int]]: ...

    def exclusive(self, space: LeaseSpace, key: int) -> contextlib.AbstractAsyncContextManager[None]: ...

    async def stop(self) -> None: ...


class _Locks:
    """One asyncio lock per key, dropped when nobody holds or waits for it (a count, not `locked()`: right after a
    release the lock reads unlocked while a waiter is still queued, and a third caller must find the same lock)."""

    def __init__(self) -> None:
        self._locks: dict[tuple[LeaseSpace, int], tuple[asyncio.Lock, list[int]]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, space: LeaseSpace, key: int) -> AsyncIterator[None]:
        lock, users = self._locks.setdefault((space, key), (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._locks[(space, key)]


class LocalLeases:
    kind = 'local'

    def __init__(self) -> None:
        self._held: set[tuple[LeaseSpace, int]] = set()
        self._locks = _Locks()

    async def start(self) -> None:
        pass

    async def try_acquire(self, space: LeaseSpace, key: int) -> bool:
        self._held.add((space, key))
        return True

    async def release(self, space: LeaseSpace, key: int) -> None:
        self._held.discard((space, key))

    async def healthy(self) -> bool:
        return True

    @property
    def held(self) -> set[tuple[LeaseSpace, int]]:
        return set(self._held)

    def exclusive(self, space: LeaseSpace, key: int) -> contextlib.AbstractAsyncContextManager[None]:
        return self._locks.hold(space, key)

    async def stop(self) -> None:
        self._held.clear()


class PostgresLeases:
    kind = 'postgres'

    def __init__(self, db_url: str, instance_id: str = '') -> None:
        self.conninfo = psycopg_conninfo(db_url)
        self.application_name = f'aisobes-leases-{instance_id}'.rstrip('-')  # as pg_stat_activity shows it
        self._connection: psycopg.AsyncConnection | None = None
        self._held: set[tuple[LeaseSpace, int]] = set()
        self._locks = _Locks()

    async def start(self) -> None:
        await self._connect()

    async def _connect(self) -> psycopg.AsyncConnection:
        if self._connection is None or self._connection.closed:
            self._held.clear()  # a new session holds nothing
            self._connection = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True,
                                                                     application_name=self.application_name)
        return self._connection

    async def try_acquire(self, space: LeaseSpace, key: int) -> bool:
        if (space, key) in self._held:
            return True  # advisory locks count: taking one twice would need two unlocks
        connection = await self._connect()
        row = await (await connection.execute('SELECT pg_try_advisory_lock(%s, %s)', (int(space), key))).fetchone()
        if row and row[0]:
            self._held.add((space, key))
            return True
        return False

    async def release(self, space: LeaseSpace, key: int) -> None:
        if (space, key) not in self._held:
            return
        self._held.discard((space, key))
        if self._connection is not None and not self._connection.closed:
            with contextlib.suppress(psycopg.Error):
                await self._connection.execute('SELECT pg_advisory_unlock(%s, %s)', (int(space), key))

    async def healthy(self) -> bool:
        connection = self._connection
        if connection is None or connection.closed:
            self._held.clear()
            return False
        try:
            await connection.execute('SELECT 1')
            return True
        except psycopg.Error as e:
            log.warning('leases: the lease connection is lost (%s); every lease of this instance is gone', e)
            self._held.clear()
            with contextlib.suppress(Exception):
                await connection.close()
            return False

    @property
    def held(self) -> set[tuple[LeaseSpace, int]]:
        return set(self._held)

    @contextlib.asynccontextmanager
    async def exclusive(self, space: LeaseSpace, key: int) -> AsyncIterator[None]:
        async with self._locks.hold(space, key):
            async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as connection:
                await connection.execute('SELECT pg_advisory_lock(%s, %s)', (int(space), key))
                try:
                    yield
                finally:
                    with contextlib.suppress(psycopg.Error):
                        await connection.execute('SELECT pg_advisory_unlock(%s, %s)', (int(space), key))

    async def stop(self) -> None:
        self._held.clear()
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()
            self._connection = None


def create_leases(settings: Settings, instance_id: str = '') -> Leases:
    if settings.db_url.startswith('postgresql'):
        return PostgresLeases(settings.db_url, instance_id)
    return LocalLeases()
