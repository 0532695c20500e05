"""The real server (`python -m aisobes`, AISOBES_WHISPER=local) with espeak speech streamed over its speech
WebSocket; the whisper endpoint in the original protocol; the remote relay against it; refusals and bad frames."""
from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from aisobes.speech.audio import wav_bytes
from aisobes.speech.framing import (
    CLOSE_FINISHED,
    CLOSE_NOT_PCM16,
    CLOSE_NOT_STARTED,
    CLOSE_TOO_FAST,
    CLOSE_TOO_LARGE,
    CLOSE_UNKNOWN,
)
from aisobes.speech.remote import RemoteTranscriber
from aisobes.speech.transcriber import TranscriberState, TranscriberUnavailable

from ..helpers import Server, free_port, start_server
from .conftest import pcm16, with_silence, words
from .test_audio_and_vad import encode

TOKEN = 'test-token'
ENV = {'AISOBES_API_TOKEN': TOKEN, 'AISOBES_ADMIN_PASSWORD': 'test-password', 'AISOBES_LANGUAGE': 'en'}
SENTENCE = 'I have many years of experience with Python and web development.'
EXPECTED = {'many', 'years', 'experience', 'python', 'web', 'development'}


@pytest.fixture(scope='module')
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server transcribing locally: the one candidates talk to, and the Whisper server of other nodes."""
    running = start_server(tmp_path_factory.mktemp('speech-node'), {**ENV, 'AISOBES_WHISPER': 'local'})
    try:
        deadline = time.monotonic() + 120
        while metrics_of(running)['transcriber']['state'] == 'starting' and time.monotonic() < deadline:
            time.sleep(0.1)
        yield running
    finally:
        running.stop()


def metrics_of(server: Server) -> dict:
    with server.client() as http:
        return http.get('/api/v1/metrics', headers=server.auth).raise_for_status().json()['speech']


def new_interview(server: Server, *, start: bool = True, language: str = 'en', knowledge_base: str = '') -> dict:
    with server.client() as http:
        created = http.post('/api/v1/interviews/', headers=server.auth, json={
            'candidate_name': 'Ada', 'candidate_id': 'c-1', 'position': 'Engineer', 'recommended_duration': 30,
            'language': language, 'knowledge_base': knowledge_base}).raise_for_status().json()
        if start:
            http.patch(f'/api/v1/interviews/{created["id"]}/start', headers=server.auth).raise_for_status()
    return created


def speech_socket(server: Server, link: str) -> ClientConnection:
    return connect(f'{server.ws_url}/api/v1/speech/{link}/ws', open_timeout=10, close_timeout=5)


def wait_state(ws: ClientConnection, *states: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if message['type'] == 'state' and message['state'] in states:
            return message


def stream(ws: ClientConnection, audio: np.ndarray, speed: float = 3.0, frame: int = 640) -> None:
    data = pcm16(audio)
    started = time.monotonic()
    for k, i in enumerate(range(0, len(data), frame * 2)):
        delay = started + k * frame / 16000 / speed - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        ws.send(data[i:i + frame * 2])


def receive_final(ws: ClientConnection, timeout: float = 30) -> tuple[dict, list[dict]]:
    seen, deadline = [], time.monotonic() + timeout
    while True:
        message = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        seen.append(message)
        if message['type'] == 'final':
            return message, seen


def close_code(ws: ClientConnection, timeout: float = 10) -> int:
    try:
        while True:
            ws.recv(timeout=timeout)
    except ConnectionClosed as e:
        return e.rcvd.code if e.rcvd else -1


def messages(server: Server, interview_id: int) -> list[dict]:
    with server.client() as http:
        return http.get(f'/api/v1/interviews/{interview_id}/messages', headers=server.auth).raise_for_status().json()


def test_spoken_answer_becomes_a_candidate_chat_message(node: Server, speak):
    interview = new_interview(node)
    with speech_socket(node, interview['unique_link']) as ws:
        wait_state(ws, 'listening')
        stream(ws, with_silence(speak(SENTENCE, 'en'), after=1.5))
        final, seen = receive_final(ws)
    assert len(words(final['text']) & EXPECTED) >= 4, final
    assert final['meta']['transcriber'] == 'local' and final['meta']['language'] == 'en'
    assert any(m['type'] == 'state' and m['state'] == 'recognising' for m in seen)
    spoken = [m for m in messages(node, interview['id']) if m['source'] == 'speech']
    assert len(spoken) == 1 and spoken[0]['role'] == 'candidate' and spoken[0]['content'] == final['text']
    assert spoken[0]['id'] == final['message_id']

    with node.client() as http:
        assert http.get('/api/v1/metrics').status_code == 401
        metrics = http.get('/api/v1/metrics', headers=node.auth).raise_for_status().json()['speech']
    assert metrics['transcriber']['state'] == 'ready' and metrics['transcriber']['load_seconds'] > 0
    assert metrics['transcriber']['queue']['capacity'] == 16
    assert metrics['speech_end_to_final_seconds']['count'] >= 1
    assert metrics['speech_end_to_final_seconds']['p50'] > 0


def test_a_russian_answer_with_tech_terms_comes_out_spelled_right(node: Server, say_ru):
    interview = new_interview(node, language='ru', knowledge_base='Стек: Python, PostgreSQL, Kubernetes, GitLab.')
    with speech_socket(node, interview['unique_link']) as ws:
        wait_state(ws, 'listening')
        stream(ws, with_silence(say_ru('деплоим в кубернетес через гитлаб.'), after=1.5))
        final, _ = receive_final(ws)
    assert 'Kubernetes' in final['text'] and 'GitLab' in final['text'], final
    spoken = [m for m in messages(node, interview['id']) if m['source'] == 'speech']
    assert spoken[0]['content'] == final['text'] and spoken[0]['meta']['language'] == 'ru'
    assert set(spoken[0]['meta']['confidence']) == {'avg_logprob', 'no_speech_prob', 'compression_ratio', 'low'}


def test_sockets_are_refused_for_unknown_unstarted_and_finished_interviews(node: Server):
    with speech_socket(node, 'no-such-link') as ws:
        assert close_code(ws) == CLOSE_UNKNOWN
    waiting = new_interview(node, start=False)
    with speech_socket(node, waiting['unique_link']) as ws:
        assert close_code(ws) == CLOSE_NOT_STARTED
    running = new_interview(node)
    with speech_socket(node, running['unique_link']) as ws:
        wait_state(ws, 'listening')
        with node.client() as http:
            http.patch(f'/api/v1/interviews/{running["id"]}/finish', headers=node.auth).raise_for_status()
        assert close_code(ws) == CLOSE_FINISHED  # finishing closes the open microphone
    with speech_socket(node, running['unique_link']) as ws:
        assert close_code(ws) == CLOSE_FINISHED


@pytest.mark.parametrize('frames, code', [
    ([b'\0' * 640, b'\0' * 641], CLOSE_NOT_PCM16),
    ([b'\0' * (64 * 1024 + 2)], CLOSE_TOO_LARGE),
    ([b'\0' * 12800] * 20, CLOSE_TOO_FAST),  # 8 s of audio at once
])
def test_bad_frames_close_the_socket_and_leave_the_interview_alone(node: Server, frames: list[bytes], code: int):
    interview = new_interview(node)
    with speech_socket(node, interview['unique_link']) as ws:
        wait_state(ws, 'listening')
        for frame in frames:
            try:
                ws.send(frame)
            except ConnectionClosed:
                break
        assert close_code(ws) == code
    assert f'closed with {code}' in node.log()
    with node.client() as http:
        status = http.get(f'/api/v1/interviews/{interview["id"]}/status', headers=node.auth).json()
    assert status['status'] == 'started'
    with speech_socket(node, interview['unique_link']) as ws:  # the candidate can reconnect and go on
        assert wait_state(ws, 'listening')['state'] == 'listening'
        ws.send(json.dumps({'type': 'ping'}))
        assert json.loads(ws.recv(timeout=10)) == {'type': 'pong'}


def whisper_socket(server: Server, token: str | None = TOKEN) -> ClientConnection:
    query = f'?token={token}' if token is not None else ''
    return connect(f'{server.ws_url}/api/v1/whisper/ws{query}', open_timeout=10, max_size=2 ** 22)


def test_whisper_endpoint_speaks_the_original_protocol(node: Server, speak):
    for token, code in ((None, 4401), ('wrong', 4403)):
        with whisper_socket(node, token) as ws:
            assert close_code(ws) == code
    audio = with_silence(speak(SENTENCE, 'en'), after=0.3)
    with whisper_socket(node) as ws:
        hello = json.loads(ws.recv(timeout=10))
        assert hello['type'] == 'connection_established' and hello['client_id']
        ws.send(json.dumps({'type': 'ping'}))
        assert json.loads(ws.recv(timeout=10)) == {'type': 'pong'}
        for data in (wav_bytes(audio), encode(audio, 'webm', 'libopus', 48000), encode(audio, 'ogg', 'libopus', 48000)):
            ws.send(json.dumps({'type': 'audio', 'audio_data': base64.b64encode(data).decode()}))
            reply = json.loads(ws.recv(timeout=60))
            assert reply['type'] == 'transcription' and reply['client_id'] == hello['client_id'], reply
            assert len(words(reply['text']) & EXPECTED) >= 4, reply
            assert reply['timestamp'].endswith('+00:00')
        for bad in ({'type': 'audio', 'audio_data': '***'}, {'type': 'audio', 'audio_data': base64.b64encode(
                b'not audio at all' * 20).decode()}, {'type': 'dance'}, {'type': 'audio', 'audio_data': ''}):
            ws.send(json.dumps(bad))
            reply = json.loads(ws.recv(timeout=30))
            assert reply['type'] == 'error' and reply['message'], reply
        ws.send('not json')
        assert json.loads(ws.recv(timeout=10))['type'] == 'error'
        ws.send(b'binary is not the protocol')
        assert json.loads(ws.recv(timeout=10))['type'] == 'error'
        ws.send(json.dumps({'type': 'ping'}))
        assert json.loads(ws.recv(timeout=10)) == {'type': 'pong'}  # and the connection is still good


async def test_remote_transcriber_relays_to_the_whisper_endpoint(node: Server, speak):
    remote = RemoteTranscriber(f'{node.ws_url}/api/v1/whisper/ws?token={TOKEN}', connections=2)
    await remote.start()
    try:
        deadline = time.monotonic() + 30
        while not remote.ready and time.monotonic() < deadline:
            await _sleep(0.05)
        assert remote.ready, remote.detail
        transcript = await remote.transcribe(speak(SENTENCE, 'en'), 'en', interview_id=1, final=True)
        assert len(words(transcript.text) & EXPECTED) >= 4, transcript
        assert transcript.language == 'en' and transcript.compute_seconds > 0
        metrics = remote.metrics()
        assert metrics['connections_up'] == 2 and 'token' not in metrics['url']
    finally:
        await remote.close()


async def test_remote_transcriber_reports_a_server_that_is_down():
    remote = RemoteTranscriber(f'ws://127.0.0.1:{free_port()}/api/v1/whisper/ws', backoff=(0.1, 0.2))
    await remote.start()
    try:
        deadline = time.monotonic() + 10
        while remote.state == TranscriberState.STARTING and time.monotonic() < deadline:
            await _sleep(0.05)
        assert remote.state in (TranscriberState.RECONNECTING, TranscriberState.UNAVAILABLE) and remote.detail
        with pytest.raises(TranscriberUnavailable):
            await remote.transcribe(np.zeros(16000, np.float32), 'en', interview_id=1, final=True)
    finally:
        await remote.close()


def test_a_node_in_remote_mode_transcribes_through_another_node(node: Server, speak, tmp_path: Path):
    relay = start_server(tmp_path, {**ENV, 'AISOBES_WHISPER': 'remote',
                                    'AISOBES_WHISPER_URL': f'{node.ws_url}/api/v1/whisper/ws?token={TOKEN}'})
    try:
        interview = new_interview(relay)
        with speech_socket(relay, interview['unique_link']) as ws:
            wait_state(ws, 'listening', timeout=30)
            stream(ws, with_silence(speak(SENTENCE, 'en'), after=1.5))
            final, _ = receive_final(ws)
        assert len(words(final['text']) & EXPECTED) >= 4 and final['meta']['transcriber'] == 'remote'
        assert [m['content'] for m in messages(relay, interview['id']) if m['source'] == 'speech'] == [final['text']]
    finally:
        relay.stop()


def test_while_the_whisper_server_is_down_the_room_says_so_and_typing_works(tmp_path: Path):
    down = start_server(tmp_path, {**ENV, 'AISOBES_WHISPER': 'remote',
                                   'AISOBES_WHISPER_URL': f'ws://127.0.0.1:{free_port()}/api/v1/whisper/ws'})
    try:
        interview = new_interview(down)
        with speech_socket(down, interview['unique_link']) as ws:
            state = wait_state(ws, 'reconnecting', 'unavailable', timeout=30)
            assert state['detail']
        with connect(f'{down.ws_url}/api/v1/chat/{interview["id"]}/ws?link={interview["unique_link"]}') as chat:
            chat.send(json.dumps({'content': 'I will type instead.'}))
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                message = json.loads(chat.recv(timeout=10))
                if message.get('content') == 'I will type instead.':
                    break
        assert any(m['content'] == 'I will type instead.' for m in messages(down, interview['id']))
    finally:
        down.stop()


async def _sleep(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)


def test_health_still_answers(node: Server):
    assert httpx.get(f'{node.base_url}/health', timeout=5).status_code == 200


def test_with_speech_off_the_socket_says_so_and_ignores_audio(tmp_path: Path, speak):
    off = start_server(tmp_path, {**ENV, 'AISOBES_WHISPER': 'off'})
    try:
        interview = new_interview(off)
        with speech_socket(off, interview['unique_link']) as ws:
            assert wait_state(ws, 'off', timeout=10)['state'] == 'off'
            stream(ws, with_silence(speak('Hello there.', 'en')))
            ws.send(json.dumps({'type': 'ping'}))
            assert json.loads(ws.recv(timeout=10)) == {'type': 'pong'}
        assert [m for m in messages(off, interview['id']) if m['source'] == 'speech'] == []
        assert metrics_of(off)['transcriber']['state'] == 'off'
    finally:
        off.stop()
