"""The composition root of the domain: every service of one server, built once, in dependency order, each given its
collaborators when it is constructed. No NiceGUI here: tests build the very same services with `build_services`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .audit import AuditService
from .chat import ChatService
from .config import Settings
from .db import Database
from .decisions import DecisionService
from .human_requests import HumanRequests
from .interviewer.brain import Brain
from .interviewer.brains import make_brain, report_builder
from .interviewer.engine import InterviewerService
from .interviewer.report_text import render_report_text
from .interviews import InterviewService
from .models import utcnow
from .plans import PlanService
from .retention import RetentionService
from .rooms import RoomHub
from .speech.engines import create_transcriber
from .speech.service import SpeechService
from .tasks import Tasks
from .transcripts import TranscriptWriter
from .users import UserService
from .vacancies import VacancyService


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database
    tasks: Tasks
    rooms: RoomHub
    brain: Brain
    transcripts: TranscriptWriter
    interviews: InterviewService
    plans: PlanService
    decisions: DecisionService
    chat: ChatService
    speech: SpeechService
    interviewer: InterviewerService
    audit: AuditService
    retention: RetentionService
    human_requests: HumanRequests
    users: UserService
    vacancies: VacancyService

    async def start(self) -> None:
        """On the serving loop, once: bind the loop, load the speech model (in the background), resume interviews."""
        self.tasks.bind()
        await self.speech.start()  # start() does not wait for the model
        await self.interviewer.start()
        self.retention.start()

    async def stop(self) -> None:
        await self.interviewer.stop()
        await self.speech.stop()
        await self.tasks.close()
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
    rooms = RoomHub(tasks)
    transcripts = TranscriptWriter(settings.transcripts_dir, render_report=render_report_text)
    interviews = InterviewService(settings, db, rooms, transcripts, report_builder=report_builder(brain))
    plans = PlanService(settings, db, interviews)
    decisions = DecisionService(db, rooms, interviews, transcripts)
    chat = ChatService(db, rooms)
    speech = SpeechService(settings, rooms, chat, tasks, transcriber)
    interviewer = InterviewerService(settings, rooms, chat, interviews, brain, tasks, clock=clock, tick=timer_tick)
    audit = AuditService(db, keep_days=settings.audit_days, clock=clock)
    retention = RetentionService(settings, db, interviews, audit, tasks, clock=clock)
    human_requests = HumanRequests(db, rooms, interviews, audit, clock=clock)
    users = UserService(db)
    vacancies = VacancyService(db, rooms, interviews)
    return Services(settings=settings, db=db, tasks=tasks, rooms=rooms, brain=brain, transcripts=transcripts,
                    interviews=interviews, plans=plans, decisions=decisions, chat=chat, speech=speech,
                    interviewer=interviewer, audit=audit, retention=retention, human_requests=human_requests,
                    users=users, vacancies=vacancies)
