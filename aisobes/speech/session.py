"""One interview's speech: PCM frames in, live partial text and final chat messages out.

Runs on the event loop: the VAD costs about 0.15 ms per 32 ms chunk, and the transcription itself is awaited
from the transcriber's workers. There is one session per interview even when several sockets (tabs) are open:
the most recently attached socket is the microphone that counts, so two tabs never mix their audio. Audio is kept
in memory only for the utterance in progress and never stored.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

import numpy as np

from ..rooms import RoomEvent, SpeechPartial, SpeechState, SpeechStatus
from ..tasks import Tasks
from .audio import SAMPLE_RATE, pcm16_to_float
from .queue import Overloaded
from .segmenter import Cancel, Commit, Discard, Partial, Segmenter, SegmenterConfig, SegmentEvent, Speculate, Started
from .stats import LatencyStats
from .terms import TermCorrector, strip_prompt_echo
from .transcriber import Transcriber, TranscriberState, TranscriberUnavailable, Transcript
from .vad import SileroModel, StreamingVad

log = logging.getLogger(__name__)

PostFinal = Callable[[str, dict], Awaitable[Any]]  # (text, meta) -> posts the candidate's chat message
Publish = Callable[[RoomEvent], None]  # a room event -> the interview's live room

TRANSCRIBER_TO_ROOM = {TranscriberState.STARTING: SpeechStatus.STARTING,
                       TranscriberState.RECONNECTING: SpeechStatus.RECONNECTING,
                       TranscriberState.UNAVAILABLE: SpeechStatus.UNAVAILABLE, TranscriberState.OFF: SpeechStatus.OFF}
TRANSCRIPTION_ERRORS = (Overloaded, TranscriberUnavailable)  # expected under load or while the engine is away


class SpeechSession:
    def __init__(self, interview_id: int, language: str | None, transcriber: Transcriber, vad: SileroModel,
                 post_final: PostFinal, publish: Publish, tasks: Tasks, *, config: SegmenterConfig | None = None,
                 latency: LatencyStats | None = None, terms: TermCorrector | None = None,
                 prompt: str = '') -> None:
        self.interview_id = interview_id
        self.terms = terms or TermCorrector([])  # puts the interview's terms back into the text, any engine
        self.prompt = prompt  # Whisper's initial prompt: the interview's terms (engines without prompts ignore it)
        self.tasks = tasks
        self.language = language  # None: let Whisper detect it
        self.transcriber = transcriber
        self.post_final = post_final
        self.publish = publish
        self.latency = latency or LatencyStats()
        self._vad = StreamingVad(vad)
        self._segmenter = Segmenter(config)
        self._sources: list[Hashable] = []  # attached sockets, the last one is the live microphone
        self._muted: set[Hashable] = set()
        self._speculation: dict[int, asyncio.Task] = {}
        self._partial: asyncio.Task | None = None
        self._last_post: asyncio.Task | None = None  # finals are posted in the order they were spoken
        self._pending_finals = 0
        self._state: tuple[SpeechStatus, str] | None = None
        self.utterances_posted = 0
        self._detected: str | None = None

    # --- sockets -----------------------------------------------------------------------------------------------

    def attach(self, source: Hashable) -> None:
        if self._sources and self._sources[-1] != source:
            self._end_utterance()  # the previous microphone's words are finished, not mixed with the new one
        self._sources.append(source)
        self.refresh_state()

    def detach(self, source: Hashable, *, abandon: bool = False) -> None:
        """A socket went away; its utterance in progress is finished, or thrown away when `abandon`
        (a client closed for bad input must not put half-words into the chat)."""
        if source in self._sources:
            if self._sources[-1] == source:
                self._reset() if abandon else self._end_utterance()
            self._sources.remove(source)
        self._muted.discard(source)

    @property
    def attached(self) -> int:
        return len(self._sources)

    def set_muted(self, source: Hashable, muted: bool) -> None:
        if muted:
            self._muted.add(source)
            if self._is_live(source):
                self._end_utterance()
        else:
            self._muted.discard(source)
        self.refresh_state()

    def feed(self, source: Hashable, frame: bytes) -> None:
        """One binary frame of PCM16 LE mono 16 kHz (already checked by the socket's FrameGuard)."""
        if not self._is_live(source) or source in self._muted or self.transcriber.state == TranscriberState.OFF:
            return
        received_at = time.monotonic()
        for chunk, probability in self._vad.feed(pcm16_to_float(frame)):
            for event in self._segmenter.push(chunk, probability):
                self._handle(event, received_at)

    async def drain(self) -> None:
        """Wait until every final already cut has been posted."""
        while self._last_post is not None and not self._last_post.done():
            await asyncio.shield(self._last_post)

    async def close(self) -> None:
        self._end_utterance()
        await self.drain()
        for task in [*self._speculation.values(), self._partial]:
            if task is not None:
                task.cancel()

    # --- state shown in the room ---------------------------------------------------------------------------------

    @property
    def state(self) -> tuple[SpeechStatus, str]:
        """(state, detail) as last published to the room."""
        if self._state is None:
            self.refresh_state()
        return self._state

    def refresh_state(self) -> None:
        if self.transcriber.state != TranscriberState.READY:
            state = TRANSCRIBER_TO_ROOM.get(self.transcriber.state, SpeechStatus.UNAVAILABLE)
            detail = self.transcriber.detail
        elif self._segmenter.speaking or self._pending_finals:
            state, detail = SpeechStatus.RECOGNISING, ''
        else:
            muted = bool(self._sources) and self._sources[-1] in self._muted
            state, detail = SpeechStatus.LISTENING, 'muted' if muted else ''
        if (state, detail) != self._state:
            self._state = (state, detail)
            self.publish(SpeechState(state, detail))

    # --- segmenter events --------------------------------------------------------------------------------------

    def _is_live(self, source: Hashable) -> bool:
        return bool(self._sources) and self._sources[-1] == source

    def _end_utterance(self) -> None:
        for event in self._segmenter.flush():
            self._handle(event, time.monotonic())
        self._vad.reset()

    def _reset(self) -> None:
        for task in self._speculation.values():
            task.cancel()
        self._speculation.clear()
        utterance = self._segmenter.utterance
        self._segmenter = Segmenter(self._segmenter.config)
        self._segmenter.utterance = utterance  # numbers stay unique within the interview
        self._vad.reset()
        self.refresh_state()

    def _handle(self, event: SegmentEvent, received_at: float) -> None:
        if isinstance(event, Started):
            self.refresh_state()
        elif isinstance(event, Partial):
            # never more than one preview in flight, and only on an idle worker: under load finals come first
            # and previews thin out instead of delaying them
            if (self._partial is None or self._partial.done()) and self.transcriber.has_spare_capacity():
                self._partial = self._spawn(self._preview(event), 'preview', event.utterance)
        elif isinstance(event, Speculate):
            self._speculation[event.utterance] = self._spawn(self._transcribe(event.audio, final=True), 'speculate',
                                                              event.utterance)
        elif isinstance(event, Cancel):
            task = self._speculation.pop(event.utterance, None)
            if task is not None:
                task.cancel()
        elif isinstance(event, Commit):
            task = self._speculation.pop(event.utterance, None) if event.speculated else None
            if task is None:
                task = self._spawn(self._transcribe(event.audio, final=True), 'final', event.utterance)
            # wall-clock moment the speech ended, assuming audio arrives in real time
            speech_end = received_at - (self._segmenter.now - event.speech_end)
            self._pending_finals += 1
            self._last_post = self._spawn(self._post(event, task, speech_end, self._last_post), 'post', event.utterance)
            self.refresh_state()
        elif isinstance(event, Discard):
            self.publish(SpeechPartial('', event.utterance))
            self.refresh_state()

    def _spawn(self, coroutine: Any, what: str, utterance: int) -> asyncio.Task:
        return self.tasks.spawn(coroutine, name=f'speech-{self.interview_id}-{what}-{utterance}',
                                group=('speech', self.interview_id), expected=TRANSCRIPTION_ERRORS)

    async def _transcribe(self, audio: np.ndarray, *, final: bool) -> Transcript:
        # previews of an 'auto' interview use the language its last final was detected in
        language = self.language if final else self.language or self._detected
        transcript = await self.transcriber.transcribe(audio, language, interview_id=self.interview_id, final=final,
                                                       prompt=self.prompt)
        if final and transcript.text and transcript.language:  # silence has no language worth keeping
            self._detected = transcript.language
        return transcript

    async def _preview(self, event: Partial) -> None:
        try:
            text = self._clean((await self._transcribe(event.audio, final=False)).text)
        except (*TRANSCRIPTION_ERRORS, asyncio.CancelledError):
            return
        except Exception:
            log.exception('interview %s: partial transcription failed', self.interview_id)
            return
        if text and self._segmenter.speaking and self._segmenter.utterance == event.utterance:
            self.publish(SpeechPartial(text, event.utterance))

    def _clean(self, text: str) -> str:
        """The prompt echoed on noise is dropped; the interview's terms get their own spelling."""
        return self.terms.correct(strip_prompt_echo(text.strip(), self.prompt))

    async def _post(self, event: Commit, task: asyncio.Task, speech_end: float,
                    previous: asyncio.Task | None) -> None:
        try:
            try:
                transcript: Transcript = await task
            except Exception as e:
                log.warning('interview %s: utterance %d lost: %s: %s', self.interview_id, event.utterance,
                            type(e).__name__, e)
                transcript = Transcript('')
            if previous is not None:
                await asyncio.wait([previous])
            self.publish(SpeechPartial('', event.utterance))
            heard = transcript.text.strip()
            text = self._clean(heard)
            if not text:
                return
            latency = max(0.0, time.monotonic() - speech_end)
            meta = {'utterance': event.utterance, 'audio_seconds': round(len(event.audio) / SAMPLE_RATE, 2),
                    'latency_seconds': round(latency, 3), 'compute_seconds': round(transcript.compute_seconds, 3),
                    'queue_seconds': round(transcript.queue_seconds, 3),
                    'speculative': event.speculated,
                    'language': transcript.language or self.language or 'auto', 'transcriber': self.transcriber.kind}
            if transcript.confidence is not None:
                meta['confidence'] = transcript.confidence.as_meta()
            if text != heard:
                meta['heard'] = heard  # what the recogniser wrote before the terms were put back
            try:
                await self.post_final(text, meta)
            except Exception as e:  # the interview finished meanwhile, or the text was refused
                log.warning('interview %s: speech not posted: %s: %s', self.interview_id, type(e).__name__, e)
                return
            self.utterances_posted += 1
            self.latency.add(latency)
            log.info('interview %s: utterance %d posted, %.1f s of audio, speech end -> chat %.2f s '
                     '(compute %.2f s, waited %.2f s, queue depth %d)', self.interview_id, event.utterance,
                     meta['audio_seconds'], latency, meta['compute_seconds'], meta['queue_seconds'],
                     self.transcriber.queue_depth())
        finally:
            self._pending_finals -= 1
            self.refresh_state()

