"""Engine and sessions. SQLite by default (WAL, foreign keys on); any SQLAlchemy URL works, PostgreSQL included.

Database calls are blocking, so async code never makes them on the event loop: `await db.run(fn, ...)` runs `fn` on
the database's own small thread pool. A slow database then delays only the callers waiting for it, not every socket
and page of the process (and not other blocking work such as audio decoding, which has its own threads).
"""
from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, create_engine

from . import models  # noqa: F401  (registers the tables)

T = TypeVar('T')
DB_THREADS = 8


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith('sqlite')
        kwargs: dict[str, Any] = {}
        if self.is_sqlite:
            kwargs['connect_args'] = {'check_same_thread': False, 'timeout': 30}
        else:
            kwargs.update(pool_pre_ping=True, pool_size=DB_THREADS, max_overflow=4)
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            sa.event.listen(self.engine, 'connect', _sqlite_pragmas)
        self._executor = ThreadPoolExecutor(DB_THREADS, thread_name_prefix='db')

    def create_tables(self) -> None:
        SQLModel.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`function(*args, **kwargs)` on the database threads; its result or its exception."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(function, *args, **kwargs))

    def dispose(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA foreign_keys=ON')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.close()
    # SQLite's own lower() folds ASCII only; searching Cyrillic names needs Unicode case folding.
    dbapi_connection.create_function('lower', 1, _unicode_lower, deterministic=True)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value
