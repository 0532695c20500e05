"""Speech with two instances that transcribe locally (AISOBES_WHISPER=local) on one PostgreSQL database: a speech
socket's partials and finals reach the other instance's sockets, both ways; and the two instances as Whisper nodes
of a relay with two URLs (AISOBES_WHISPER_URL="a,b"): round-robin over both, failover when one is gone."""
from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosed

from aisobes.speech.remote import RemoteTranscriber

from ..speech.conftest import speak, speech_dir, with_silence, words  # noqa: F401
from ..speech.test_server import (
    EXPECTED,
    SENTENCE,
    metrics_of,
    new_interview,
    receive_final,
    speech_socket,
    stream,
    wait_state,
)
from .conftest import Pair, start_pair


@pytest.fixture(scope='module')
def speech_pair(shared_postgres: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    running = start_pair(tmp_path_factory.mktemp('speech-pair'), shared_postgres, AISOBES_WHISPER='local',
                         AISOBES_LANGUAGE='en')
    try:
        for server in running.both:
            deadline = time.monotonic() + 120
            while metrics_of(server)['transcriber']['state'] == 'starting' and time.monotonic() < deadline:
                time.sleep(0.1)
            assert metrics_of(server)['transcriber']['state'] == 'ready'
        yield running
    finally:
        running.stop()


def drain(ws, seconds: float) -> list[dict]:
    """What arrived on a socket that only watches, until `seconds` of quiet or its final."""
    seen: list[dict] = []
    try:
        while True:
            message = json.loads(ws.recv(timeout=seconds))
            seen.append(message)
            if message['type'] == 'final':
                return seen
    except (TimeoutError, ConnectionClosed):
        return seen


@pytest.mark.parametrize('direction', ['a->b', 'b->a'])
def test_partials_and_finals_cross_instances(speech_pair: Pair, speak, direction: str) -> None:  # noqa: F811
    speaker, watcher = (speech_pair.a, speech_pair.b) if direction == 'a->b' else (speech_pair.b, speech_pair.a)
    interview = new_interview(speaker)
    with speech_socket(watcher, interview['unique_link']) as watching, \
            speech_socket(speaker, interview['unique_link']) as talking:
        wait_state(talking, 'listening')
        stream(talking, with_silence(speak(SENTENCE, 'en'), after=1.5), speed=1.0)  # real time: previews come
        final, _ = receive_final(talking)
        seen = drain(watching, 10)
    partials = [m for m in seen if m['type'] == 'partial' and m['text']]
    finals = [m for m in seen if m['type'] == 'final']
    assert partials, seen
    assert [m['text'] for m in finals] == [final['text']] and len(words(final['text']) & EXPECTED) >= 4


async def test_relay_round_robin_over_two_whisper_nodes_then_failover(speech_pair: Pair, speak) -> None:  # noqa: F811
    urls = ','.join(f'{server.ws_url}/api/v1/whisper/ws?token={server.token}' for server in speech_pair.both)
    remote = RemoteTranscriber(urls, connections=1, backoff=(0.1, 0.5))
    audio = speak(SENTENCE, 'en')
    await remote.start()
    try:
        for _ in range(100):
            if remote.metrics()['connections_up'] == 2:
                break
            await asyncio.sleep(0.05)
        assert [s['connections_up'] for s in remote.metrics()['servers']] == [1, 1]
        assert 'token' not in json.dumps(remote.metrics())
        before = [metrics_of(server)['transcriber']['compute_seconds']['count'] for server in speech_pair.both]
        for _ in range(4):
            transcript = await remote.transcribe(audio, 'en', interview_id=1, final=True)
            assert len(words(transcript.text) & EXPECTED) >= 4
        after = [metrics_of(server)['transcriber']['compute_seconds']['count'] for server in speech_pair.both]
        served = [b - a for a, b in zip(before, after, strict=True)]
        assert sum(served) == 4 and min(served) >= 1, served  # both nodes took work

        speech_pair.a.process.kill()  # one Whisper node dies: the other takes every utterance
        speech_pair.a.process.wait(10)
        for _ in range(2):
            transcript = await remote.transcribe(audio, 'en', interview_id=2, final=True)
            assert len(words(transcript.text) & EXPECTED) >= 4
        assert [s['connections_up'] for s in remote.metrics()['servers']] == [0, 1]
        assert remote.ready
    finally:
        await remote.close()
