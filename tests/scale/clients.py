"""Small clients of the several-instances tests: REST calls and chat sockets on a chosen instance."""
from __future__ import annotations

import asyncio
import json
import time

import httpx
import websockets

from ..helpers import Server

INTERVIEW = {'candidate_name': 'Анна Смирнова', 'candidate_id': 'c-1', 'position': 'Python developer',
             'recommended_duration': 30, 'knowledge_base': 'Python, PostgreSQL', 'description': 'Команда платежей'}


def create(server: Server, **overrides) -> dict:
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', json={**INTERVIEW, **overrides},
                          headers=server.auth, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def start(server: Server, interview_id: int) -> dict:
    response = httpx.patch(f'{server.base_url}/api/v1/interviews/{interview_id}/start', headers=server.auth,
                           timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def messages(server: Server, interview_id: int) -> list[dict]:
    response = httpx.get(f'{server.base_url}/api/v1/interviews/{interview_id}/messages', headers=server.auth,
                         timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def chat_url(server: Server, interview: dict, *, recruiter: bool = False) -> str:
    credential = f'token={server.token}' if recruiter else f'link={interview["unique_link"]}'
    return f'{server.ws_url}/api/v1/chat/{interview["id"]}/ws?{credential}'


def connect(server: Server, interview: dict, *, recruiter: bool = False):
    return websockets.connect(chat_url(server, interview, recruiter=recruiter))


async def next_frame(ws, predicate=lambda frame: True, timeout: float = 10.0) -> dict:
    """The next frame that matches `predicate` (others are skipped)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError('no matching frame')
        frame = json.loads(await asyncio.wait_for(ws.recv(), left))
        if predicate(frame):
            return frame


def is_message(role: str | None = None, content: str | None = None):
    def match(frame: dict) -> bool:
        return 'content' in frame and (role is None or frame['role'] == role) and \
            (content is None or frame['content'] == content)
    return match


def is_status(status: str):
    return lambda frame: frame.get('type') == 'status' and frame['status'] == status


def log_count(servers, text: str) -> int:
    return sum(server.log().count(text) for server in servers)


async def wait_until(condition, timeout: float = 10.0, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError('condition not met in time')
        await asyncio.sleep(step)
