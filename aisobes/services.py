"""The composition root of the domain: every service of one server, built once, in dependency order, each given its
collaborators when it is constructed. No NiceGUI here: tests build the very same services with `build_services`."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .chat import ChatService
from .config import Settings
from .db import Database
from .decisions import DecisionService
from .interviewer.brain import Brain
from .interviewer.brains import instant_report_builder, make_brain
from .interviewer.engine import InterviewerService
from .interviewer.report_jobs import ReportJobs
from .interviewer.report_text import render_report_text
from .interviews import InterviewService
from .models import utcnow
from .plans import PlanService
from .rooms import RoomHub
from .speech.engines import create_transcriber
from .speech.service import SpeechService
from .tasks import Tasks
from .transcripts import TranscriptWriter


@dataclass(frozen=True)
class Services:
    settings: Settings
    db: Database
    tasks: Tasks
    rooms: RoomHub
    brain: Brain
    transcripts: TranscriptWriter
    report_jobs: ReportJobs
    interviews: InterviewService
    plans: PlanService
    decisions: DecisionService
    chat: ChatService
    speech: SpeechService
    interviewer: InterviewerService

    async def start(self) -> None:
        """On the serving loop, once: bind the loop, load the speech model (in the background), resume interviews."""
        self.tasks.bind()
        await self.speech.start()  # start() does not wait for the model
        await self.interviewer.start()
        await self.report_jobs.start()

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
    report_jobs = ReportJobs(settings, db, rooms, transcripts, tasks, brain)
    interviews = InterviewService(settings, db, rooms, transcripts, report_builder=instant_report_builder(brain),
                                  report_jobs=report_jobs)
    plans = PlanService(settings, db, interviews)
    decisions = DecisionService(db, rooms, interviews, transcripts)
    chat = ChatService(db, rooms)
    speech = SpeechService(settings, rooms, chat, tasks, transcriber)
    interviewer = InterviewerService(settings, rooms, chat, interviews, brain, tasks, clock=clock, tick=timer_tick)
    return Services(settings=settings, db=db, tasks=tasks, rooms=rooms, brain=brain, transcripts=transcripts,
                    report_jobs=report_jobs, interviews=interviews, plans=plans, decisions=decisions, chat=chat,
                    speech=speech, interviewer=interviewer)
