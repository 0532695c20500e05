"""Issue 4 in a real browser: Chromium's fake microphone plays an espeak-ng sentence into the room; the media
element streams it (AudioWorklet -> 16 kHz PCM16 -> speech WebSocket) to the server's embedded Whisper, and the
words appear in the chat as the candidate's spoken message and, after finish, in the transcript file."""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..helpers import ROOT, Server, start_server
from .conftest import speech_wav
from .flow import admin_login, create_interview, finish_interview, open_room, start_interview

pytestmark = pytest.mark.e2e

SENTENCE = 'I have five years of experience with Python and databases.'
KEY_WORDS = {'five', '5', 'years', 'experience', 'python', 'databases'}  # Whisper may write digits
SERVER_ENV = {'AISOBES_ADMIN_PASSWORD': 'e2e-password', 'AISOBES_API_TOKEN': 'e2e-token', 'AISOBES_WHISPER': 'local',
              'AISOBES_LANGUAGE': 'en', 'PYTHONPATH': str(ROOT)}
MODEL_READY_TIMEOUT = 120  # s: loading the base model on a busy 2-core machine
SPOKEN_TIMEOUT = 60  # s: the sentence loops every ~8 s; the first complete pass after streaming starts must land


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    pytest.importorskip('faster_whisper', reason='speech recognition needs faster-whisper (pip install -e .)')
    running = start_server(tmp_path, SERVER_ENV)
    yield running
    running.stop()


def test_spoken_words_reach_the_chat_and_the_transcript(launch_browser, server: Server, artifacts: Path,
                                                          tmp_path: Path):
    wav = speech_wav(tmp_path / 'answer.wav', SENTENCE, silence_before=1.0, silence_after=3.0)
    browser = launch_browser(wav)
    admin = admin_login(browser.new_context(viewport={'width': 1280, 'height': 720}), server)
    link = create_interview(admin, server, name='Bob Speaker', position='Data engineer', language='en')
    wait_for_model(server)

    room = open_room(browser.new_context(viewport={'width': 1280, 'height': 720}), link)
    expect(room.get_by_test_id('room-start')).to_be_visible()
    start_interview(room)

    spoken = room.get_by_test_id('chat-message').filter(has_text=re.compile('python', re.IGNORECASE))
    expect(spoken.first).to_be_visible(timeout=SPOKEN_TIMEOUT * 1000)
    heard = words(spoken.first.inner_text())
    assert len(KEY_WORDS & heard) >= 3, f'heard {heard}'
    room.screenshot(path=str(artifacts / 'room-speech.png'))

    finish_interview(room)
    transcript = json.loads(transcript_file(server, '*.json').read_text(encoding='utf-8'))
    from_speech = [m for m in transcript['messages'] if m.get('source') == 'speech' and m['role'] == 'candidate']
    assert from_speech, transcript['messages']
    assert len(KEY_WORDS & words(' '.join(m['content'] for m in from_speech))) >= 3
    text = transcript_file(server, '*.txt').read_text(encoding='utf-8')
    assert len(KEY_WORDS & words(text)) >= 3


def wait_for_model(server: Server) -> None:
    """The embedded model loads in the background at start (the room says 'starting' until then)."""
    deadline = time.monotonic() + MODEL_READY_TIMEOUT
    state = None
    with server.client() as client:
        while time.monotonic() < deadline:
            speech = client.get('/api/v1/metrics', headers=server.auth).json().get('speech') or {}
            state = (speech.get('transcriber') or {}).get('state')
            if state == 'ready':
                return
            if state in ('unavailable', 'off'):
                break
            time.sleep(0.5)
    pytest.fail(f'the Whisper model is not ready ({state}):\n{server.log()[-3000:]}')


def transcript_file(server: Server, pattern: str) -> Path:
    """The finish writes the JSON and the TXT one after the other (each atomically): wait for the one wanted."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = list(server.transcripts_dir.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f'no {pattern} transcript in {server.transcripts_dir}')


def words(text: str) -> set[str]:
    return set(re.findall(r'[a-z0-9]+', text.lower()))


def test_the_ai_speaks_its_turn_and_the_candidate_can_talk_over_it(voice_env, launch_browser, server: Server,
                                                                     artifacts: Path, tmp_path: Path):
    """Issue 5's voice in the room: the AI HR's greeting is spoken (the AI tile says so) while the microphone is held
    back; when the candidate starts talking the speech stops (barge-in) and what they say reaches the chat."""
    wav = speech_wav(tmp_path / 'interrupt.wav', SENTENCE, silence_before=8.0, silence_after=1.0)
    browser = launch_browser(wav, env=voice_env, args=('--enable-speech-dispatcher',))
    admin = admin_login(browser.new_context(), server)
    link = create_interview(admin, server, name='Carol Talker', position='Data engineer', language='en')
    wait_for_model(server)

    room = open_room(browser.new_context(viewport={'width': 1280, 'height': 720}), link)
    start_interview(room)
    ai_state = room.get_by_test_id('ai-state')
    expect(ai_state).to_have_text('speaking', timeout=20_000)  # the greeting, through speech-dispatcher
    room.screenshot(path=str(artifacts / 'room-ai-speaking.png'))

    # The greeting takes about half a minute to say; the candidate's sentence starts at most one loop of the WAV
    # (~13 s) later. Hearing it within 20 s means it cut the greeting short instead of waiting for its end.
    spoken = room.get_by_test_id('chat-message').filter(has_text=re.compile('python', re.IGNORECASE))
    expect(spoken.first).to_be_visible(timeout=20_000)
    assert len(KEY_WORDS & words(spoken.first.inner_text())) >= 3
