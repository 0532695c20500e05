"""The candidate's "I'd prefer a human interviewer": recorded on the interview (`human_requested_at`, the first
request counts), in the audit log (actor `candidate`), and shown to the recruiter (list and interview page, told at
once through the room hub's list signal). GDPR art. 22 and 152-FZ art. 16: no decision solely by a machine, and the
candidate may ask for a person."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col

from .audit import CANDIDATE, Actor, AuditAction, AuditService, interview_target
from .db import Database
from .interviews import InterviewService
from .models import Interview, utcnow
from .rooms import RoomHub

log = logging.getLogger(__name__)


class HumanRequests:
    def __init__(self, db: Database, rooms: RoomHub, interviews: InterviewService, audit: AuditService, *,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.rooms = rooms
        self.interviews = interviews
        self.audit = audit
        self.clock = clock

    async def request(self, interview_id: int, ip: str | None = None) -> Interview:
        """Idempotent: a second request (a reload, a second tab) keeps the first time and adds no audit entry."""
        await self.interviews.get(interview_id)  # NotFound first
        if await self.db.run(self._mark, interview_id, self.clock()):
            await self.audit.record(AuditAction.HUMAN_REQUESTED, Actor(CANDIDATE, ip), interview_target(interview_id))
            log.info('interview %s: the candidate asked for a human interviewer', interview_id)
            self.rooms.list_changed()
        return await self.interviews.get(interview_id)

    def _mark(self, interview_id: int, when: datetime) -> bool:
        with self.db.session() as session:
            result = session.exec(sa.update(Interview).where(col(Interview.id) == interview_id,
                                                             col(Interview.human_requested_at).is_(None))
                                  .values(human_requested_at=when))
            session.commit()
            return result.rowcount == 1
