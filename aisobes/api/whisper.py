"""/api/v1/whisper/ws?token=<AISOBES_API_TOKEN>: this server as a Whisper server for others.

The original product's protocol, backed by this server's transcriber, so one aisobes node can transcribe for
several (their AISOBES_WHISPER=remote, AISOBES_WHISPER_URL=ws://this-node/api/v1/whisper/ws?token=...):

    client -> server  {"type": "audio", "audio_data": "<base64 of one utterance>", "language"?: "ru"|"en"}
                      {"type": "ping"}
    server -> client  {"type": "connection_established", "client_id"}
                      {"type": "transcription", "text", "timestamp", "client_id"}
                      {"type": "error", "message"}   {"type": "pong"}

The audio may be in any container PyAV decodes (WAV, WebM/Opus, Ogg, ...). Requests on one connection are
answered in order; open several connections for parallel work.
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ..auth import secret_ok
from ..services import Services
from ..speech.audio import SAMPLE_RATE, decode_audio
from ..speech.queue import Overloaded
from ..speech.transcriber import TranscriberState, TranscriberUnavailable
from .chat import CLOSE_FORBIDDEN, CLOSE_UNAUTHORIZED

log = logging.getLogger(__name__)
router = APIRouter(tags=['speech'])

MAX_AUDIO_SECONDS = 300
READY_WAIT = 60.0  # seconds a request waits for the model to finish loading
LANGUAGES = {'ru', 'en', 'auto', None}


@router.websocket('/api/v1/whisper/ws')
async def whisper_socket(websocket: WebSocket, token: str | None = None) -> None:
    services: Services = websocket.app.state.services
    await websocket.accept()
    if not secret_ok(services.settings.api_token, token):
        await websocket.close(code=CLOSE_FORBIDDEN if token else CLOSE_UNAUTHORIZED, reason='invalid token')
        return
    client_id = str(uuid.uuid4())
    await websocket.send_json({'type': 'connection_established', 'client_id': client_id})
    log.info('whisper client %s connected', client_id)
    while True:
        message = await websocket.receive()
        if message['type'] == 'websocket.disconnect':
            log.info('whisper client %s disconnected', client_id)
            return
        if message.get('text') is None:
            reply = _error('expected JSON text messages')
        else:
            reply = await _answer(services, client_id, message['text'])
        try:
            await websocket.send_json(reply)
        except (WebSocketDisconnect, RuntimeError):  # the client left while we were transcribing
            return


async def _answer(services: Services, client_id: str, raw: str) -> dict:
    try:
        message = json.loads(raw)
        kind = message.get('type')
    except (ValueError, AttributeError):
        return _error('invalid JSON message')
    if kind == 'ping':
        return {'type': 'pong'}
    if kind != 'audio':
        return _error(f'unknown message type {kind!r}')
    language = message.get('language')
    if language not in LANGUAGES:
        return _error(f'unsupported language {language!r}')
    try:
        data = base64.b64decode(message.get('audio_data') or '', validate=True)
    except (binascii.Error, TypeError, ValueError):
        return _error('audio_data is not valid base64')
    if not data:
        return _error('audio_data is empty')
    try:
        audio = await asyncio.to_thread(decode_audio, data)  # decoding is CPU work: not on the event loop
    except ValueError as e:
        return _error(str(e))
    if len(audio) > MAX_AUDIO_SECONDS * SAMPLE_RATE:
        return _error(f'audio longer than {MAX_AUDIO_SECONDS} s')
    transcriber = services.speech.transcriber
    deadline = time.monotonic() + READY_WAIT
    while transcriber.state == TranscriberState.STARTING and time.monotonic() < deadline:  # the model is loading
        await asyncio.sleep(0.1)
    try:
        transcript = await transcriber.transcribe(audio, None if language == 'auto' else language,
                                                  interview_id=f'whisper:{client_id}', final=True)
    except (TranscriberUnavailable, Overloaded) as e:
        return _error(f'transcriber unavailable: {e}')
    except Exception as e:
        log.exception('whisper client %s: transcription failed', client_id)
        return _error(f'transcription failed: {type(e).__name__}')
    return {'type': 'transcription', 'text': transcript.text, 'timestamp': datetime.now(UTC).isoformat(),
            'client_id': client_id}


def _error(message: str) -> dict:
    return {'type': 'error', 'message': message}
