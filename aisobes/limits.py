"""Rate limits and admin sessions kept in the database, so that they hold across sockets, pages and server instances.

A limit is a sliding window over rows of `LimitHit` with the same key: `take` counts an event if fewer than `max_hits`
were counted in the last `window` seconds (one short transaction on the database threads, pruning the key's old rows
on the way); `blocked_for` / `record` / `reset` serve limits on failures, such as wrong passwords.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import col, func, select

from .db import Database
from .models import AdminSession, LimitHit, utcnow


@dataclass(frozen=True)
class Limit:
    max_hits: int
    window: float  # seconds


CHAT = Limit(max_hits=20, window=10.0)  # typed messages per interview and role
LOGIN_PER_CLIENT = Limit(max_hits=5, window=300.0)  # wrong passwords per client address
LOGIN_PER_ACCOUNT = Limit(max_hits=20, window=300.0)  # wrong passwords for one account name, from anywhere
SESSION_LIFETIME = timedelta(hours=12)


class Limits:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def take(self, key: str, limit: Limit) -> float:
        """0 when the event is allowed (and counted), else the seconds until one more would be."""
        return await self.db.run(self._take, key, limit, True)

    async def blocked_for(self, key: str, limit: Limit) -> float:
        return await self.db.run(self._take, key, limit, False)

    async def record(self, key: str) -> None:
        await self.db.run(self._record, key)

    async def reset(self, key: str) -> None:
        await self.db.run(self._reset, key)

    def _take(self, key: str, limit: Limit, count: bool) -> float:
        now = utcnow()
        since = now - timedelta(seconds=limit.window)
        with self.db.session() as session:
            # count-then-insert must be one at a time per key, across instances: on PostgreSQL a transaction lock on
            # the key; SQLite has one writer at a time, and the DELETE below takes the write lock first
            if not self.db.is_sqlite:
                session.execute(sa.text('SELECT pg_advisory_xact_lock(hashtext(:key))'), {'key': key})
            session.exec(sa.delete(LimitHit).where(col(LimitHit.key) == key, col(LimitHit.at) < since))
            hits, first = session.exec(select(func.count(), func.min(LimitHit.at)).where(LimitHit.key == key)).one()
            if hits >= limit.max_hits:
                session.commit()
                return max(0.001, (first - since).total_seconds())
            if count:
                session.add(LimitHit(key=key, at=now))
            session.commit()
        return 0.0

    def _record(self, key: str) -> None:
        with self.db.session() as session:
            session.add(LimitHit(key=key))
            session.commit()

    def _reset(self, key: str) -> None:
        with self.db.session() as session:
            session.exec(sa.delete(LimitHit).where(col(LimitHit.key) == key))
            session.commit()


class AdminSessions:
    """Server-side admin sessions: a random id in the browser's storage, the row here."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def open(self, username: str | None = None, user_mark: str | None = None) -> str:
        return await self.db.run(self._open, username, user_mark)

    async def get(self, session_id: object) -> AdminSession | None:
        """The live session with this id, or None (unknown, malformed or expired)."""
        if not isinstance(session_id, str) or not 20 <= len(session_id) <= 64:
            return None
        return await self.db.run(self._get, session_id)

    async def close(self, session_id: object) -> None:
        if isinstance(session_id, str):
            await self.db.run(self._close, session_id)

    def _open(self, username: str | None, user_mark: str | None) -> str:
        session_id = secrets.token_urlsafe(32)
        with self.db.session() as session:
            session.exec(sa.delete(AdminSession).where(col(AdminSession.expires_at) < utcnow()))
            session.add(AdminSession(id=session_id, expires_at=utcnow() + SESSION_LIFETIME, username=username,
                                     user_mark=user_mark))
            session.commit()
        return session_id

    def _get(self, session_id: str) -> AdminSession | None:
        with self.db.session() as session:
            row = session.get(AdminSession, session_id)
        return row if row is not None and row.expires_at > utcnow() else None

    def _close(self, session_id: str) -> None:
        with self.db.session() as session:
            session.exec(sa.delete(AdminSession).where(col(AdminSession.id) == session_id))
            session.commit()


