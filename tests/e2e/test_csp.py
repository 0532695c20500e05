"""The pages work under the security headers' Content-Security-Policy in Chromium: the admin login, list, create and
interview pages, the candidate's room with camera and microphone (the media element, its AudioWorklet) and the chat,
with not one CSP violation reported (securitypolicyviolation events and console errors)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from ..helpers import Server, start_server
from .conftest import tone_wav
from .flow import (
    admin_login,
    assert_preview_playing,
    create_interview,
    open_admin_interview,
    open_room,
    send_chat,
    start_interview,
)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path, {'AISOBES_LANGUAGE': 'en'})
    yield running
    running.stop()


def watched(context: BrowserContext, console: list[str]) -> BrowserContext:
    context.add_init_script(RECORD_VIOLATIONS)
    context.on('console', lambda m: console.append(m.text) if 'Content Security Policy' in m.text else None)
    return context


def test_room_and_admin_pages_have_no_csp_violations(launch_browser, server: Server, tmp_path: Path):
    browser = launch_browser(tone_wav(tmp_path / 'tone.wav'))
    console: list[str] = []
    recruiter = watched(browser.new_context(viewport={'width': 1280, 'height': 720}), console)
    candidate = watched(browser.new_context(viewport={'width': 1280, 'height': 720}), console)

    admin = admin_login(recruiter, server)
    assert "frame-ancestors 'none'" in admin.evaluate('async () => (await fetch("/admin")).headers.get('
                                                      '"content-security-policy")')
    link = create_interview(admin, server, name='Csp Example', position='QA')
    room = open_room(candidate, link)
    assert_preview_playing(room)
    room.wait_for_function('m => Number(m.getAttribute("aria-valuenow")) > 0.2',  # the worklet runs: the meter moves
                           arg=room.get_by_test_id('mic-level').element_handle())
    open_admin_interview(admin, server, 'Csp Example')
    start_interview(room)
    send_chat(room, 'Hello under a strict policy')
    expect(admin.get_by_test_id('chat-message').filter(has_text='Hello under a strict policy').first).to_be_visible()

    violations = [v for page in (admin, room) for v in page.evaluate('window.__csp')]
    assert violations == [] and console == [], (violations, console)
