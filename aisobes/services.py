"""The composition root of the domain: every service of one server, built once, in dependency order, each given its
collaborators when it is constructed. No NiceGUI here: tests build the very same services with `build_services`."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from . import morphology
from .audit import AuditService
from .bus import Bus, create_bus
from .chat import ChatService
from .config import Settings
from .db import Database
from .decisions import DecisionService
from .human_requests import HumanRequests
from .interviewer.brain import Brain
from .interviewer.brains import instant_report_builder, make_brain
from .interviewer.engine import InterviewerService
from .interviewer.ownership import Ownership
from .interviewer.report_jobs import ReportJobs
from .interviewer.report_text import render_report_text
from .interviews import InterviewService
from .leases import Leases, create_leases
from .limits import AdminSessions, Limits
from .models import utcnow
from .plans import PlanService
from .retention import RetentionService
from .rooms import RoomHub, new_instance_id
from .speech.engines import create_transcriber
from .speech.service import SpeechService
from .tasks import Tasks
from .transcripts import TranscriptWriter
from .users import UserService
from .vacancies import VacancyService


@dataclass(frozen=True)
class Services:
    settings: Settings
    instance_id: str
    db: Database
    tasks: Tasks
    bus: Bus
    rooms: RoomHub
    leases: Leases
    limits: Limits
    admin_sessions: AdminSessions
    brain: Brain
    transcripts: TranscriptWriter
    report_jobs: ReportJobs
    interviews: InterviewService
    plans: PlanService
    decisions: DecisionService
    chat: ChatService
    speech: SpeechService
    interviewer: InterviewerService
    ownership: Ownership
    audit: AuditService
    retention: RetentionService
    human_requests: HumanRequests
    users: UserService
    vacancies: VacancyService

    async def start(self) -> None:
        """On the serving loop, once: bind the loop, join the bus, load the speech model (in the background), run
        the AI interviewer of the interviews this instance holds the lease of."""
        self.tasks.bind()
        await self.rooms.start()
        await self.speech.start()  # start() does not wait for the model
        # the Russian dictionary (answer understanding, speech terms): off the loop, before the first turn needs it
        self.tasks.spawn(asyncio.to_thread(morphology.preload), name='russian-dictionary')
        await self.ownership.start()
        self.retention.start()
        self.tasks.spawn(self.interviews.write_missing_transcripts(), name='write-missing-transcripts')
        await self.report_jobs.start()

    async def stop(self) -> None:
        await self.ownership.stop()
        await self.interviewer.stop()
        await self.speech.stop()
        await self.tasks.close()
        await self.rooms.stop()
        await self.brain.aclose()
        self.db.dispose()


def build_services(settings: Settings, *, clock: Callable[[], datetime] = utcnow, timer_tick: float = 1.0) -> Services:
    """Everything, from the settings. `clock` and `timer_tick` (how often the interview timer looks at the clock)
    let tests and simulations move time; a server uses the defaults."""
    brain = make_brain(settings)  # first: an unknown AISOBES_LLM is refused before anything is opened
    transcriber = create_transcriber(settings)
    settings.prepare()
    db = Database(settings.db_url)
    db.create_tables()
    tasks = Tasks()
    instance_id = new_instance_id()
    bus = create_bus(settings, instance_id)
    rooms = RoomHub(tasks, bus, instance_id)
    leases = create_leases(settings, instance_id)
    transcripts = TranscriptWriter(settings.transcripts_dir, render_report=render_report_text)
    report_jobs = ReportJobs(settings, db, rooms, transcripts, tasks, brain, leases)
    interviews = InterviewService(settings, db, rooms, transcripts, leases,
                                  report_builder=instant_report_builder(brain), report_jobs=report_jobs)
    plans = PlanService(settings, db, interviews)
    decisions = DecisionService(db, rooms, interviews, transcripts, leases)
    limits = Limits(db)
    chat = ChatService(db, rooms, limits)
    speech = SpeechService(settings, rooms, chat, tasks, transcriber)
    interviewer = InterviewerService(settings, rooms, chat, interviews, brain, tasks, clock=clock, tick=timer_tick,
                                     leases=leases)
    ownership = Ownership(leases, interviews, interviewer, rooms, tasks)
    audit = AuditService(db, keep_days=settings.audit_days, clock=clock)
    retention = RetentionService(settings, db, interviews, audit, tasks, clock=clock)
    human_requests = HumanRequests(db, rooms, interviews, audit, clock=clock)
    users = UserService(db)
    vacancies = VacancyService(db, rooms, interviews)
    return Services(settings=settings, instance_id=instance_id, db=db, tasks=tasks, bus=bus, rooms=rooms,
                    leases=leases, limits=limits, admin_sessions=AdminSessions(db), brain=brain,
                    transcripts=transcripts, report_jobs=report_jobs, interviews=interviews, plans=plans,
                    decisions=decisions, chat=chat, speech=speech, interviewer=interviewer, ownership=ownership,
                    audit=audit, retention=retention, human_requests=human_requests, users=users,
                    vacancies=vacancies)
