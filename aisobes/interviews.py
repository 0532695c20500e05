"""The interview lifecycle, in one place: not_started -> started -> finished.

- start on a started interview is a no-op (same started_at); start on a finished one is a conflict;
- finish is idempotent and safe under concurrency: the status flips once (a conditional UPDATE, so two
  processes cannot both win), the report and the transcript pair are produced once (an exclusive lease per
  interview across all instances, aisobes.leases, and the stored paths across restarts); if writing the files
  fails, the interview stays finished with no paths and the next finish writes them.

Every method is async and does its database work on the database threads (`Database.run`), never on the loop.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import col, func, select

from .chat import load_history
from .config import Settings
from .db import Database
from .edges import id_in_range, text_problem
from .errors import Conflict, NotFound
from .leases import Leases, LeaseSpace
from .models import ChatMessage, Interview, ReportStatus, Status, utcnow
from .rooms import RoomDeleted, RoomHub, StatusChanged, TranscriptWritten
from .schemas import InterviewCreate, MessageOut
from .transcripts import TranscriptWriter

if TYPE_CHECKING:
    from .interviewer.report_jobs import ReportJobs

log = logging.getLogger(__name__)

ReportBuilder = Callable[[Interview, list[MessageOut]], Awaitable[dict[str, Any] | None]]


class InterviewService:
    def __init__(self, settings: Settings, db: Database, rooms: RoomHub, transcripts: TranscriptWriter,
                 leases: Leases, report_builder: ReportBuilder, report_jobs: ReportJobs | None = None) -> None:
        self.settings = settings
        self.db = db
        self.rooms = rooms
        self.transcripts = transcripts
        self.leases = leases
        self.report_builder = report_builder  # instant: the deterministic report (the model's comes from report_jobs)
        self.report_jobs = report_jobs

    # --- reading -------------------------------------------------------------------------------------------

    async def get(self, interview_id: int) -> Interview:
        return await self.db.run(self._get, interview_id)

    async def get_by_link(self, unique_link: str) -> Interview:
        return await self.db.run(self._get_by_link, unique_link)

    async def list(self, *, status: Status | None = None, search: str = '', limit: int = 50,
                   offset: int = 0) -> tuple[list[Interview], int]:
        return await self.db.run(self._list, status, search, limit, offset)

    async def list_started(self) -> list[Interview]:
        return await self.db.run(self._list_started)

    def full_link(self, interview: Interview) -> str:
        return f'{self.settings.base_url}/interview/{interview.unique_link}'

    # --- changing ------------------------------------------------------------------------------------------

    async def create(self, data: InterviewCreate) -> Interview:
        interview = await self.db.run(self._create, data)
        log.info('interview %s created for %r (%s)', interview.id, interview.candidate_name, interview.position)
        self.rooms.list_changed()
        return interview

    async def start(self, interview_id: int) -> Interview:
        await self.get(interview_id)
        changed = await self.db.run(self._transition, interview_id, Status.NOT_STARTED, status=Status.STARTED,
                                    started_at=utcnow())
        interview = await self.get(interview_id)
        if interview.status == Status.FINISHED:
            raise Conflict('Interview is already finished')
        if changed:
            log.info('interview %s started', interview_id)
            self._announce(interview)
        return interview

    async def finish(self, interview_id: int) -> Interview:
        await self.get(interview_id)  # not found (an id out of range included) before any lock is taken
        async with self.leases.exclusive(LeaseSpace.FINISH, interview_id):  # one finisher across all instances
            interview = await self.get(interview_id)
            if interview.status != Status.FINISHED:
                now = utcnow()
                duration = int((now - interview.started_at).total_seconds()) if interview.started_at else None
                if await self.db.run(self._transition, interview_id, Status.NOT_STARTED, Status.STARTED,
                                     status=Status.FINISHED, finished_at=now, actual_duration=duration):
                    log.info('interview %s finished after %s s', interview_id, duration)
                interview = await self.get(interview_id)
                self._announce(interview)
            if interview.transcript_path is None:
                interview = await self._complete(interview)
            return interview

    async def write_missing_transcripts(self) -> int:
        """At start-up: every finished interview without its files (the disk was full or read-only when it finished)
        gets them written now; returns how many were written."""
        written = 0
        for interview_id in await self.db.run(self._finished_without_files):
            try:
                await self.finish(interview_id)
                written += 1
            except OSError as e:
                log.warning('interview %s: transcript files still cannot be written: %s', interview_id, e)
        return written

    async def delete(self, interview_id: int) -> None:
        await self.get(interview_id)  # not found (an id out of range included) before any lock is taken
        # under the lease that finish, decisions and the model report write the files with: none can bring them back
        async with self.leases.exclusive(LeaseSpace.FINISH, interview_id):
            interview = await self.get(interview_id)
            await self.db.run(self._delete, interview_id)
            await asyncio.to_thread(self.transcripts.remove, interview)
        self.rooms.publish(interview_id, RoomDeleted())
        self.rooms.list_changed()
        log.info('interview %s deleted with its messages and transcript files', interview_id)

    # --- helpers -------------------------------------------------------------------------------------------

    async def _complete(self, interview: Interview) -> Interview:
        """Report (once) and transcript files (until they exist) of a finished interview."""
        messages = await self.db.run(load_history, self.db, interview.id)
        report = interview.report
        if report is None:
            try:
                report = await self.report_builder(interview, messages)
            except Exception:
                log.exception('interview %s: the report could not be built', interview.id)
                report = None
            if report is not None:
                pending = self.report_jobs is not None and self.report_jobs.wanted
                interview.report_status = ReportStatus.PENDING if pending else ReportStatus.FINAL
                await self.db.run(self._update, interview.id, report=report, report_status=interview.report_status)
                interview.report = report
        json_path, txt_path = await asyncio.to_thread(self.transcripts.write, interview, messages, report)
        await self.db.run(self._update, interview.id, transcript_path=str(json_path),
                          text_transcript_path=str(txt_path))
        log.info('interview %s: transcripts written to %s and %s', interview.id, json_path, txt_path)
        self.rooms.publish(interview.id, TranscriptWritten(str(json_path), str(txt_path)))
        if interview.report_status == ReportStatus.PENDING and self.report_jobs is not None:
            self.report_jobs.schedule(interview.id)  # the model's report, in the background
        return await self.get(interview.id)

    def _announce(self, interview: Interview) -> None:
        self.rooms.publish(interview.id, StatusChanged(interview.status, interview.started_at,
                                                       interview.finished_at, interview.actual_duration))
        self.rooms.list_changed()

    # --- blocking parts, run on the database threads -------------------------------------------------------

    def _get(self, interview_id: int) -> Interview:
        if not id_in_range(interview_id):  # no row can have it, and the driver would raise an overflow
            raise NotFound(f'Interview {interview_id} not found')
        with self.db.session() as session:
            interview = session.get(Interview, interview_id)
        if interview is None:
            raise NotFound(f'Interview {interview_id} not found')
        return interview

    def _get_by_link(self, unique_link: str) -> Interview:
        if len(unique_link) > 200 or text_problem(unique_link, single_line=True):  # never a link we made
            raise NotFound('Interview link not found')
        with self.db.session() as session:
            interview = session.exec(select(Interview).where(Interview.unique_link == unique_link)).first()
        if interview is None:
            raise NotFound('Interview link not found')
        return interview

    def _list(self, status: Status | None, search: str, limit: int, offset: int) -> tuple[list[Interview], int]:
        query = select(Interview)
        if status is not None:
            query = query.where(Interview.status == status)
        if search.strip():
            escaped = search.strip().lower().replace('\\', '\\\\').replace('%', '\\%').replace('_', '\\_')
            pattern = f'%{escaped}%'
            query = query.where(sa.or_(*(func.lower(column).like(pattern, escape='\\') for column in
                                         (Interview.candidate_name, Interview.position, Interview.candidate_id))))
        with self.db.session() as session:
            total = session.exec(select(func.count()).select_from(query.subquery())).one()
            items = session.exec(query.order_by(col(Interview.created_at).desc(), col(Interview.id).desc())
                                 .offset(offset).limit(limit)).all()
        return list(items), total

    def _finished_without_files(self) -> list[int]:
        with self.db.session() as session:
            return list(session.exec(select(Interview.id).where(Interview.status == Status.FINISHED,
                                                                col(Interview.transcript_path).is_(None))).all())

    def _list_started(self) -> list[Interview]:
        with self.db.session() as session:
            return list(session.exec(select(Interview).where(Interview.status == Status.STARTED)).all())

    def _create(self, data: InterviewCreate) -> Interview:
        interview = Interview(**data.model_dump(exclude={'language'}),
                              language=data.language or self.settings.language)
        with self.db.session() as session:
            session.add(interview)
            session.commit()
            session.refresh(interview)
        return interview

    def _delete(self, interview_id: int) -> None:
        with self.db.session() as session:
            session.exec(sa.delete(ChatMessage).where(ChatMessage.interview_id == interview_id))
            session.exec(sa.delete(Interview).where(Interview.id == interview_id))
            session.commit()

    def _transition(self, interview_id: int, *from_status: Status, **values: Any) -> bool:
        """Conditional update: only one caller, in any process, moves the interview out of `from_status`."""
        with self.db.session() as session:
            result = session.exec(sa.update(Interview)
                                  .where(col(Interview.id) == interview_id, col(Interview.status).in_(from_status))
                                  .values(**values))
            session.commit()
            return result.rowcount == 1

    def _update(self, interview_id: int, **values: Any) -> None:
        with self.db.session() as session:
            session.exec(sa.update(Interview).where(col(Interview.id) == interview_id).values(**values))
            session.commit()
