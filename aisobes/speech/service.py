"""SpeechService: owns the transcriber, the VAD model and one SpeechSession per interview that has a microphone
connected. Built once by the composition root (aisobes.services.build_services)."""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from ..chat import ChatService
from ..config import Settings
from ..languages import normalize_language
from ..models import Interview, Role, Source
from ..morphology import preload
from ..rooms import RoomHub
from ..tasks import Tasks
from .segmenter import SegmenterConfig
from .session import SpeechSession
from .stats import LatencyStats
from .terms import TermCorrector, find_terms, prompt_for
from .transcriber import Transcriber, TranscriberState
from .vad import SileroModel

log = logging.getLogger(__name__)


class SpeechService:
    def __init__(self, settings: Settings, rooms: RoomHub, chat: ChatService, tasks: Tasks,
                 transcriber: Transcriber, *, config: SegmenterConfig | None = None) -> None:
        self.settings = settings
        self.rooms = rooms
        self.chat = chat
        self.tasks = tasks
        self.transcriber = transcriber
        self.config = config or SegmenterConfig()
        self.latency = LatencyStats()  # speech end -> final text in the chat, all interviews
        self.sessions: dict[int, SpeechSession] = {}
        self._vad: asyncio.Future | None = None
        self._dictionary: asyncio.Future | None = None
        self._unlisten = None

    async def start(self) -> None:
        self._unlisten = self.transcriber.on_state(self._transcriber_changed)
        self._vad_model()  # begin loading now; sockets may arrive before start-up is over
        # the Russian dictionary of the terms corrector: loaded off the loop, awaited by the first session
        self._dictionary = asyncio.ensure_future(asyncio.to_thread(preload))
        await self.transcriber.start()

    async def stop(self) -> None:
        for session in list(self.sessions.values()):
            await session.close()
        self.sessions.clear()
        if self._unlisten:
            self._unlisten()
        await self.transcriber.close()

    def _vad_model(self) -> asyncio.Future:
        """The VAD model (2 MB, onnxruntime): loaded once, off the event loop, shared by all sessions."""
        if self._vad is None:
            self._vad = asyncio.ensure_future(asyncio.to_thread(SileroModel))
        return self._vad

    async def session_for(self, interview: Interview) -> SpeechSession:
        vad = await asyncio.shield(self._vad_model())
        if self._dictionary is not None:
            await asyncio.shield(self._dictionary)
        session = self.sessions.get(interview.id)
        if session is None:
            interview_id = interview.id

            async def post_final(text: str, meta: dict[str, Any]) -> None:
                await self.chat.post(interview_id, text, Role.CANDIDATE, Source.SPEECH, meta=meta)

            language = speech_language(interview.language)
            terms = find_terms(interview)
            session = SpeechSession(
                interview_id, language, self.transcriber, vad, post_final=post_final,
                publish=lambda event: self.rooms.publish(interview_id, event), tasks=self.tasks,
                config=self.config, latency=self.latency, terms=TermCorrector(terms),
                prompt=prompt_for(terms, language) if self.settings.whisper_prompt else '')
            self.sessions[interview_id] = session
        return session

    async def release(self, session: SpeechSession) -> None:
        """A socket went away: once no socket is left, finish the last words and forget the session."""
        if session.attached:
            return
        await session.drain()
        if not session.attached and self.sessions.get(session.interview_id) is session:
            del self.sessions[session.interview_id]

    def metrics(self) -> dict[str, Any]:
        return {'transcriber': self.transcriber.metrics(), 'sessions': len(self.sessions),
                'speech_end_to_final_seconds': self.latency.summary()}

    def _transcriber_changed(self, state: TranscriberState, detail: str) -> None:
        """May be called from the model-loading thread: the sessions are refreshed on the loop."""
        self.tasks.call_soon(self._refresh_all)

    def _refresh_all(self) -> None:
        for session in list(self.sessions.values()):
            session.refresh_state()


def speech_language(language: str | None) -> str | None:
    """The interview's language for Whisper; 'auto' (or nothing stored) lets the model detect it."""
    return None if not language or language == 'auto' else normalize_language(language).value
