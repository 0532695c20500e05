"""/api/v1/chat/{interview_id}/ws: the interview's chat over a WebSocket.

The candidate connects with ?link=<unique_link>, a recruiter with ?token=<AISOBES_API_TOKEN>; the role comes from
that credential, never from the message. On connect the history is sent, then every live message of the room.
A client that stops reading while its outbox fills up is closed with 4408; the room and the other sockets go on.
A frame that cannot be taken (binary, not JSON, not an object with "content", bad text, too large, over the
interview's chat budget, the database unreachable) is answered with `{"error": "..."}` and the socket stays open;
the database unreachable while connecting closes with 1013 (try again later).
"""
from __future__ import annotations

import asyncio
import json
import logging

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ..auth import secret_ok
from ..errors import AisobesError, NotFound
from ..models import Role, Source
from ..rooms import MessagePosted, Resync, RoomDeleted, RoomEvent, StatusChanged
from ..schemas import MessageOut
from ..services import Services
from ..users import UserRole
from .deps import token_role
from .errors import DB_DOWN, DB_DOWN_MESSAGE

log = logging.getLogger(__name__)
router = APIRouter(tags=['chat'])

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_SLOW = 4408
CLOSE_TRY_LATER = 1013
MAX_FRAME_CHARS = 16_000
OUTBOX_SIZE = 1000
CLOSE_TIMEOUT = 10.0  # seconds a close frame may wait for a client to make room for it
_RESYNC: dict = {'type': 'resync'}  # an outbox marker: reload from the database (compared by identity)


@router.websocket('/api/v1/chat/{interview_id}/ws')
async def chat_socket(websocket: WebSocket, interview_id: int, link: str | None = None,
                      token: str | None = None) -> None:
    services: Services = websocket.app.state.services
    await websocket.accept()
    try:
        role = await _authorize(services, interview_id, link, token)
    except DB_DOWN:
        role = CLOSE_TRY_LATER
    if isinstance(role, int):
        await websocket.close(code=role, reason='not allowed')
        return
    peer = _Peer(websocket, services, interview_id)
    unsubscribe = services.rooms.room(interview_id).subscribe(peer.on_event)
    gone = (WebSocketDisconnect, RuntimeError)  # what a send or receive raises once the client is away
    peer.sender = services.tasks.spawn(peer.send_loop(await services.chat.history(interview_id)),
                                       name=f'chat-{interview_id}-send', expected=gone)
    peer.receiver = services.tasks.spawn(_receive_loop(websocket, services, interview_id, role),
                                         name=f'chat-{interview_id}-receive', expected=gone)
    try:
        await asyncio.wait([peer.receiver])  # ends when the client leaves, or when we close the socket
    finally:
        unsubscribe()
        peer.sender.cancel()
        peer.receiver.cancel()
        if peer.closer is not None:
            await asyncio.wait([peer.closer])


