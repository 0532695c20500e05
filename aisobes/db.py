"""Engine and sessions. SQLite by default (WAL, foreign keys on); any SQLAlchemy URL works, PostgreSQL included."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, create_engine

from . import models  # noqa: F401  (registers the tables)


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith('sqlite')
        kwargs: dict = {}
        if self.is_sqlite:
            kwargs['connect_args'] = {'check_same_thread': False, 'timeout': 30}
        else:
            kwargs['pool_pre_ping'] = True
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            sa.event.listen(self.engine, 'connect', _sqlite_pragmas)

    def create_tables(self) -> None:
        SQLModel.metadata.create_all(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
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
