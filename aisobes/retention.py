"""Retention: with `AISOBES_RETENTION_DAYS` set, finished interviews older than that are erased (the row, its chat
messages, its transcript files) once a day, each erasure recorded in the audit log; the same daily pass drops audit
entries older than `AISOBES_AUDIT_DAYS`. Off by default: nothing is erased unless the operator says so.

The clock is the composition root's, so a test moves time instead of waiting a day.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import col, select

from .audit import SYSTEM, AuditAction, AuditService, interview_target
from .config import Settings
from .db import Database
from .errors import NotFound
from .interviews import InterviewService
from .models import Interview, Status, utcnow
from .tasks import Tasks

log = logging.getLogger(__name__)

SWEEP_EVERY = 24 * 3600.0  # seconds between two passes
BATCH = 500  # interviews erased per query; a pass repeats until none is left


class RetentionService:
    def __init__(self, settings: Settings, db: Database, interviews: InterviewService, audit: AuditService,
                 tasks: Tasks, *, clock: Callable[[], datetime] = utcnow, every: float = SWEEP_EVERY) -> None:
        self.days = settings.retention_days
        self.db = db
        self.interviews = interviews
        self.audit = audit
        self.tasks = tasks
        self.clock = clock
        self.every = every

    def erase_at(self, interview: Interview) -> datetime | None:
        """When the daily pass erases this interview (None: never, or not finished yet)."""
        if self.days is None or interview.status != Status.FINISHED or interview.finished_at is None:
            return None
        return interview.finished_at + timedelta(days=self.days)

    def start(self) -> None:
        self.tasks.spawn(self._run(), name='retention')

    async def sweep(self) -> list[int]:
        """One pass: erase what is due, prune the audit log; returns the erased interview ids."""
        erased: list[int] = []
        if self.days is not None:
            cutoff = self.clock() - timedelta(days=self.days)
            while due := await self.db.run(self._due, cutoff):
                for interview_id in due:
                    try:
                        await self.interviews.delete(interview_id)
                    except NotFound:
                        continue  # deleted by hand meanwhile
                    await self.audit.record(AuditAction.RETENTION_DELETE, SYSTEM, interview_target(interview_id))
                    erased.append(interview_id)
            if erased:
                log.info('retention: erased %d interviews finished before %s', len(erased), cutoff.isoformat())
        pruned = await self.audit.prune()
        if pruned:
            log.info('retention: dropped %d audit entries older than %d days', pruned, self.audit.keep_days)
        return erased

    async def _run(self) -> None:
        while True:
            try:
                await self.sweep()
            except Exception:  # a database hiccup must not end the daily job
                log.exception('retention pass failed; next in %s s', self.every)
            await asyncio.sleep(self.every)

    def _due(self, cutoff: datetime) -> list[int]:
        with self.db.session() as session:
            return list(session.exec(select(Interview.id).where(Interview.status == Status.FINISHED,
                                                                col(Interview.finished_at) < cutoff)
                                     .order_by(col(Interview.id)).limit(BATCH)).all())
