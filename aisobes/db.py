"""Engine and sessions. SQLite by default (WAL, foreign keys on); any SQLAlchemy URL works, PostgreSQL included.

Database calls are blocking, so async code never makes them on the event loop: `await db.run(fn, ...)` runs `fn` on
the database's own small thread pool. A slow database then delays only the callers waiting for it, not every socket
and page of the process (and not other blocking work such as audio decoding, which has its own threads).
"""
from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, create_engine

from . import models  # noqa: F401  (registers the tables)

log = logging.getLogger(__name__)
T = TypeVar('T')
DB_THREADS = 8
SCHEMA_LOCK = 0x41495200  # advisory lock key: one instance at a time creates or upgrades the schema
# what a driver raises when the database is out of reach (down, restarting, network, pool exhausted): worth a retry
UNREACHABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


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
        """Create missing tables and add missing columns: the schema only ever grows (a new table, or a new column
        that is nullable or has a default), so a database made by an older version is brought up to date in place
        at start-up, on SQLite and PostgreSQL alike."""
        if self.is_sqlite:
            SQLModel.metadata.create_all(self.engine)
            upgrade_columns(self.engine, SQLModel.metadata)
            if self.engine.url.database not in (None, '', ':memory:'):
                for suffix in ('', '-wal', '-shm'):  # the database file and its journal: owner only
                    path = Path(self.engine.url.database + suffix)
                    if path.exists():
                        path.chmod(0o600)
            return
        # several instances starting at once on an empty database: one creates, the others wait and find it done
        with self.engine.connect() as lock:
            lock.execute(sa.text('SELECT pg_advisory_lock(:key)'), {'key': SCHEMA_LOCK})
            try:
                SQLModel.metadata.create_all(self.engine)
                upgrade_columns(self.engine, SQLModel.metadata)
            finally:
                lock.execute(sa.text('SELECT pg_advisory_unlock(:key)'), {'key': SCHEMA_LOCK})
                lock.commit()

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


def upgrade_columns(engine: sa.Engine, metadata: sa.MetaData) -> list[str]:
    """ALTER TABLE ... ADD COLUMN for every column of `metadata` an existing table lacks; returns what was added."""
    added = []
    inspector = sa.inspect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue
            present = {column['name'] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                if not column.nullable and column.server_default is None:
                    raise RuntimeError(f'column {table.name}.{column.name} must be nullable or have a server default '
                                       'to be added to an existing database')
                ddl = sa.schema.CreateColumn(column).compile(dialect=engine.dialect)
                connection.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN {ddl}'))
                added.append(f'{table.name}.{column.name}')
    if added:
        log.info('database upgraded: added %s', ', '.join(added))
    return added


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


def psycopg_conninfo(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL (postgresql+psycopg://...) as a libpq connection URI for psycopg's own
    connections (the room bus, the leases)."""
    parsed = sa.engine.make_url(url)
    if not parsed.drivername.startswith('postgresql'):
        raise ValueError(f'not a PostgreSQL URL: {parsed.drivername}')
    return parsed.set(drivername='postgresql').render_as_string(hide_password=False)
