"""Database tables: interviews and their chat messages.

Timestamps are stored as UTC and always come back timezone-aware, on SQLite (which keeps no offset) and on
PostgreSQL alike, so that the rest of the code never sees a naive datetime.
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import Enum, StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A DateTime column that accepts only aware datetimes and returns aware UTC datetimes."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError('naive datetime given to a UTC column')
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == 'sqlite' else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumText(sa.types.TypeDecorator):
    """Stores a str Enum as its plain value (portable across drivers) and returns the Enum member."""

    impl = sa.String(16)
    cache_ok = True

    def __init__(self, enum_cls: type[Enum]) -> None:
        super().__init__()
        self.enum_cls = enum_cls

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_cls(value).value

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> Any:
        return None if value is None else self.enum_cls(value)


class Status(StrEnum):
    NOT_STARTED = 'not_started'
    STARTED = 'started'
    FINISHED = 'finished'


class ReportStatus(StrEnum):
    FINAL = 'final'  # the report is the one the recruiter gets
    PENDING = 'pending'  # the deterministic report stands in while the model writes its own (report_jobs.py)


class Role(StrEnum):
    CANDIDATE = 'candidate'
    AI_HR = 'ai_hr'
    RECRUITER = 'recruiter'


class Source(StrEnum):
    TYPED = 'typed'
    SPEECH = 'speech'
    SYSTEM = 'system'


def new_link() -> str:
    return str(uuid.uuid4())


class Interview(SQLModel, table=True):
    __tablename__ = 'interviews'

    id: int | None = Field(default=None, primary_key=True)
    unique_link: str = Field(default_factory=new_link, max_length=36, sa_column_kwargs={'unique': True}, index=True)
    candidate_name: str = Field(max_length=200)
    candidate_id: str = Field(max_length=100, index=True)
    position: str = Field(max_length=200)
    status: Status = Field(default=Status.NOT_STARTED, sa_column=Column(EnumText(Status), nullable=False, index=True))
    recommended_duration: int  # minutes
    knowledge_base: str = Field(default='', sa_column=Column(sa.Text, nullable=False, default=''))
    description: str = Field(default='', sa_column=Column(sa.Text, nullable=False, default=''))
    language: str = Field(default='ru', max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    actual_duration: int | None = None  # seconds
    transcript_path: str | None = Field(default=None, max_length=1024)
    text_transcript_path: str | None = Field(default=None, max_length=1024)
    report: dict[str, Any] | None = Field(default=None, sa_column=Column(sa.JSON, nullable=True))
    # when the candidate asked for a human interviewer (aisobes.human_requests); None: not asked
    human_requested_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    report_status: ReportStatus | None = Field(default=None, max_length=16)
    # the recruiter's plan (schemas.CompetencyIn dicts); None: the plan comes from knowledge_base
    competencies: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(sa.JSON, nullable=True))
    # the recruiter's decision after the interview: {"decision", "note", "by", "at" (ISO 8601)}
    decision: dict[str, Any] | None = Field(default=None, sa_column=Column(sa.JSON, nullable=True))

    @property
    def deadline(self) -> datetime | None:
        """When the recommended time runs out; derived from the database, so reloads and restarts keep it."""
        if self.started_at is None:
            return None
        return self.started_at + timedelta(minutes=self.recommended_duration)


class ChatMessage(SQLModel, table=True):
    __tablename__ = 'chat_messages'

    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(sa_column=Column(sa.Integer, sa.ForeignKey('interviews.id', ondelete='CASCADE'),
                                               nullable=False, index=True))
    content: str = Field(sa_column=Column(sa.Text, nullable=False))
    role: Role = Field(sa_column=Column(EnumText(Role), nullable=False))
    timestamp: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))
    source: Source = Field(default=Source.TYPED, sa_column=Column(EnumText(Source), nullable=False))
    meta: dict[str, Any] | None = Field(default=None, sa_column=Column(sa.JSON, nullable=True))


class LimitHit(SQLModel, table=True):
    """One counted event of a rate limit (a chat message, a failed login), kept for the limit's window; in the
    database so that every instance of the server counts against the same budget."""
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))


class AdminSession(SQLModel, table=True):
    """A signed-in admin or user: the browser keeps only the random id; logout or expiry deletes the row."""
    id: str = Field(primary_key=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))
    # the user signed in (None: the shared admin password) and a mark of that user's password hash when it was:
    # a changed password, like a deleted or disabled user, ends the session at the next request
    username: str | None = Field(default=None, max_length=100)
    user_mark: str | None = Field(default=None, max_length=64)
