"""The services of one server, built once at startup. No NiceGUI here: tests build the same services directly."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .chat import ChatService
from .config import Settings
from .db import Database
from .interviews import InterviewService
from .rooms import RoomHub
from .transcripts import TranscriptWriter


@dataclass
class Services:
    settings: Settings
    db: Database
    rooms: RoomHub
    transcripts: TranscriptWriter
    interviews: InterviewService
    chat: ChatService
    speech: Any = None  # aisobes.speech.service.SpeechService, wired by the composition root (aisobes.app)
    interviewer: Any = None  # aisobes.interviewer.InterviewerService, wired by the composition root


def build_services(settings: Settings) -> Services:
    settings.prepare()
    db = Database(settings.db_url)
    db.create_tables()
    rooms = RoomHub()
    transcripts = TranscriptWriter(settings.transcripts_dir)
    interviews = InterviewService(settings, db, rooms, transcripts)
    chat = ChatService(db, rooms)
    return Services(settings=settings, db=db, rooms=rooms, transcripts=transcripts, interviews=interviews, chat=chat)
