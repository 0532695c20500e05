"""The model's report of a finished interview, written in the background so that finish never waits for a model.

Finish stores the deterministic report at once, marked `pending` when the brain writes its own report, and hands the
interview here. The brain's report runs under its own timeout (`AISOBES_LLM_REPORT_TIMEOUT`); a valid one replaces
the stored report and both transcript files (atomic rewrite, same names); an invalid one, an error or the timeout
leaves the deterministic report, now `final`. Either way the room is told (`ReportReady`). Only one writer wins: the
report is settled by a conditional UPDATE (`pending` -> `final`), so two instances, or a restart racing a late job,
cannot both rewrite the files, and the rewrite takes the interview's exclusive lease, as finish and the decision do;
the model is asked by one instance at a time (a REPORT lease). At start-up every report still pending (the process
stopped meanwhile) is finished.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from ..chat import load_history
from ..config import Settings
from ..db import Database
from ..leases import Leases, LeaseSpace
from ..models import Interview, ReportStatus, Status
from ..rooms import ReportReady, RoomHub
from ..tasks import Tasks
from ..transcripts import TranscriptWriter
from .brain import Brain
from .plan import Plan

log = logging.getLogger(__name__)


class ReportJobs:
    def __init__(self, settings: Settings, db: Database, rooms: RoomHub, transcripts: TranscriptWriter, tasks: Tasks,
                 brain: Brain, leases: Leases) -> None:
        self.settings = settings
        self.leases = leases
        self.db = db
        self.rooms = rooms
        self.transcripts = transcripts
        self.tasks = tasks
        self.brain = brain
        self._running: set[int] = set()

    @property
    def wanted(self) -> bool:
        """Whether the brain writes its own report (the openai brain); else the deterministic report is final."""
        return bool(getattr(self.brain, 'writes_report', False))

    def schedule(self, interview_id: int) -> None:
        if interview_id in self._running:
            return
        self._running.add(interview_id)
        self.tasks.spawn(self._run(interview_id), name=f'model-report-{interview_id}', group=('report', interview_id))

    async def start(self) -> None:
        """Finish the reports left pending by a previous run of the server."""
        for interview_id in await self.db.run(self._pending):
            log.info('interview %s: the model report was pending at start-up; writing it now', interview_id)
            self.schedule(interview_id)

    async def wait(self, interview_id: int) -> None:
        """Until the background report of `interview_id` is settled (tests, the benchmark)."""
        await asyncio.gather(*self.tasks.running(('report', interview_id)), return_exceptions=True)

    # --- the job -------------------------------------------------------------------------------------------

    async def _run(self, interview_id: int) -> None:
        try:
            if not await self.leases.try_acquire(LeaseSpace.REPORT, interview_id):
                return  # another instance is asking the model for this report
            try:
                await self._write(interview_id)
            finally:
                await self.leases.release(LeaseSpace.REPORT, interview_id)
        finally:
            self._running.discard(interview_id)

    async def _write(self, interview_id: int) -> None:
        interview = await self.db.run(self._get, interview_id)
        if interview is None or interview.report_status != ReportStatus.PENDING:
            return
        messages = await self.db.run(load_history, self.db, interview_id)
        report = await self._model_report(interview, messages)
        async with self.leases.exclusive(LeaseSpace.FINISH, interview_id):  # as finish, decisions and delete
            if not await self.db.run(self._settle, interview_id, report):
                return  # another instance (or an earlier job) settled it
            interview = await self.db.run(self._get, interview_id)  # the decision recorded meanwhile included
            if report is not None and interview is not None and interview.transcript_path:
                await asyncio.to_thread(self.transcripts.write, interview, messages, report)
        log.info('interview %s: report final (%s)', interview_id, 'the model\'s' if report else 'deterministic')
        self.rooms.publish(interview_id, ReportReady(by_model=report is not None))
        self.rooms.list_changed()

    async def _model_report(self, interview: Interview, messages: list) -> dict[str, Any] | None:
        try:
            # the brain bounds its own request; this bounds any brain, a second later
            async with asyncio.timeout(self.settings.llm_report_timeout + 1):
                return await self.brain.report(Plan.for_interview(interview), interview, messages)
        except TimeoutError:
            log.warning('interview %s: the model report took longer than %s s; the deterministic report stays',
                        interview.id, self.settings.llm_report_timeout)
        except Exception:
            log.exception('interview %s: the model report failed; the deterministic report stays', interview.id)
        return None

    # --- blocking parts, run on the database threads -------------------------------------------------------

    def _get(self, interview_id: int) -> Interview | None:
        with self.db.session() as session:
            return session.get(Interview, interview_id)

    def _pending(self) -> list[int]:
        with self.db.session() as session:
            return list(session.exec(select(Interview.id).where(Interview.status == Status.FINISHED,
                                                                Interview.report_status == ReportStatus.PENDING)))

    def _settle(self, interview_id: int, report: dict[str, Any] | None) -> bool:
        values: dict[str, Any] = {'report_status': ReportStatus.FINAL}
        if report is not None:
            values['report'] = report
        with self.db.session() as session:
            result = session.exec(sa.update(Interview).where(col(Interview.id) == interview_id,
                                                             col(Interview.report_status) == ReportStatus.PENDING)
                                  .values(**values))
            session.commit()
            return result.rowcount == 1