class _Peer:
    """One socket's side of the room: an outbox the room fills and a sender that drains it."""

    def __init__(self, websocket: WebSocket, services: Services, interview_id: int) -> None:
        self.websocket = websocket
        self.services = services
        self.interview_id = interview_id
        self.outbox: asyncio.Queue[dict] = asyncio.Queue(OUTBOX_SIZE)
        self.sender: asyncio.Task | None = None
        self.closer: asyncio.Task | None = None

    def on_event(self, event: RoomEvent) -> None:
        if self.closer is not None:
            return
        if isinstance(event, RoomDeleted):
            self._close(CLOSE_NOT_FOUND, 'the interview was deleted', drain=True)
            return
        payload = _RESYNC if isinstance(event, Resync) else _payload(event)
        if payload is None:
            return
        try:
            self.outbox.put_nowait(payload)
        except asyncio.QueueFull:  # a client that reads nothing must not hold the room back: close it
            log.warning('chat socket of interview %s is not reading; closing it with %d', self.interview_id,
                        CLOSE_TOO_SLOW)
            self._close(CLOSE_TOO_SLOW, 'client too slow', drain=False)

    def _close(self, code: int, reason: str, *, drain: bool) -> None:
        self.closer = self.services.tasks.spawn(self._closing(code, reason, drain),
                                                name=f'chat-{self.interview_id}-close',
                                                expected=(RuntimeError, WebSocketDisconnect))

    async def send_loop(self, history: list[MessageOut]) -> None:
        sent_up_to = 0
        for message in history:
            await self.websocket.send_json(message.model_dump(mode='json', exclude={'meta'}))
            sent_up_to = max(sent_up_to, message.id)
        while True:
            payload = await self.outbox.get()
            if payload is _RESYNC:  # events may have been missed (the bus reconnected): send what is stored since
                sent_up_to = await self._resync(sent_up_to)
                continue
            if 'content' in payload:
                if payload['id'] <= sent_up_to:
                    continue  # already part of the history sent above
                sent_up_to = payload['id']
            await self.websocket.send_json(payload)

    async def _resync(self, sent_up_to: int) -> int:
        """The stored messages this socket has not had, then a `resync` frame with the current status."""
        for message in await self.services.chat.history(self.interview_id):
            if message.id > sent_up_to:
                await self.websocket.send_json(message.model_dump(mode='json', exclude={'meta'}))
                sent_up_to = message.id
        interview = await self.services.interviews.get(self.interview_id)
        await self.websocket.send_json({**_payload(StatusChanged(interview.status, interview.started_at,
                                                                 interview.finished_at, interview.actual_duration)),
                                        'type': 'resync'})
        return sent_up_to

    async def _closing(self, code: int, reason: str, drain: bool) -> None:
        """Close the socket; with `drain` what is queued is sent first, else the sender (which may be stuck writing
        to a full socket buffer) is stopped at once."""
        if self.sender is not None:
            if drain:
                while not self.outbox.empty() and not self.sender.done():
                    await asyncio.sleep(0.01)
            self.sender.cancel()
            await asyncio.wait([self.sender])
        try:  # a client that reads nothing may never take the close frame: do not wait for it forever
            await asyncio.wait_for(self.websocket.close(code=code, reason=reason), CLOSE_TIMEOUT)
        except (TimeoutError, RuntimeError, WebSocketDisconnect):
            log.info('chat socket of interview %s: the close frame could not be delivered', self.interview_id)
        if self.receiver is not None:
            self.receiver.cancel()  # the handler ends and the server lets the connection go


async def _receive_loop(websocket: WebSocket, services: Services, interview_id: int, role: Role) -> None:
    while True:
        error = await _take_frame(await websocket.receive(), services, interview_id, role)
        if error:
            await websocket.send_json({'error': error})


async def _take_frame(frame: dict, services: Services, interview_id: int, role: Role) -> str | None:
    """Post the frame's message; the error to answer, or None."""
    if frame['type'] == 'websocket.disconnect':
        raise WebSocketDisconnect(frame.get('code', 1000))
    raw = frame.get('text')
    if raw is None:
        return 'Binary frames are not accepted; send JSON text: {"content": "..."}'
    if len(raw) > MAX_FRAME_CHARS:
        return f'Message frame too large (max {MAX_FRAME_CHARS} characters)'
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return 'Invalid JSON'
    if not isinstance(data, dict) or 'content' not in data:
        return 'Expected a JSON object with "content"'
    try:
        await services.chat.post(interview_id, data['content'], role, Source.TYPED)
    except AisobesError as e:
        return e.message
    except DB_DOWN:
        log.warning('chat socket of interview %s: database unreachable, message refused', interview_id)
        return DB_DOWN_MESSAGE
    return None


async def _authorize(services: Services, interview_id: int, link: str | None,
                     token: str | None) -> Role | int:
    found = await token_role(services, token)  # the service token, or a recruiter's or admin's own token
    recruiter = found is not None and found[1].allows(UserRole.RECRUITER)
    try:
        interview = await services.interviews.get(interview_id)
    except NotFound:
        if recruiter:
            return CLOSE_NOT_FOUND
        return CLOSE_FORBIDDEN if (link or token) else CLOSE_UNAUTHORIZED
    if token is not None:
        return Role.RECRUITER if recruiter else CLOSE_FORBIDDEN
    if link is not None:
        return Role.CANDIDATE if secret_ok(interview.unique_link, link) else CLOSE_FORBIDDEN
    return CLOSE_UNAUTHORIZED


def _payload(event: RoomEvent) -> dict | None:
    if isinstance(event, MessagePosted):
        return event.message.model_dump(mode='json', exclude={'meta'})
    if isinstance(event, StatusChanged):
        return {'type': 'status', 'status': event.status.value,
                'started_at': event.started_at.isoformat() if event.started_at else None,
                'finished_at': event.finished_at.isoformat() if event.finished_at else None,
                'actual_duration': event.actual_duration}
    return None
