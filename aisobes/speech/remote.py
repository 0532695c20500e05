"""Relay to a Whisper WebSocket server that speaks the original product's protocol.

    client -> server  {"type": "audio", "audio_data": "<base64 of one utterance as a WAV file>"}  | {"type": "ping"}
    server -> client  {"type": "connection_established", "client_id"} | {"type": "transcription", "text",
                      "timestamp", "client_id"} | {"type": "error", "message"} | {"type": "pong"}

The protocol has no request ids, so each connection carries one utterance at a time; a few connections work in
parallel, fed by the base class's fair queue like the local transcriber. We also send "language" (an extension an
original
server ignores; aisobes' own /api/v1/whisper/ws honours it). Connections come back with exponential backoff;
while none is up the state says reconnecting, then unavailable, and the rooms show it.

Several servers (AISOBES_WHISPER_URL="ws://a/...,ws://b/..."): each gets its own connections, opened interleaved;
an idle connection waits for work in line, so jobs go round-robin over the servers. When a server fails, its
connections are down and the others take the work; the utterance that was in flight on the lost connection is
queued again once (for another server) instead of failing, as long as some server is up.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
import weakref
from typing import Any

from ..config import Settings
from .audio import wav_bytes
from .queue import Job, Overloaded
from .transcriber import Transcriber, TranscriberState, TranscriberUnavailable, Transcript

log = logging.getLogger(__name__)

IDLE_PING = 20.0  # seconds without work before we check the server still answers
UNAVAILABLE_AFTER = 10.0  # seconds without any connection before "reconnecting" becomes "unavailable"


class RemoteTranscriber(Transcriber):
    kind = 'remote'

    def __init__(self, url: str | list[str], *, connections: int = 2, queue_size: int = 16, timeout: float = 60.0,
                 backoff: tuple[float, float] = (0.5, 15.0)) -> None:
        super().__init__(queue_size)
        self.urls = split_urls(url) if isinstance(url, str) else list(url)
        if not self.urls:
            raise ValueError('AISOBES_WHISPER_URL names no server')
        self.url = ','.join(self.urls)
        self.connections = connections  # per server
        self.timeout = timeout
        self.backoff = backoff
        self._work = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._up = 0  # connections established right now
        self._up_per_url = dict.fromkeys(self.urls, 0)
        self._retried: weakref.WeakSet[Job] = weakref.WeakSet()
        self._down_since: float | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteTranscriber:
        # at least two connections: a preview in flight must not hold up a final
        return cls(settings.whisper_url, connections=max(2, settings.whisper_workers),
                   queue_size=settings.whisper_queue)

    async def start(self) -> None:
        if self._tasks:
            return
        self._set_state(TranscriberState.STARTING, f'connecting to {self._servers()}')
        self._down_since = time.monotonic()
        self._tasks = [asyncio.create_task(self._connection(n * len(self.urls) + i, url), name=f'whisper-relay-{i}-{n}')
                       for n in range(self.connections) for i, url in enumerate(self.urls)]

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        self._fail_queued('shutting down')

    def workers_available(self) -> int:
        return self._up if self.ready else 0

    def metrics(self) -> dict[str, Any]:
        return {**super().metrics(), 'url': self._servers(), 'connections_up': self._up,
                'servers': [{'url': _safe(url), 'connections_up': up} for url, up in self._up_per_url.items()]}

    def _servers(self) -> str:
        return ', '.join(_safe(url) for url in self.urls)

    def _wake(self) -> None:
        self._work.set()  # transcribe() runs on the loop, like the connections that wait for this

    async def _connection(self, index: int, url: str) -> None:
        from websockets.asyncio.client import connect

        delay = self.backoff[0]
        while True:
            try:
                async with connect(url, open_timeout=5, max_size=2 ** 22, ping_interval=20) as ws:
                    await self._handshake(ws)
                    delay = self.backoff[0]
                    self._connected(+1, url)
                    try:
                        await self._serve(ws)
                    finally:
                        self._connected(-1, url)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # refused, handshake rejected, dropped, timed out
                log.warning('whisper relay %d (%s): %s: %s (retry in %.1f s)', index, _safe(url), type(e).__name__, e,
                            delay)
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
            started = time.monotonic()
            try:
                payload = {'type': 'audio', 'audio_data': base64.b64encode(wav_bytes(job.audio)).decode('ascii')}
                if job.language:
                    payload['language'] = job.language
                await ws.send(json.dumps(payload))
                reply = await self._reply(ws, ('transcription', 'error'))
            except BaseException as e:
                if not (isinstance(e, Exception) and self._requeue(job)):
                    job.on_done(None, TranscriberUnavailable(f'connection lost: {e}'))
                raise
            finally:
                self._job_done()
            elapsed = time.monotonic() - started
            if reply['type'] == 'error':
                job.on_done(None, RuntimeError(f'whisper server: {reply.get("message")}'))
                continue
            self.waits.add(started - job.enqueued_at)
            self.compute.add(elapsed)
            job.on_done(Transcript(str(reply.get('text') or '').strip(), job.language, elapsed,
                                   started - job.enqueued_at), None)

    async def _next_job(self, ws) -> Job:
        idle_since = time.monotonic()
        while True:
            job = self._take_job()
            if job is not None:
                return job
            self._work.clear()
            try:
                await asyncio.wait_for(self._work.wait(), timeout=5)
            except TimeoutError:
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

    def _requeue(self, job: Job) -> bool:
        """Failover: the job whose connection was lost goes back to the queue once, while another one is up."""
        if job in self._retried or job.cancelled or self._up - 1 <= 0:
            return False
        self._retried.add(job)
        with self._lock:
            try:
                dropped = self.queue.push(job)
            except Overloaded:
                return False
            self._lock.notify()
            self._wake()
        for old in dropped:
            old.drop('dropped for more important work')
        log.info('whisper relay: an utterance of a lost connection is retried on another server')
        return True

    def _connected(self, change: int, url: str) -> None:
        self._up += change
        self._up_per_url[url] += change
        servers_up = sum(1 for up in self._up_per_url.values() if up > 0)
        if self._up > 0:
            self._down_since = None
            self._set_state(TranscriberState.READY, f'connected to {servers_up} of {len(self.urls)} server(s): '
                                                    f'{self._servers()}')
        else:
            self._down_since = time.monotonic()
            self._set_state(TranscriberState.RECONNECTING, f'lost {self._servers()}')
            self._fail_queued('whisper server connection lost')

    def _update_down_state(self, detail: str) -> None:
        if self._up > 0:
            return
        if self._down_since is None:
            self._down_since = time.monotonic()
        down_for = time.monotonic() - self._down_since
        state = TranscriberState.UNAVAILABLE if down_for >= UNAVAILABLE_AFTER else TranscriberState.RECONNECTING
        self._set_state(state, detail)


def split_urls(value: str) -> list[str]:
    """AISOBES_WHISPER_URL: one URL or several, comma-separated."""
    return [part.strip() for part in value.split(',') if part.strip()]


def _safe(url: str) -> str:
    """The URL without its query string: it may carry the token."""
    return url.split('?', 1)[0]
