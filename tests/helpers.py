"""Shared test helpers: Debian tools that some tests need, free ports, a real server in a subprocess."""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def require_binary(name: str) -> str:
    """Path of a Debian tool; skip (or fail, when AISOBES_REQUIRE_E2E=1) if it is missing."""
    path = shutil.which(name) or (f'/usr/bin/{name}' if Path(f'/usr/bin/{name}').exists() else None)
    if path is None:
        message = f'{name} is not installed (apt-get install {name})'
        if os.environ.get('AISOBES_REQUIRE_E2E') == '1':
            pytest.fail(message + ' but AISOBES_REQUIRE_E2E=1')
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """`python -m aisobes` running in a subprocess on a free loopback port."""
    base_url: str
    token: str
    admin_password: str
    data_dir: Path
    transcripts_dir: Path
    process: subprocess.Popen
    log_path: Path

    @property
    def ws_url(self) -> str:
        return self.base_url.replace('https://', 'wss://').replace('http://', 'ws://')

    @property
    def auth(self) -> dict[str, str]:
        return {'Authorization': f'Bearer {self.token}'}

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(encoding='utf-8', errors='replace')

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(workdir: Path, env: dict[str, str] | None = None, port: int | None = None,
                 timeout: float = 60.0) -> Server:
    port = port or free_port()
    data_dir = workdir / 'data'
    transcripts_dir = workdir / 'transcripts'
    full_env = {**os.environ, 'AISOBES_DATA_DIR': str(data_dir), 'AISOBES_TRANSCRIPTS_DIR': str(transcripts_dir),
                'AISOBES_WHISPER': 'off', 'PYTHONUNBUFFERED': '1',
                # the server runs this checkout's code even where an editable install points elsewhere
                'PYTHONPATH': os.pathsep.join(filter(None, [str(ROOT), os.environ.get('PYTHONPATH')])),
                **(env or {})}
    full_env.pop('PYTEST_CURRENT_TEST', None)  # NiceGUI must not think it runs under pytest
    log_path = workdir / f'server-{port}.log'
    log_file = open(log_path, 'ab')
    process = subprocess.Popen([sys.executable, '-m', 'aisobes', '--port', str(port)], cwd=workdir, env=full_env,
                               stdout=log_file, stderr=subprocess.STDOUT)
    scheme = 'https' if full_env.get('AISOBES_SSL_CERTFILE') else 'http'
    base_url = f'{scheme}://127.0.0.1:{port}'
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f'server exited with {process.returncode}:\n{log_path.read_text()}')
        try:
            if httpx.get(f'{base_url}/health', timeout=1, verify=False).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f'server did not start in {timeout} s:\n{log_path.read_text()}')
        time.sleep(0.2)
    token = (data_dir / 'api_token').read_text().strip() if 'AISOBES_API_TOKEN' not in full_env \
        else full_env['AISOBES_API_TOKEN']
    password = (data_dir / 'admin_password').read_text().strip() if 'AISOBES_ADMIN_PASSWORD' not in full_env \
        else full_env['AISOBES_ADMIN_PASSWORD']
    return Server(base_url, token, password, data_dir, transcripts_dir, process, log_path)


@dataclass
class LiveApp:
    """The app running inside the test's own process and loop, served over real loopback HTTP and WebSockets: its
    services are at hand, so a test can inject a fault (a slow database call, a flood of room events)."""
    base_url: str
    services: object  # aisobes.services.Services
    token: str = 'test-token'

    @property
    def ws_url(self) -> str:
        return self.base_url.replace('http://', 'ws://')

    @property
    def auth(self) -> dict[str, str]:
        return {'Authorization': f'Bearer {self.token}'}


@asynccontextmanager
async def in_process_server() -> AsyncIterator[LiveApp]:
    """tests/main_app.py (the real app, configured from the environment) in NiceGUI's test simulation, plus a uvicorn
    server on a free port in this loop."""
    import uvicorn
    from nicegui import core
    from nicegui.testing.user_simulation import user_simulation

    async with user_simulation(main_file=ROOT / 'tests' / 'main_app.py'):
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(core.app, host='127.0.0.1', port=port, lifespan='off',
                                               log_level='warning', timeout_graceful_shutdown=5))
        server.capture_signals = contextlib.nullcontext  # signals stay pytest's (a timeout must still kill the run)
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                task.result()  # raises what stopped it
            await asyncio.sleep(0.02)
        try:
            yield LiveApp(f'http://127.0.0.1:{port}', core.app.state.services)
        finally:
            server.should_exit = True
            await task
