"""faster-whisper inside this process: the model loads in a background thread, jobs run on a few worker threads
fed by the fair queue, and results are handed back to the event loop. Nothing here runs on the event loop."""
from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from typing import Any, Optional

import numpy as np

from .audio import SAMPLE_RATE
from .queue import FairQueue, Job
from .transcriber import READY, STARTING, UNAVAILABLE, Transcriber, TranscriberUnavailable, Transcript

log = logging.getLogger(__name__)


class LocalTranscriber(Transcriber):
    kind = 'local'

    def __init__(self, model: str = 'base', *, threads: int = 0, workers: int = 1, queue_size: int = 16,
                 window: float = 15.0) -> None:
        super().__init__()
        self.model_name = model
        self.threads = threads or default_threads(workers)
        self.workers = workers
        self.window = window
        self.engine = None
        self.load_seconds: Optional[float] = None
        self.queue = FairQueue(queue_size)
        self._lock = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._closing = False
        self._busy = 0

    @classmethod
    def from_settings(cls, settings: Any) -> 'LocalTranscriber':
        return cls(settings.whisper_model, threads=settings.whisper_threads, workers=settings.whisper_workers,
                   queue_size=settings.whisper_queue, window=getattr(settings, 'whisper_window', 15.0))

    async def start(self) -> None:
        if self._threads:
            return
        self._set_state(STARTING, f'loading model {self.model_name}')
        loader = threading.Thread(target=self._load, name='whisper-load', daemon=True)
        loader.start()
        self._threads.append(loader)

    async def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while self.state == STARTING and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if not self.ready:
            raise TranscriberUnavailable(f'{self.state}: {self.detail}')

    async def transcribe(self, audio: np.ndarray, language: Optional[str], *, interview_id: Any,
                         final: bool) -> str:
        if not self.ready:
            raise TranscriberUnavailable(self.detail or self.state)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()

        def on_done(text: Optional[str], error: Optional[BaseException]) -> None:
            try:
                loop.call_soon_threadsafe(_settle, future, text, error)
            except RuntimeError:  # that loop is gone (its owner stopped): nobody waits for this result
                pass

        job = Job(interview_id, final, audio, language, on_done)
        with self._lock:
            dropped = self.queue.push(job)  # raises Overloaded when not admitted
            self._lock.notify()
        for old in dropped:
            old.drop('dropped for more important work')
        try:
            return await future
        except asyncio.CancelledError:
            job.cancelled = True  # a worker that already holds it throws the result away
            with self._lock:
                self.queue.remove(job)
            raise

    async def close(self) -> None:
        with self._lock:
            self._closing = True
            pending = self.queue.drain()
            self._lock.notify_all()
        for job in pending:
            job.on_done(None, TranscriberUnavailable('shutting down'))
        await asyncio.to_thread(lambda: [t.join(timeout=10) for t in self._threads])

    def queue_depth(self) -> int:
        with self._lock:
            return len(self.queue)

    def has_spare_capacity(self) -> bool:
        with self._lock:
            return self.ready and len(self.queue) == 0 and self._busy < self.workers

    def metrics(self) -> dict[str, Any]:
        with self._lock:
            depth, finals, busy = len(self.queue), self.queue.finals, self._busy
        return {**super().metrics(), 'model': self.model_name,
                'model_origin': getattr(self.engine, 'origin', None), 'load_seconds': self.load_seconds,
                'threads': self.threads, 'workers': self.workers,
                'queue': {'depth': depth, 'finals': finals, 'busy_workers': busy, 'capacity': self.queue.capacity,
                          'dropped_partials': self.queue.dropped_partials,
                          'dropped_finals': self.queue.dropped_finals}}

    def _load(self) -> None:
        from .engine import WhisperEngine
        try:
            engine = WhisperEngine(self.model_name, cpu_threads=self.threads, workers=self.workers,
                                   window=self.window)
            engine.transcribe(np.zeros(SAMPLE_RATE // 2, dtype=np.float32), 'en')  # warm up the first call
        except Exception as e:  # a missing package, a wrong path, no network for a hub name
            log.exception('whisper model %r failed to load', self.model_name)
            self._set_state(UNAVAILABLE, f'model {self.model_name!r} failed to load: {e}')
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
        self._set_state(READY, f'{self.model_name} on {self.threads} CPU threads')

    def _work(self) -> None:
        try:
            self._serve_jobs()
        except Exception:  # never expected; without this the worker would die silently and speech hang
            log.exception('whisper worker crashed')
            self._set_state(UNAVAILABLE, 'transcription worker crashed')

    def _serve_jobs(self) -> None:
        while True:
            with self._lock:
                while not self._closing and len(self.queue) == 0:
                    self._lock.wait()
                if self._closing:
                    return
                job = self.queue.pop()
                self._busy += 1
            try:
                if job is None or job.cancelled:
                    continue
                started = time.monotonic()
                waited = started - job.enqueued_at
                self.waits.add(waited)
                try:
                    text, language = self.engine.transcribe(job.audio, job.language, final=job.final)
                except Exception as e:
                    log.exception('transcription failed (interview %s)', job.interview_id)
                    job.on_done(None, e)
                    continue
                elapsed = time.monotonic() - started
                self.compute.add(elapsed)
                log.debug('transcribed %.1f s of audio in %.2f s (final: %s)',
                          len(job.audio) / SAMPLE_RATE, elapsed, job.final)
                job.on_done(Transcript.of(text, elapsed, waited, language), None)
            finally:
                with self._lock:
                    self._busy -= 1


def default_threads(workers: int) -> int:
    """CPU threads per worker when AISOBES_WHISPER_THREADS is 0: all cores but one, shared by the workers.

    The spare core is for the event loop (VAD, sockets, pages). Measured on 2 cores with the benchmark: 2 threads
    gave p95 speech end -> final of 2.4-6.8 s (the two threads wait at every barrier for a core the event loop
    holds), 1 thread 0.9 s, at the same real-time factor."""
    return max(1, ((os.cpu_count() or 2) - 1) // max(1, workers))


def _settle(future: asyncio.Future, text: Optional[str], error: Optional[BaseException]) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(text if isinstance(text, str) else '')
