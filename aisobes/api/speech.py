"""/api/v1/speech/{unique_link}/ws: the candidate's microphone, as binary frames of PCM16 LE mono 16 kHz.

Authorized by the interview link; refused while the interview is not started and once it is finished. Frames of
20-100 ms each; a frame of odd length, a frame over 64 KiB or audio faster than 4x real time closes the socket
with its own close code (see aisobes.speech.framing) and a log line. Text frames are optional control messages:
{"type": "mute"}, {"type": "unmute"}, {"type": "ping"}. The server sends JSON text frames:
{"type": "state", "state": "starting|listening|recognising|reconnecting|unavailable|off", "detail"},
{"type": "partial", "text", "utterance"}, {"type": "final", "text", "message_id", "utterance", "meta"},
{"type": "pong"}, {"type": "error", "message"}.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ..errors import NotFound
from ..models import Interview, Source, Status
from ..rooms import MessagePosted, RoomDeleted, RoomEvent, SpeechPartial, SpeechState, StatusChanged
from ..services import Services
from ..speech.framing import CLOSE_FINISHED, CLOSE_NOT_STARTED, CLOSE_UNKNOWN, FrameGuard
from ..speech.session import SpeechSession

log = logging.getLogger(__name__)
router = APIRouter(tags=['speech'])

OUTBOX_SIZE = 200


@router.websocket('/api/v1/speech/{unique_link}/ws')
async def speech_socket(websocket: WebSocket, unique_link: str) -> None:
    services: Services = websocket.app.state.services
    await websocket.accept()
    interview, refusal = await _admit(services, unique_link)
    if interview is None:
        await websocket.close(code=refusal[0], reason=refusal[1])
        return
    session = await services.speech.session_for(interview)
    source = uuid.uuid4().hex[:8]
    outbox: asyncio.Queue[dict] = asyncio.Queue()

    def on_event(event: RoomEvent) -> None:
        payload = _payload(event)
        # a client that reads nothing misses previews and states, never a final or the end
        if payload is not None and (outbox.qsize() < OUTBOX_SIZE or payload['type'] in ('final', 'finished')):
            outbox.put_nowait(payload)

    session.attach(source)
    unsubscribe = services.rooms.room(interview.id).subscribe(on_event)
    state, detail = session.state  # the current state first, then every change
    outbox.put_nowait({'type': 'state', 'state': state, 'detail': detail})
    sender = services.tasks.spawn(_send_loop(websocket, outbox), name=f'speech-{interview.id}-{source}-send',
                                  expected=(WebSocketDisconnect, RuntimeError))
    abandon = False
    log.info('speech socket %s opened for interview %s', source, interview.id)
    try:
        abandon = await _receive_loop(websocket, session, source, interview.id)
    except WebSocketDisconnect:
        pass
    finally:
        unsubscribe()
        session.detach(source, abandon=abandon)
        sender.cancel()
        log.info('speech socket %s closed for interview %s', source, interview.id)
        await services.speech.release(session)


async def _receive_loop(websocket: WebSocket, session: SpeechSession, source: str, interview_id: int) -> bool:
    """Returns True when the socket was closed for bad input."""
    guard = FrameGuard()
    while True:
        message = await websocket.receive()
        if message['type'] == 'websocket.disconnect':
            return False
        frame = message.get('bytes')
        if frame is not None:
            refusal = guard.check(frame, time.monotonic())
            if refusal is not None:
                log.warning('speech socket %s (interview %s) closed with %d: %s', source, interview_id,
                            refusal.code, refusal.reason)
                await websocket.close(code=refusal.code, reason=refusal.reason[:120])
                return True
            session.feed(source, frame)
            continue
        reply = _control(session, source, message.get('text') or '')
        if reply is not None:
            await websocket.send_json(reply)


def _control(session: SpeechSession, source: str, text: str) -> dict | None:
    try:
        data = json.loads(text)
        kind = data['type']
    except (ValueError, TypeError, KeyError):
        return {'type': 'error', 'message': 'expected binary PCM16 frames or {"type": "mute"|"unmute"|"ping"}'}
    if kind in ('mute', 'unmute'):
        session.set_muted(source, kind == 'mute')
        return None
    if kind == 'ping':
        return {'type': 'pong'}
    return {'type': 'error', 'message': f'unknown message type {kind!r}'}


async def _send_loop(websocket: WebSocket, outbox: asyncio.Queue) -> None:
    while True:
        payload = await outbox.get()
        if payload.get('type') == 'finished':
            await websocket.close(code=CLOSE_FINISHED, reason='the interview is finished')
            return
        await websocket.send_json(payload)


async def _admit(services: Services, unique_link: str) -> tuple[Interview | None, tuple[int, str]]:
    """The started interview of this link, or None and the close code and reason."""
    try:
        interview = await services.interviews.get_by_link(unique_link)
    except NotFound:
        return None, (CLOSE_UNKNOWN, 'unknown interview')
    if interview.status == Status.NOT_STARTED:
        return None, (CLOSE_NOT_STARTED, 'the interview has not started')
    if interview.status == Status.FINISHED:
        return None, (CLOSE_FINISHED, 'the interview is finished')
    return interview, (0, '')


def _payload(event: RoomEvent) -> dict | None:
    if isinstance(event, SpeechState):
        return {'type': 'state', 'state': event.state, 'detail': event.detail}
    if isinstance(event, SpeechPartial):
        return {'type': 'partial', 'text': event.text, 'utterance': event.utterance}
    if isinstance(event, MessagePosted) and event.message.source == Source.SPEECH:
        meta = event.message.meta or {}
        return {'type': 'final', 'text': event.message.content, 'message_id': event.message.id,
                'utterance': meta.get('utterance'), 'meta': meta}
    if isinstance(event, RoomDeleted) or (isinstance(event, StatusChanged) and event.status == Status.FINISHED):
        return {'type': 'finished'}
    return None
