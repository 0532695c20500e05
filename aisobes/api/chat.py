"""/api/v1/chat/{interview_id}/ws: the interview's chat over a WebSocket.

The candidate connects with ?link=<unique_link>, a recruiter with ?token=<AISOBES_API_TOKEN>; the role comes from
that credential, never from the message. On connect the history is sent, then every live message of the room.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Optional

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ..auth import TokenBucket, secret_ok
from ..errors import AisobesError, NotFound
from ..models import Role, Source
from ..rooms import MessagePosted, RoomEvent, StatusChanged
from ..services import Services

log = logging.getLogger(__name__)
router = APIRouter(tags=['chat'])

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_SLOW = 4408
MAX_FRAME_CHARS = 16_000
OUTBOX_SIZE = 1000


@router.websocket('/api/v1/chat/{interview_id}/ws')
async def chat_socket(websocket: WebSocket, interview_id: int, link: Optional[str] = None,
                      token: Optional[str] = None) -> None:
    services: Services = websocket.app.state.services
    await websocket.accept()
    role = _authorize(services, interview_id, link, token)
    if isinstance(role, int):
        await websocket.close(code=role, reason='not allowed')
        return

    outbox: asyncio.Queue[Optional[dict]] = asyncio.Queue(OUTBOX_SIZE)

    def on_event(event: RoomEvent) -> None:
        payload = _payload(event)
        if payload is None:
            return
        try:
            outbox.put_nowait(payload)
        except asyncio.QueueFull:  # a client that reads nothing does not hold the room back: drop it
            outbox.put_nowait(None) if outbox.empty() else None

    unsubscribe = services.rooms.room(interview_id).subscribe(on_event)
    sender = asyncio.create_task(_send_loop(websocket, outbox, services.chat.history(interview_id)))
    try:
        await _receive_loop(websocket, services, interview_id, role)
    except WebSocketDisconnect:
        pass
    finally:
        unsubscribe()
        sender.cancel()


async def _receive_loop(websocket: WebSocket, services: Services, interview_id: int, role: Role) -> None:
    bucket = TokenBucket(rate=2.0, burst=10.0)
    while True:
        raw = await websocket.receive_text()
        error = None
        if len(raw) > MAX_FRAME_CHARS:
            error = f'Message frame too large (max {MAX_FRAME_CHARS} characters)'
        elif not bucket.take():
            error = 'Too many messages; slow down'
        else:
            try:
                data = json.loads(raw)
            except json.JSONDecodeError:
                data, error = None, 'Invalid JSON'
            if error is None and (not isinstance(data, dict) or 'content' not in data):
                error = 'Expected a JSON object with "content"'
            if error is None:
                try:
                    services.chat.post(interview_id, data['content'], role, Source.TYPED)
                except AisobesError as e:
                    error = e.message
        if error:
            await websocket.send_json({'error': error})


async def _send_loop(websocket: WebSocket, outbox: asyncio.Queue, history: list) -> None:
    sent_up_to = 0
    for message in history:
        await websocket.send_json(message.model_dump(mode='json', exclude={'meta'}))
        sent_up_to = max(sent_up_to, message.id)
    while True:
        payload = await outbox.get()
        if payload is None:
            await websocket.close(code=CLOSE_TOO_SLOW, reason='client too slow')
            return
        if 'content' in payload and payload['id'] <= sent_up_to:
            continue  # already part of the history sent above
        await websocket.send_json(payload)


def _authorize(services: Services, interview_id: int, link: Optional[str], token: Optional[str]) -> Role | int:
    try:
        interview = services.interviews.get(interview_id)
    except NotFound:
        if token is not None and secret_ok(services.settings.api_token, token):
            return CLOSE_NOT_FOUND
        return CLOSE_FORBIDDEN if (link or token) else CLOSE_UNAUTHORIZED
    if token is not None:
        return Role.RECRUITER if secret_ok(services.settings.api_token, token) else CLOSE_FORBIDDEN
    if link is not None:
        return Role.CANDIDATE if secret_ok(interview.unique_link, link) else CLOSE_FORBIDDEN
    return CLOSE_UNAUTHORIZED


def _payload(event: RoomEvent) -> Optional[dict]:
    if isinstance(event, MessagePosted):
        return event.message.model_dump(mode='json', exclude={'meta'})
    if isinstance(event, StatusChanged):
        return {'type': 'status', 'status': event.status,
                'started_at': event.started_at.isoformat() if event.started_at else None,
                'finished_at': event.finished_at.isoformat() if event.finished_at else None,
                'actual_duration': event.actual_duration}
    return None
