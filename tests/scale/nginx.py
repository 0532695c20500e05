"""Debian's nginx running deploy/nginx/aisobes.conf in front of test instances: the file is used as it is in the
repository, with the test's ports put in for its sample addresses, inside a minimal nginx.conf of the test's own
(private pid, logs and temp dirs; no daemon)."""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from ..helpers import ROOT, free_port, require_binary

CONF = ROOT / 'deploy' / 'nginx' / 'aisobes.conf'
SAMPLE_INSTANCES = ('127.0.0.1:8081', '127.0.0.1:8082')
SAMPLE_LISTEN = 'listen 80;'

MAIN = '''{user}daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/aisobes.conf;
}}
'''


def render(instances: list[str], port: int) -> str:
    """The repository's config with these instance addresses (host:port) and listening on 127.0.0.1:`port`."""
    text = CONF.read_text(encoding='utf-8')
    lines = [line for line in text.splitlines() if not any(sample in line for sample in SAMPLE_INSTANCES)]
    marker = next(i for i, line in enumerate(text.splitlines()) if SAMPLE_INSTANCES[0] in line)
    servers = [f'    server {address} max_fails=1 fail_timeout=5s;' for address in instances]
    lines[marker:marker] = servers
    rendered = '\n'.join(lines) + '\n'
    assert SAMPLE_LISTEN in rendered
    return rendered.replace(SAMPLE_LISTEN, f'listen 127.0.0.1:{port};')


@dataclass
class Nginx:
    base_url: str
    process: subprocess.Popen
    directory: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def error_log(self) -> str:
        path = self.directory / 'error.log'
        return path.read_text(errors='replace') if path.exists() else ''


def start_nginx(directory: Path, instances: list[str], port: int | None = None) -> Nginx:
    binary = require_binary('nginx')
    port = port or free_port()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / 'aisobes.conf').write_text(render(instances, port), encoding='utf-8')
    user = 'user root;\n' if os.geteuid() == 0 else ''
    (directory / 'nginx.conf').write_text(MAIN.format(user=user, dir=directory), encoding='utf-8')
    process = subprocess.Popen([binary, '-p', str(directory), '-c', str(directory / 'nginx.conf')],
                               stdout=subprocess.DEVNULL, stderr=open(directory / 'stderr.log', 'ab'))
    base_url = f'http://127.0.0.1:{port}'
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            raise RuntimeError(f'nginx exited: {(directory / "stderr.log").read_text()} {directory / "error.log"}')
        try:
            if httpx.get(f'{base_url}/health', timeout=1).status_code == 200:
                return Nginx(base_url, process, directory)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError('nginx did not answer in 20 s')
        time.sleep(0.1)
