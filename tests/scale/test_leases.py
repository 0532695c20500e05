"""Leases on PostgreSQL: two PostgresLeases objects are two instances contending for the same advisory locks."""
from __future__ import annotations

import asyncio

import psycopg

from aisobes.db import psycopg_conninfo
from aisobes.leases import LeaseSpace, LocalLeases, PostgresLeases


async def test_one_holder_and_takeover_when_the_holder_is_gone(pg_url: str) -> None:
    a, b = PostgresLeases(pg_url), PostgresLeases(pg_url)
    await a.start()
    await b.start()
    try:
        assert await a.try_acquire(LeaseSpace.INTERVIEWER, 1)
        assert await a.try_acquire(LeaseSpace.INTERVIEWER, 1)  # held already: still True, counted once
        assert not await b.try_acquire(LeaseSpace.INTERVIEWER, 1)
        assert await b.try_acquire(LeaseSpace.INTERVIEWER, 2)
        assert await b.try_acquire(LeaseSpace.FINISH, 1)  # another space, another lock
        await a.release(LeaseSpace.INTERVIEWER, 1)
        assert await b.try_acquire(LeaseSpace.INTERVIEWER, 1)
        assert b.held == {(LeaseSpace.INTERVIEWER, 1), (LeaseSpace.INTERVIEWER, 2), (LeaseSpace.FINISH, 1)}
        # b's connection dies (as when its process is killed): its locks go with it, a takes them
        async with await psycopg.AsyncConnection.connect(psycopg_conninfo(pg_url), autocommit=True) as admin:
            await admin.execute('SELECT pg_terminate_backend(pid) FROM pg_locks '
                                "WHERE locktype = 'advisory' AND pid <> pg_backend_pid()")
        assert not await b.healthy()
        assert b.held == set()
        assert await a.try_acquire(LeaseSpace.INTERVIEWER, 2)
        await b.start()
        assert not await b.try_acquire(LeaseSpace.INTERVIEWER, 2)
        assert await b.healthy()
    finally:
        await a.stop()
        await b.stop()


async def test_exclusive_serialises_across_instances(pg_url: str) -> None:
    a, b = PostgresLeases(pg_url), PostgresLeases(pg_url)
    inside: list[str] = []
    overlaps: list[int] = []

    async def critical(leases: PostgresLeases, name: str) -> None:
        async with leases.exclusive(LeaseSpace.FINISH, 9):
            inside.append(name)
            overlaps.append(len(inside))
            await asyncio.sleep(0.05)
            inside.remove(name)

    await asyncio.gather(*(critical(leases, f'{n}') for n in range(3) for leases in (a, b)))
    assert overlaps == [1] * 6


async def test_local_leases() -> None:
    leases = LocalLeases()
    assert await leases.try_acquire(LeaseSpace.INTERVIEWER, 1)
    assert await leases.healthy() and leases.held == {(LeaseSpace.INTERVIEWER, 1)}
    await leases.release(LeaseSpace.INTERVIEWER, 1)
    assert leases.held == set()
    order: list[int] = []

    async def critical(n: int) -> None:
        async with leases.exclusive(LeaseSpace.FINISH, 1):
            order.append(n)
            await asyncio.sleep(0.01)
            order.append(n)

    await asyncio.gather(critical(1), critical(2))
    assert order in ([1, 1, 2, 2], [2, 2, 1, 1])


async def test_local_exclusive_holds_for_a_caller_arriving_after_a_release() -> None:
    # right after a release the lock reads unlocked while the next waiter is still queued: a caller arriving then
    # must wait for that waiter, not take a fresh lock of its own
    leases = LocalLeases()
    inside: list[int] = []
    most = 0

    async def critical(delay: float) -> None:
        nonlocal most
        await asyncio.sleep(delay)
        async with leases.exclusive(LeaseSpace.FINISH, 1):
            inside.append(1)
            most = max(most, len(inside))
            await asyncio.sleep(0.05)
            inside.pop()

    await asyncio.gather(critical(0), critical(0.01), critical(0.07))  # the third comes while the second holds
    assert most == 1
