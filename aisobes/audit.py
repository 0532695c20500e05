"""The audit log: who did what to which interview (or user), when and from where.

Recruitment is a high-risk use of AI (EU AI Act): every recruiter action is kept, with its actor, for at least
`AISOBES_AUDIT_DAYS`. The table has no foreign key to the interviews on purpose: deleting an interview (by hand or by
retention) keeps its entries, which record that deletion too.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel, col, func, select

from .db import Database
from .models import EnumText, UTCDateTime, utcnow

log = logging.getLogger(__name__)


class AuditAction(StrEnum):
    LOGIN = 'login'
    LOGIN_FAILED = 'login_failed'
    CREATE = 'create'
    PLAN_EDIT = 'plan_edit'
    START = 'start'
    FINISH = 'finish'
    DELETE = 'delete'
    DECISION = 'decision'
    DETAILS = 'details'
    DOWNLOAD_JSON = 'download_json'
    DOWNLOAD_TXT = 'download_txt'
    DOWNLOAD_PDF = 'download_pdf'
    HUMAN_REQUESTED = 'human_requested'
    USER_CREATE = 'user_create'
    USER_UPDATE = 'user_update'
    USER_DELETE = 'user_delete'
    USER_TOKEN = 'user_token'
    RETENTION_DELETE = 'retention_delete'
    VACANCY_CREATE = 'vacancy_create'
    VACANCY_DELETE = 'vacancy_delete'


class AuditEntry(SQLModel, table=True):
    __tablename__ = 'audit_log'

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))
    actor: str = Field(max_length=100, index=True)
    action: AuditAction = Field(sa_column=Column(EnumText(AuditAction), nullable=False, index=True))
    target: str = Field(default='', max_length=200)
    ip: str | None = Field(default=None, max_length=64)


@dataclass(frozen=True)
class Actor:
    """Who acts: a user's name, `admin` (the shared admin password), `api` (the service token), `candidate` or
    `system` (the retention job); and the address the request came from."""
    name: str
    ip: str | None = None


SYSTEM = Actor('system')
CANDIDATE = 'candidate'  # the actor of what the candidate does by their link


def interview_target(interview_id: int | None) -> str:
    return f'interview:{interview_id}'


class AuditService:
    def __init__(self, db: Database, *, keep_days: int, clock=utcnow) -> None:
        self.db = db
        self.keep_days = keep_days
        self.clock = clock

    async def record(self, action: AuditAction, actor: Actor, target: str = '') -> AuditEntry:
        entry = AuditEntry(at=self.clock(), actor=actor.name[:100], action=action, target=target[:200],
                           ip=(actor.ip or None) and actor.ip[:64])
        entry = await self.db.run(self._add, entry)
        log.info('audit: %s %s %s (%s)', entry.actor, entry.action, entry.target, entry.ip)
        return entry

    async def query(self, *, actor: str | None = None, action: AuditAction | None = None, target: str | None = None,
                    limit: int = 100, offset: int = 0) -> tuple[list[AuditEntry], int]:
        """Newest first; `total` counts every entry that matches."""
        return await self.db.run(self._query, actor, action, target, limit, offset)

    async def prune(self) -> int:
        """Drop entries older than the kept period (never younger ones); returns how many."""
        return await self.db.run(self._prune, self.clock() - timedelta(days=self.keep_days))

    # --- blocking parts, run on the database threads -------------------------------------------------------

    def _add(self, entry: AuditEntry) -> AuditEntry:
        with self.db.session() as session:
            session.add(entry)
            session.commit()
            session.refresh(entry)
        return entry

    def _query(self, actor: str | None, action: AuditAction | None, target: str | None, limit: int,
               offset: int) -> tuple[list[AuditEntry], int]:
        query = select(AuditEntry)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        if target:
            query = query.where(AuditEntry.target == target)
        with self.db.session() as session:
            total = session.exec(select(func.count()).select_from(query.subquery())).one()
            items = session.exec(query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
                                 .offset(offset).limit(limit)).all()
        return list(items), total

    def _prune(self, before: datetime) -> int:
        with self.db.session() as session:
            result = session.exec(sa.delete(AuditEntry).where(col(AuditEntry.at) < before))
            session.commit()
            return result.rowcount or 0
