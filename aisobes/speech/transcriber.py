"""The one small interface every speech-to-text backend implements, and the factory that picks one.

`AISOBES_WHISPER` = local (faster-whisper in this process) | remote (relay to a Whisper WebSocket server) | off.
"""
from __future__ import annotations

import logging
import statistics
from abc import ABC, abstractmethod
from collections import deque
from typing import Any, Callable, Optional

import numpy as np

log = logging.getLogger(__name__)

STARTING, READY, RECONNECTING, UNAVAILABLE, OFF = 'starting', 'ready', 'reconnecting', 'unavailable', 'off'


class TranscriberUnavailable(Exception):
    """The backend cannot transcribe now (still loading, failed, server down, switched off)."""


StateListener = Callable[[str, str], None]


class Transcript(str):
    """The text, plus how long it took: seconds of compute and seconds waiting in the queue."""
    compute_seconds: float = 0.0
    queue_seconds: float = 0.0
    language: Optional[str] = None  # the language the text is in, when known (detected or given)

    @classmethod
    def of(cls, text: str, compute_seconds: float = 0.0, queue_seconds: float = 0.0,
           language: Optional[str] = None) -> 'Transcript':
        transcript = cls(text)
        transcript.compute_seconds, transcript.queue_seconds = compute_seconds, queue_seconds
        transcript.language = language
        return transcript


class Transcriber(ABC):
    kind = ''

    def __init__(self) -> None:
        self.state = STARTING
        self.detail = ''
        self._listeners: list[StateListener] = []
        self.compute = LatencyStats()  # seconds of transcription per job
        self.waits = LatencyStats()  # seconds a job waited in the queue

    @property
    def ready(self) -> bool:
        return self.state == READY

    def on_state(self, listener: StateListener) -> Callable[[], None]:
        """`listener(state, detail)` is called on every change, possibly from a worker thread."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _set_state(self, state: str, detail: str = '') -> None:
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        log.info('%s transcriber: %s %s', self.kind, state, detail)
        for listener in list(self._listeners):
            try:
                listener(state, detail)
            except Exception:
                log.exception('transcriber state listener failed')

    @abstractmethod
    async def start(self) -> None:
        """Begin getting ready (load the model, connect) in the background; returns at once."""

    @abstractmethod
    async def transcribe(self, audio: np.ndarray, language: Optional[str], *, interview_id: Any,
                         final: bool) -> str:
        """Text of one utterance (float32 mono 16 kHz). `language` None means detect it.
        Raises TranscriberUnavailable, or queue.Overloaded when the work was dropped under load."""

    @abstractmethod
    async def close(self) -> None:
        ...

    def queue_depth(self) -> int:
        return 0

    def has_spare_capacity(self) -> bool:
        """Nothing waits and a worker is free: the moment for optional work such as a preview."""
        return self.ready

    def metrics(self) -> dict[str, Any]:
        return {'kind': self.kind, 'state': self.state, 'detail': self.detail,
                'compute_seconds': self.compute.summary(), 'queue_wait_seconds': self.waits.summary()}


class OffTranscriber(Transcriber):
    kind = 'off'

    def __init__(self) -> None:
        super().__init__()
        self.state = OFF

    async def start(self) -> None:
        pass

    async def transcribe(self, audio: np.ndarray, language: Optional[str], *, interview_id: Any,
                         final: bool) -> str:
        raise TranscriberUnavailable('speech recognition is switched off')

    async def close(self) -> None:
        pass


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank `q` quantile (0..1) of `values`; one definition for /api/v1/metrics and the benchmark."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class LatencyStats:
    """The last few hundred values of one duration, summarised as count / p50 / p95 / max."""

    def __init__(self, keep: int = 500) -> None:
        self.values: deque[float] = deque(maxlen=keep)
        self.count = 0

    def add(self, value: float) -> None:
        self.values.append(value)
        self.count += 1

    def summary(self) -> dict[str, Optional[float]]:
        values = list(self.values)
        if not values:
            return {'count': 0, 'p50': None, 'p95': None, 'max': None}
        return {'count': self.count, 'p50': round(statistics.median(values), 3),
                'p95': round(percentile(values, 0.95), 3), 'max': round(max(values), 3)}


def create_transcriber(settings: Any) -> Transcriber:
    """The transcriber `settings.whisper` asks for (built, not started)."""
    mode = getattr(settings, 'whisper', 'local')
    if mode == 'local':
        from .local import LocalTranscriber
        return LocalTranscriber.from_settings(settings)
    if mode == 'remote':
        from .remote import RemoteTranscriber
        return RemoteTranscriber.from_settings(settings)
    if mode == 'off':
        return OffTranscriber()
    raise ValueError(f'unknown AISOBES_WHISPER mode {mode!r} (local | remote | off)')
