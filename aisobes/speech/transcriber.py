"""The contract every speech-to-text engine implements, with the job handling they all share.

An engine is a `Transcriber` subclass plus one entry in `engines.ENGINES` (keyed by `AISOBES_WHISPER`). The base
class owns the fair queue and the future each caller awaits: `transcribe` admits a job (finals before previews,
fair across interviews), and the engine's workers take jobs with `_take_job` and settle them with `Job.on_done`,
from any thread. A subclass provides `start`, `close` and its workers.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

import numpy as np

from .queue import FairQueue, Job
from .stats import LatencyStats

log = logging.getLogger(__name__)


class TranscriberState(StrEnum):
    STARTING = 'starting'  # loading the model / connecting
    READY = 'ready'
    RECONNECTING = 'reconnecting'  # the remote server went away; trying again
    UNAVAILABLE = 'unavailable'  # failed to load, or the server has been away for a while
    OFF = 'off'  # switched off by AISOBES_WHISPER=off


class TranscriberUnavailable(Exception):
    """The engine cannot transcribe now (still loading, failed, server down, switched off)."""


@dataclass(frozen=True)
class Confidence:
    """How sure the recogniser was of a text (Whisper's own measures, where the engine reports them)."""
    avg_logprob: float | None = None  # mean log-probability of the tokens: about -0.2 sure, below -1 doubtful
    no_speech_prob: float | None = None  # the model's belief that the audio held no speech
    compression_ratio: float | None = None  # text length / its zlib size: above ~2.4 the text loops

    @property
    def low(self) -> bool:
        """Doubtful enough to mark in the chat and mention in the report (thresholds after Whisper's own)."""
        return ((self.avg_logprob is not None and self.avg_logprob < LOW_LOGPROB)
                or (self.no_speech_prob is not None and self.no_speech_prob > 0.5)
                or (self.compression_ratio is not None and self.compression_ratio > 2.4))

    def as_meta(self) -> dict[str, float | bool | None]:
        return {'avg_logprob': self.avg_logprob, 'no_speech_prob': self.no_speech_prob,
                'compression_ratio': self.compression_ratio, 'low': self.low}


LOW_LOGPROB = -0.8  # Whisper falls back to a higher temperature below -1.0; a little earlier is already doubtful


@dataclass(frozen=True)
class Transcript:
    """The text of one utterance and what is known about it."""
    text: str
    language: str | None = None  # the language the text is in, when known (detected or given)
    compute_seconds: float = 0.0
    queue_seconds: float = 0.0
    confidence: Confidence | None = None


StateListener = Callable[[TranscriberState, str], None]


class Transcriber(ABC):
    kind: ClassVar[str] = ''

    def __init__(self, queue_size: int = 16) -> None:
        self.state = TranscriberState.STARTING
        self.detail = ''
        self.queue = FairQueue(queue_size)
        self._lock = threading.Condition()  # guards the queue: workers may be threads
        self._busy = 0
        self._listeners: list[StateListener] = []
        self.compute = LatencyStats()  # seconds of transcription per job
        self.waits = LatencyStats()  # seconds a job waited in the queue

    @property
    def ready(self) -> bool:
        return self.state == TranscriberState.READY

    def on_state(self, listener: StateListener) -> Callable[[], None]:
        """`listener(state, detail)` is called on every change, possibly from a worker thread."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # --- what an engine provides -------------------------------------------------------------------------------

    @abstractmethod
    async def start(self) -> None:
        """Begin getting ready (load the model, connect) in the background; returns at once."""

    @abstractmethod
    async def close(self) -> None:
        """Stop the workers; queued jobs fail with TranscriberUnavailable."""

    def workers_available(self) -> int:
        """How many jobs could run at once right now."""
        return 1 if self.ready else 0

    def _wake(self) -> None:  # noqa: B027 -- a hook with nothing to do by default, not an abstract method
        """A job was queued (called with the lock held); threads waiting on the condition are notified already."""

    # --- the shared job handling ---------------------------------------------------------------------------------

    async def transcribe(self, audio: np.ndarray, language: str | None, *, interview_id: Hashable,
                         final: bool, prompt: str = '') -> Transcript:
        """One utterance (float32 mono 16 kHz). `language` None means detect it; `prompt` biases the spelling
        (engines that cannot take one ignore it). A preview (`final=False`) may be
        dropped for more important work. Raises TranscriberUnavailable, or queue.Overloaded when dropped."""
        if not self.ready:
            raise TranscriberUnavailable(self.detail or str(self.state))
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Transcript] = loop.create_future()

        def on_done(result: Transcript | None, error: BaseException | None) -> None:
            try:
                loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # that loop is gone (its owner stopped): nobody waits for this result
                pass

        job = Job(interview_id, final, audio, language, on_done, prompt=prompt)
        with self._lock:
            dropped = self.queue.push(job)  # raises Overloaded when not admitted
            self._lock.notify()
            self._wake()
        for old in dropped:
            old.drop('dropped for more important work')
        try:
            return await future
        except asyncio.CancelledError:
            job.cancelled = True  # a worker that already holds it throws the result away
            with self._lock:
                self.queue.remove(job)
            raise

    def _take_job(self) -> Job | None:
        """The next job that is still wanted, or None; counts it as busy until `_job_done`."""
        with self._lock:
            while True:
                job = self.queue.pop()
                if job is None:
                    return None
                if not job.cancelled:
                    self._busy += 1
                    return job

    def _job_done(self) -> None:
        with self._lock:
            self._busy -= 1

    def _fail_queued(self, reason: str) -> None:
        with self._lock:
            jobs = self.queue.drain()
        for job in jobs:
            job.on_done(None, TranscriberUnavailable(reason))

    def _set_state(self, state: TranscriberState, detail: str = '') -> None:
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        log.info('%s transcriber: %s %s', self.kind, state, detail)
        for listener in list(self._listeners):
            try:
                listener(state, detail)
            except Exception:
                log.exception('transcriber state listener failed')

    # --- figures -----------------------------------------------------------------------------------------------

    def queue_depth(self) -> int:
        with self._lock:
            return len(self.queue)

    def has_spare_capacity(self) -> bool:
        """Nothing waits and a worker is free: the moment for optional work such as a preview."""
        with self._lock:
            return self.ready and len(self.queue) == 0 and self._busy < self.workers_available()

    def metrics(self) -> dict[str, Any]:
        with self._lock:
            depth, finals, busy = len(self.queue), self.queue.finals, self._busy
        return {'kind': self.kind, 'state': self.state, 'detail': self.detail,
                'compute_seconds': self.compute.summary(), 'queue_wait_seconds': self.waits.summary(),
                'queue': {'depth': depth, 'finals': finals, 'busy_workers': busy, 'capacity': self.queue.capacity,
                          'dropped_partials': self.queue.dropped_partials,
                          'dropped_finals': self.queue.dropped_finals}}


class OffTranscriber(Transcriber):
    """AISOBES_WHISPER=off: no speech recognition; typing still works."""
    kind = 'off'

    def __init__(self) -> None:
        super().__init__()
        self.state = TranscriberState.OFF
        self.detail = 'speech recognition is switched off'

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    def workers_available(self) -> int:
        return 0


def _settle(future: asyncio.Future, result: Transcript | None, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result if isinstance(result, Transcript) else Transcript(''))
