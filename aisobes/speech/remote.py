"""Relay to a Whisper WebSocket server that speaks the original product's protocol.

    client -> server  {"type": "audio", "audio_data": "<base64 of one utterance as a WAV file>"}  | {"type": "ping"}
    server -> client  {"type": "connection_established", "client_id"} | {"type": "transcription", "text",
                      "timestamp", "client_id"} | {"type": "error", "message"} | {"type": "pong"}

The protocol has no request ids, so each connection carries one utterance at a time; a few connections work in
parallel, fed by the same fair queue as the local transcriber. We also send "language" (an extension an original
server ignores; aisobes' own /api/v1/whisper/ws honours it). Connections come back with exponential backoff;
while none is up the state says reconnecting, then unavailable, and the rooms show it.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from typing import Any, Optional

import numpy as np

from .audio import wav_bytes
from .queue import FairQueue, Job
from .transcriber import READY, RECONNECTING, STARTING, UNAVAILABLE, Transcriber, TranscriberUnavailable, Transcript

log = logging.getLogger(__name__)

IDLE_PING = 20.0  # seconds without work before we check the server still answers
UNAVAILABLE_AFTER = 10.0  # seconds without any connection before "reconnecting" becomes "unavailable"


class RemoteTranscriber(Transcriber):
    kind = 'remote'

    def __init__(self, url: str, *, connections: int = 2, queue_size: int = 16, timeout: float = 60.0,
                 backoff: tuple[float, float] = (0.5, 15.0)) -> None:
        super().__init__()
        self.url = url
        self.connections = connections
        self.timeout = timeout
        self.backoff = backoff
        self.queue = FairQueue(queue_size)
        self._work = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._up = 0  # connections established right now
        self._down_since: Optional[float] = None
        self._busy = 0

    @classmethod
    def from_settings(cls, settings: Any) -> 'RemoteTranscriber':
        # at least two connections: a preview in flight must not hold up a final
        return cls(settings.whisper_url, connections=max(2, settings.whisper_workers),
                   queue_size=settings.whisper_queue)

    async def start(self) -> None:
        if self._tasks:
            return
        self._set_state(STARTING, f'connecting to {_safe(self.url)}')
        self._down_since = time.monotonic()
        self._tasks = [asyncio.create_task(self._connection(i), name=f'whisper-relay-{i}')
                       for i in range(self.connections)]

    async def transcribe(self, audio: np.ndarray, language: Optional[str], *, interview_id: Any,
                         final: bool) -> str:
        if not self.ready:
            raise TranscriberUnavailable(self.detail or self.state)
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def on_done(text: Optional[str], error: Optional[BaseException]) -> None:
            if not future.done():
                future.set_exception(error) if error is not None else future.set_result(text or '')

        job = Job(interview_id, final, audio, language, on_done)
        for old in self.queue.push(job):
            old.drop('dropped for more important work')
        self._work.set()
        try:
            return await future
        except asyncio.CancelledError:
            job.cancelled = True
            self.queue.remove(job)
            raise

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self._fail_queued('shutting down')

    def queue_depth(self) -> int:
        return len(self.queue)

    def has_spare_capacity(self) -> bool:
        return self.ready and len(self.queue) == 0 and self._busy < self._up

    def metrics(self) -> dict[str, Any]:
        return {**super().metrics(), 'url': _safe(self.url), 'connections_up': self._up,
                'queue': {'depth': len(self.queue), 'finals': self.queue.finals, 'busy_workers': self._busy,
                          'capacity': self.queue.capacity, 'dropped_partials': self.queue.dropped_partials,
                          'dropped_finals': self.queue.dropped_finals}}

    async def _connection(self, index: int) -> None:
        from websockets.asyncio.client import connect

        delay = self.backoff[0]
        while True:
            try:
                async with connect(self.url, open_timeout=5, max_size=2 ** 22, ping_interval=20) as ws:
                    await self._handshake(ws)
                    delay = self.backoff[0]
                    self._connected(+1)
                    try:
                        await self._serve(ws)
                    finally:
                        self._connected(-1)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # refused, handshake rejected, dropped, timed out
                log.warning('whisper relay %d: %s: %s (retry in %.1f s)', index, type(e).__name__, e, delay)
                self._update_down_state(f'{type(e).__name__}: {e}')
            await asyncio.sleep(delay)
            delay = min(self.backoff[1], delay * 2)
            self._update_down_state(self.detail)

    @staticmethod
    async def _handshake(ws) -> None:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
        if message.get('type') != 'connection_established':
            raise ConnectionError(f'unexpected greeting {message.get("type")!r}')

    async def _serve(self, ws) -> None:
        while True:
            job = await self._next_job(ws)
            self._busy += 1
            started = time.monotonic()
            try:
                payload = {'type': 'audio', 'audio_data': base64.b64encode(wav_bytes(job.audio)).decode('ascii')}
                if job.language:
                    payload['language'] = job.language
                await ws.send(json.dumps(payload))
                reply = await self._reply(ws, ('transcription', 'error'))
            except BaseException as e:
                job.on_done(None, TranscriberUnavailable(f'connection lost: {e}'))
                raise
            finally:
                self._busy -= 1
            elapsed = time.monotonic() - started
            if reply['type'] == 'error':
                job.on_done(None, RuntimeError(f'whisper server: {reply.get("message")}'))
                continue
            self.waits.add(started - job.enqueued_at)
            self.compute.add(elapsed)
            job.on_done(Transcript.of(str(reply.get('text') or '').strip(), elapsed, started - job.enqueued_at,
                                      job.language), None)

    async def _next_job(self, ws) -> Job:
        idle_since = time.monotonic()
        while True:
            job = self.queue.pop()
            if job is not None and not job.cancelled:
                return job
            if job is None:
                self._work.clear()
                try:
                    await asyncio.wait_for(self._work.wait(), timeout=5)
                except asyncio.TimeoutError:
                    pass
            if time.monotonic() - idle_since > IDLE_PING:
                await ws.send(json.dumps({'type': 'ping'}))
                await self._reply(ws, ('pong',))
                idle_since = time.monotonic()

    async def _reply(self, ws, types: tuple[str, ...]) -> dict:
        async with asyncio.timeout(self.timeout):
            while True:
                message = json.loads(await ws.recv())
                if isinstance(message, dict) and message.get('type') in types:
                    return message

    def _connected(self, change: int) -> None:
        self._up += change
        if self._up > 0:
            self._down_since = None
            self._set_state(READY, f'connected to {_safe(self.url)}')
        else:
            self._down_since = time.monotonic()
            self._set_state(RECONNECTING, f'lost {_safe(self.url)}')
            self._fail_queued('whisper server connection lost')

    def _update_down_state(self, detail: str) -> None:
        if self._up > 0:
            return
        if self._down_since is None:
            self._down_since = time.monotonic()
        down_for = time.monotonic() - self._down_since
        self._set_state(UNAVAILABLE if down_for >= UNAVAILABLE_AFTER else RECONNECTING, detail)

    def _fail_queued(self, reason: str) -> None:
        for job in self.queue.drain():
            job.on_done(None, TranscriberUnavailable(reason))


def _safe(url: str) -> str:
    """The URL without its query string: it may carry the token."""
    return url.split('?', 1)[0]
