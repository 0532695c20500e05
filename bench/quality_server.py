"""A server for the benchmarks: the given one, or `python -m aisobes` started on a free port in a temporary
directory (SQLite, scripted brain, no Whisper, a short end-of-answer pause), stopped afterwards."""
from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@contextlib.asynccontextmanager
async def own_server(url: str | None, token: str, env: dict[str, str] | None = None) -> AsyncIterator[str]:
    """`env`: more AISOBES_* settings for the started server (the brain, say)."""
    if url:
        yield url.rstrip('/')
        return
    with tempfile.TemporaryDirectory(prefix='aisobes-bench-') as workdir:
        port = _free_port()
        variables = {**os.environ, 'AISOBES_DATA_DIR': f'{workdir}/data', 'AISOBES_TRANSCRIPTS_DIR': f'{workdir}/t',
                     'AISOBES_WHISPER': 'off', 'AISOBES_API_TOKEN': token, 'AISOBES_ADMIN_PASSWORD': 'bench-password',
                     'AISOBES_AI_DEBOUNCE': os.environ.get('AISOBES_AI_DEBOUNCE', '0.3'), 'AISOBES_LLM': 'scripted',
                     'PYTHONPATH': os.pathsep.join(filter(None, [str(ROOT), os.environ.get('PYTHONPATH')])),
                     **(env or {})}
        variables.pop('AISOBES_DATABASE_URL', None)
        log = open(Path(workdir) / 'server.log', 'wb')
        process = subprocess.Popen([sys.executable, '-m', 'aisobes', '--port', str(port)], cwd=workdir, env=variables,
                                   stdout=log, stderr=subprocess.STDOUT)
        base_url = f'http://127.0.0.1:{port}'
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError((Path(workdir) / 'server.log').read_text())
                try:
                    if httpx.get(f'{base_url}/health', timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                time.sleep(0.2)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


async def stored_message(client: httpx.AsyncClient, interview_id: int, text: str, after: int) -> int:
    """The id of the candidate message `text` once the server has stored it (after message id `after`)."""
    for _ in range(200):
        for message in (await client.get(f'/api/v1/interviews/{interview_id}/messages')).json():
            if message['role'] == 'candidate' and message['id'] > after and message['content'] == text:
                return message['id']
        await asyncio.sleep(0.05)
    raise TimeoutError('the candidate message was not stored')


async def drain(socket) -> None:
    """Read a socket's frames and drop them (a chat socket that is not read is closed with 4408)."""
    async for _frame in socket:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]
