"""Exactly one AI interviewer per interview, whatever the number of instances.

Each live interview (started, not finished) has a lease (aisobes.leases, `LeaseSpace.INTERVIEWER`); the instance
that holds it attaches its InterviewerService to the interview and is the only one that decides and posts turns and
fires milestones. A claim pass runs every `period` seconds and at once when an interview list changes anywhere (an
interview started on any instance): it claims the live interviews nobody holds (so when an owner dies, its
connection closes, PostgreSQL releases its locks and another instance takes over within one period), lets go of the
interviews that are over, and detaches everything if the lease connection itself was lost. The new owner resumes
from the stored chat (the director decides from it, so a turn already posted is not repeated).
"""
from __future__ import annotations

import asyncio
import logging

from ..interviews import InterviewService
from ..leases import Leases, LeaseSpace
from ..rooms import RoomHub
from ..tasks import Tasks
from .engine import InterviewerService

log = logging.getLogger(__name__)

CLAIM_PERIOD = 3.0  # seconds between claim passes; a dead owner's interviews are taken over within about that


class Ownership:
    def __init__(self, leases: Leases, interviews: InterviewService, interviewer: InterviewerService,
                 rooms: RoomHub, tasks: Tasks, *, period: float = CLAIM_PERIOD) -> None:
        self.leases = leases
        self.interviews = interviews
        self.interviewer = interviewer
        self.rooms = rooms
        self.tasks = tasks
        self.period = period
        self.owned: set[int] = set()
        self._wake = asyncio.Event()
        self._unwatch = None

    async def start(self) -> None:
        await self.leases.start()
        await self.interviewer.start()
        self._unwatch = self.rooms.watch_list(self._wake.set)
        await self.claim()
        self.tasks.spawn(self._loop(), name='interviewer-ownership')

    async def stop(self) -> None:
        if self._unwatch is not None:
            self._unwatch()
        for interview_id in list(self.owned):
            self.interviewer.detach(interview_id)
        self.owned.clear()
        await self.leases.stop()

    async def _loop(self) -> None:
        while True:
            try:  # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancel that meets a wake-up
                async with asyncio.timeout(self.period):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.claim()
            except Exception:
                log.exception('ownership: the claim pass failed; trying again in %.0f s', self.period)

    async def claim(self) -> None:
        """One pass: keep the leases healthy, claim the live interviews, let go of the ended ones."""
        if not await self.leases.healthy():
            lost = sorted(self.owned)
            for interview_id in lost:
                self.interviewer.detach(interview_id)
            self.owned.clear()
            if lost:
                log.warning('ownership: lease connection lost; detached from interviews %s', lost)
            await self.leases.start()
        live = {interview.id for interview in await self.interviews.list_started()}
        for interview_id in sorted(live - self.owned):
            if await self.leases.try_acquire(LeaseSpace.INTERVIEWER, interview_id):
                self.owned.add(interview_id)
                log.info('ownership: this instance runs the AI interviewer of interview %s', interview_id)
                self.interviewer.attach(interview_id)
        for interview_id in sorted(self.owned - live):
            self.owned.discard(interview_id)
            self.interviewer.detach(interview_id)
            await self.leases.release(LeaseSpace.INTERVIEWER, interview_id)
