"""Chat fan-out latency across instances: N chat sockets split over the instances, one sender.

Opens `--sockets` recruiter chat sockets on one interview, spread round-robin over the instances, and one more socket
(the sender, on the first instance) that posts `--messages` messages; prints the delivery latency (sent -> received
on every socket) as p50/p95/p99/max in ms, and delivered/expected. Either against running servers:

    python bench/fanout.py --url http://127.0.0.1:8081,http://127.0.0.1:8082 --token "$AISOBES_API_TOKEN"

or starting the instances itself (`python -m aisobes`, scripted brain, no speech) on a new PostgreSQL database:

    python bench/fanout.py --spawn 2 --database-url postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import sqlalchemy as sa
import websockets
from sqlalchemy.engine import make_url

from aisobes.speech.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
TOKEN = 'bench-token'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def spawn(count: int, database_url: str, code: Path, workdir: Path) -> list[tuple[str, subprocess.Popen]]:
    servers = []
    for n in range(count):
        port = free_port()
        directory = workdir / f'instance-{n}'
        directory.mkdir()
        env = {**os.environ, 'AISOBES_DATABASE_URL': database_url, 'AISOBES_API_TOKEN': TOKEN,
               'AISOBES_ADMIN_PASSWORD': 'bench', 'AISOBES_STORAGE_SECRET': 'bench', 'AISOBES_WHISPER': 'off',
               'AISOBES_DATA_DIR': str(directory / 'data'), 'AISOBES_TRANSCRIPTS_DIR': str(workdir / 'transcripts'),
               'PYTHONPATH': str(code)}
        process = subprocess.Popen([sys.executable, '-m', 'aisobes', '--port', str(port)], cwd=directory, env=env,
                                   stdout=open(directory / 'server.log', 'wb'), stderr=subprocess.STDOUT)
        servers.append((f'http://127.0.0.1:{port}', process))
    for url, process in servers:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log = (Path(workdir) / f'instance-{servers.index((url, process))}' / 'server.log').read_text()
                raise SystemExit(f'an instance exited with {process.returncode}:\n{log[-3000:]}')
            try:
                if httpx.get(f'{url}/health', timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f'{url} did not start in 60 s')
            time.sleep(0.2)
    return servers


async def run(urls: list[str], token: str, sockets: int, messages: int, interval: float) -> dict:
    auth = {'Authorization': f'Bearer {token}'}
    interview = httpx.post(f'{urls[0]}/api/v1/interviews/', headers=auth, timeout=30, json={
        'candidate_name': 'Fan Out', 'candidate_id': 'bench', 'position': 'Load', 'recommended_duration': 30}).json()
    iid = interview['id']
    ws_urls = [u.replace('http://', 'ws://').replace('https://', 'wss://') for u in urls]
    sent: dict[str, float] = {}
    latencies: list[float] = []
    per_instance = [[] for _ in urls]

    async def receive(ws, instance: int) -> None:
        async for raw in ws:
            frame = json.loads(raw)
            at = sent.get(frame.get('content', ''))
            if at is not None:
                latency = (time.perf_counter() - at) * 1000
                latencies.append(latency)
                per_instance[instance].append(latency)

    receivers = [await websockets.connect(f'{ws_urls[n % len(urls)]}/api/v1/chat/{iid}/ws?token={token}',
                                          max_queue=None) for n in range(sockets)]
    sender = await websockets.connect(f'{ws_urls[0]}/api/v1/chat/{iid}/ws?token={token}')
    tasks = [asyncio.create_task(receive(ws, n % len(urls))) for n, ws in enumerate(receivers)]
    await asyncio.sleep(1.0)  # every socket has joined its room
    for n in range(messages):
        content = f'fan-out {n} {uuid.uuid4().hex[:6]}'
        sent[content] = time.perf_counter()
        await sender.send(json.dumps({'content': content}))
        await asyncio.sleep(interval)
    expected = sockets * messages
    deadline = time.monotonic() + 10
    while len(latencies) < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    for ws in [*receivers, sender]:
        await ws.close()
    return {'all': latencies, 'instances': per_instance, 'expected': expected}


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f'{name}: nothing delivered'
    return (f'{name}: p50 {percentile(values, 0.5):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, '
            f'p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms ({len(values)} deliveries)')


def new_database(admin_url: str) -> tuple[str, sa.Engine, str]:
    name = f'aisobes_bench_{uuid.uuid4().hex[:8]}'
    admin = sa.create_engine(admin_url, isolation_level='AUTOCOMMIT')
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE {name}'))
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False), admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', help='comma-separated base URLs of running instances')
    parser.add_argument('--token', default=os.environ.get('AISOBES_API_TOKEN', TOKEN))
    parser.add_argument('--spawn', type=int, help='start this many instances on a new database instead')
    parser.add_argument('--database-url', default=os.environ.get('AISOBES_TEST_POSTGRES_URL'),
                        help='with --spawn: a PostgreSQL server (a database is created on it and dropped after)')
    parser.add_argument('--code', type=Path, default=ROOT, help='with --spawn: the checkout whose aisobes runs')
    parser.add_argument('--sockets', type=int, default=200)
    parser.add_argument('--messages', type=int, default=30)
    parser.add_argument('--interval', type=float, default=0.5, help='seconds between messages (chat limit 2/s)')
    args = parser.parse_args()
    if args.spawn:
        if not args.database_url:
            raise SystemExit('--spawn needs --database-url (or AISOBES_TEST_POSTGRES_URL)')
        database_url, admin, name = new_database(args.database_url)
        servers = []
        with tempfile.TemporaryDirectory(prefix='aisobes-fanout-') as workdir:
            try:
                servers = spawn(args.spawn, database_url, args.code, Path(workdir))
                urls, token = [url for url, _ in servers], TOKEN
                result = asyncio.run(run(urls, token, args.sockets, args.messages, args.interval))
            finally:
                for _, process in servers:
                    process.terminate()
                for _, process in servers:
                    process.wait(15)
                with admin.connect() as connection:
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS {name} WITH (FORCE)'))
    else:
        if not args.url:
            raise SystemExit('give --url or --spawn')
        urls, token = args.url.split(','), args.token
        result = asyncio.run(run(urls, token, args.sockets, args.messages, args.interval))
    print(f'{len(urls)} instance(s), {args.sockets} sockets, {args.messages} messages from one sender on the first')
    print(summary('all sockets', result['all']))
    for n, values in enumerate(result['instances']):
        print(summary(f'  on instance {n + 1}', values))
    print(f'delivered/expected: {len(result["all"])}/{result["expected"]}')


if __name__ == '__main__':
    main()
