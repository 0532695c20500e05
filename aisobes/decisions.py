"""The recruiter's decision on a finished interview: advance, hold or reject, with a note; who and when are stored.
The transcript pair is rewritten (atomically, same file names) so the files carry the decision too."""
from __future__ import annotations

import asyncio
import logging

import sqlalchemy as sa
from sqlmodel import col

from .chat import load_history
from .db import Database
from .errors import Conflict
from .interviews import InterviewService
from .leases import Leases, LeaseSpace
from .models import Interview, Status, utcnow
from .rooms import RoomHub
from .schemas import DecisionIn
from .transcripts import TranscriptWriter

log = logging.getLogger(__name__)


class DecisionService:
    def __init__(self, db: Database, rooms: RoomHub, interviews: InterviewService,
                 transcripts: TranscriptWriter, leases: Leases) -> None:
        self.db = db
        self.rooms = rooms
        self.interviews = interviews
        self.transcripts = transcripts
        self.leases = leases

    async def record(self, interview_id: int, data: DecisionIn, by: str) -> Interview:
        interview = await self.interviews.get(interview_id)
        if interview.status != Status.FINISHED:
            raise Conflict(f'Interview {interview_id} is {interview.status}: a decision is recorded after the finish')
        value = {'decision': data.decision.value, 'note': data.note.strip(), 'by': by, 'at': utcnow().isoformat()}
        # one change of the files at a time per interview, across instances (and not during a finish): the files
        # follow the row
        async with self.leases.exclusive(LeaseSpace.FINISH, interview_id):
            await self.db.run(self._store, interview_id, value)
            interview = await self.interviews.get(interview_id)
            if interview.transcript_path:
                messages = await self.db.run(load_history, self.db, interview_id)
                await asyncio.to_thread(self.transcripts.write, interview, messages, interview.report)
        log.info('interview %s: decision %s by %s', interview_id, value['decision'], by)
        self.rooms.list_changed()
        return interview

    def _store(self, interview_id: int, value: dict) -> None:
        with self.db.session() as session:
            session.exec(sa.update(Interview).where(col(Interview.id) == interview_id).values(decision=value))
            session.commit()
