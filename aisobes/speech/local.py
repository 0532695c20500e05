"""faster-whisper inside this process: the model loads in a background thread, jobs run on a few worker threads
fed by the base class's fair queue, and results are handed back to the event loop. Nothing here runs on the loop."""
from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Any

import numpy as np

from ..config import Settings
from .audio import SAMPLE_RATE
from .transcriber import Transcriber, TranscriberState, Transcript

log = logging.getLogger(__name__)


class LocalTranscriber(Transcriber):
    kind = 'local'

    def __init__(self, model: str = 'base', *, threads: int = 0, workers: int = 1, queue_size: int = 16,
                 window: float = 15.0) -> None:
        super().__init__(queue_size)
        self.model_name = model
        self.threads = threads or default_threads(workers)
        self.workers = workers
        self.window = window
        self.engine: Any = None  # aisobes.speech.engine.WhisperEngine once loaded (imported late: it pulls CTranslate2)
        self.load_seconds: float | None = None
        self._threads: list[threading.Thread] = []
        self._closing = False

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalTranscriber:
        return cls(settings.whisper_model, threads=settings.whisper_threads, workers=settings.whisper_workers,
                   queue_size=settings.whisper_queue, window=settings.whisper_window)

    async def start(self) -> None:
        if self._threads:
            return
        self._set_state(TranscriberState.STARTING, f'loading model {self.model_name}')
        loader = threading.Thread(target=self._load, name='whisper-load', daemon=True)
        loader.start()
        self._threads.append(loader)

    async def close(self) -> None:
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self._fail_queued('shutting down')
        await asyncio.to_thread(lambda: [t.join(timeout=10) for t in self._threads])

    def workers_available(self) -> int:
        return self.workers if self.ready else 0

    def metrics(self) -> dict[str, Any]:
        return {**super().metrics(), 'model': self.model_name,
                'model_origin': getattr(self.engine, 'origin', None), 'load_seconds': self.load_seconds,
                'threads': self.threads, 'workers': self.workers}

    def _load(self) -> None:
        from .engine import WhisperEngine
        try:
            engine = WhisperEngine(self.model_name, cpu_threads=self.threads, workers=self.workers,
                                   window=self.window)
            engine.transcribe(np.zeros(SAMPLE_RATE // 2, dtype=np.float32), 'en')  # warm up the first call
        except Exception as e:  # a missing package, a wrong path, no network for a hub name
            log.exception('whisper model %r failed to load', self.model_name)
            self._set_state(TranscriberState.UNAVAILABLE, f'model {self.model_name!r} failed to load: {e}')
            return
        self.engine = engine
        self.load_seconds = round(engine.load_seconds, 3)
        log.info('whisper model %s loaded in %.2f s from %s (threads=%d, workers=%d, multilingual=%s)',
                 self.model_name, engine.load_seconds, engine.origin, self.threads, self.workers,
                 engine.multilingual)
        with self._lock:
            if self._closing:
                return
            for i in range(self.workers):
                worker = threading.Thread(target=self._work, name=f'whisper-{i}', daemon=True)
                worker.start()
                self._threads.append(worker)
        self._set_state(TranscriberState.READY, f'{self.model_name} on {self.threads} CPU threads')

    def _work(self) -> None:
        try:
            self._serve_jobs()
        except Exception:  # never expected; without this the worker would die silently and speech hang
            log.exception('whisper worker crashed')
            self._set_state(TranscriberState.UNAVAILABLE, 'transcription worker crashed')

    def _serve_jobs(self) -> None:
        while True:
            with self._lock:
                while not self._closing and len(self.queue) == 0:
                    self._lock.wait()
                if self._closing:
                    return
            job = self._take_job()
            if job is None:
                continue
            try:
                started = time.monotonic()
                waited = started - job.enqueued_at
                self.waits.add(waited)
                try:
                    result = self.engine.transcribe(job.audio, job.language, final=job.final, prompt=job.prompt)
                except Exception as e:
                    log.exception('transcription failed (interview %s)', job.interview_id)
                    job.on_done(None, e)
                    continue
                elapsed = time.monotonic() - started
                self.compute.add(elapsed)
                log.debug('transcribed %.1f s of audio in %.2f s (final: %s)',
                          len(job.audio) / SAMPLE_RATE, elapsed, job.final)
                job.on_done(Transcript(result.text or '', result.language, elapsed, waited, result.confidence), None)
            finally:
                self._job_done()


def default_threads(workers: int) -> int:
    """CPU threads per worker when AISOBES_WHISPER_THREADS is 0: all cores but one, shared by the workers.

    The spare core is for the event loop (VAD, sockets, pages). Measured on 2 cores with the benchmark: 2 threads
    gave p95 speech end -> final of 2.4-6.8 s (the two threads wait at every barrier for a core the event loop
    holds), 1 thread 0.9 s, at the same real-time factor."""
    return max(1, ((os.cpu_count() or 2) - 1) // max(1, workers))
