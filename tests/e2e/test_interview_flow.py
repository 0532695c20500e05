"""Issue 3 in a real browser: the recruiter creates an interview in the admin, the candidate opens the link, sees
the camera preview, starts, writes in the chat; the recruiter sees it live in a second browser context; the
candidate finishes; the recruiter downloads the transcript. Screenshots go to test-artifacts/."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from ..helpers import ROOT, Server, start_server
from .conftest import tone_wav
from .flow import (
    admin_login,
    assert_preview_playing,
    create_interview,
    download_transcript,
    finish_interview,
    open_admin_interview,
    open_room,
    send_chat,
    start_interview,
)

pytestmark = pytest.mark.e2e

SERVER_ENV = {'AISOBES_ADMIN_PASSWORD': 'e2e-password', 'AISOBES_API_TOKEN': 'e2e-token', 'AISOBES_WHISPER': 'off',
              'AISOBES_LANGUAGE': 'en',
              'PYTHONPATH': str(ROOT)}  # the checkout under test, whatever an editable install points at


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path, SERVER_ENV)
    yield running
    running.stop()


def test_interview_from_admin_to_transcript(launch_browser, server: Server, artifacts: Path, tmp_path: Path):
    browser = launch_browser(tone_wav(tmp_path / 'tone.wav'))
    recruiter = browser.new_context(viewport={'width': 1280, 'height': 720}, accept_downloads=True)
    candidate = browser.new_context(viewport={'width': 1280, 'height': 720})

    admin = admin_login(recruiter, server)
    link = create_interview(admin, server, name='Alice Example', position='Backend developer',
                            knowledge_base='Python\nSQL\nAsynchronous programming')

    room = open_room(candidate, link)
    expect(room.get_by_test_id('room-start')).to_be_visible()
    assert_preview_playing(room)
    expect(room.get_by_test_id('device-camera')).not_to_be_empty()
    room.wait_for_function('m => Number(m.getAttribute("aria-valuenow")) > 0.2',  # the tone moves the level meter
                           arg=room.get_by_test_id('mic-level').element_handle())
    room.screenshot(path=str(artifacts / 'lobby.png'))

    open_admin_interview(admin, server, 'Alice Example')
    start_interview(room)
    assert_preview_playing(room)  # the same element, now in the interview stage
    expect(room.get_by_test_id('timer')).to_have_text(re.compile(r'\d{2}:\d{2}'))

    text = 'I have built asynchronous Python services with PostgreSQL for six years.'
    send_chat(room, text)
    expect(admin.get_by_test_id('chat-message').filter(has_text=text).first).to_be_visible()  # live, no reload
    expect(room.get_by_test_id('ai-tile')).to_be_visible()
    room.screenshot(path=str(artifacts / 'room.png'))
    admin.screenshot(path=str(artifacts / 'admin.png'))

    finish_interview(room)
    expect(room.get_by_test_id('room-start')).not_to_be_visible()
    room.reload()
    expect(room.get_by_test_id('room-finished')).to_be_visible()
    expect(room.get_by_test_id('room-start')).not_to_be_visible()  # a reload never offers Start again

    transcript = download_transcript(admin, 'json', tmp_path)
    data = json.loads(transcript.read_text(encoding='utf-8'))
    contents = [m['content'] for m in data['messages']]
    assert text in contents
    txt = download_transcript(admin, 'txt', tmp_path)
    assert text in txt.read_text(encoding='utf-8')
    admin.screenshot(path=str(artifacts / 'admin-finished.png'))


# the browser's speech synthesis replaced by a recorder: headless Chromium has no voices, and this counts per tab
RECORD_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speaking: false, pending: false, paused: false, onvoiceschanged: null,
  speak(u) {
    window.__spoken.push(u.text);
    setTimeout(() => { u.onstart && u.onstart(); setTimeout(() => u.onend && u.onend(), 20); }, 10);
  },
  cancel() {}, pause() {}, resume() {}, getVoices() { return []; }, addEventListener() {}, removeEventListener() {},
}});
"""


def test_two_tabs_on_one_link_speak_the_ai_once(launch_browser, server: Server, tmp_path: Path):
    created = httpx.post(f'{server.base_url}/api/v1/interviews/', headers={'Authorization': f'Bearer {server.token}'},
                         json={'candidate_name': 'Two Tabs', 'candidate_id': 't-2', 'position': 'SRE',
                               'recommended_duration': 30, 'knowledge_base': 'Linux, Kafka'}).json()
    browser = launch_browser(tone_wav(tmp_path / 'tone.wav'))
    context = browser.new_context(viewport={'width': 1280, 'height': 720})
    context.add_init_script(RECORD_SPEECH)
    first, second = open_room(context, created['full_link']), open_room(context, created['full_link'])
    expect(first.get_by_test_id('room-start')).to_be_visible()
    start_interview(second)
    expect(first.get_by_test_id('chat-input')).to_be_visible()
    second.wait_for_function('() => window.__spoken.length > 0')  # the greeting, in the tab that started
    spoken_in_second = second.evaluate('window.__spoken.length')

    send_chat(first, 'I have run Linux servers and Kafka clusters for six years.')  # now the first tab is in use
    first.wait_for_function('() => window.__spoken.length > 0')
    expect(second.get_by_test_id('chat-message')).to_have_count(3)
    second.wait_for_timeout(500)
    assert second.evaluate('window.__spoken.length') == spoken_in_second  # the reply was spoken in one tab only
