"""Steps a person takes in the product, shared by the real-browser interview tests. They use only data-testid
attributes, so the wording (Russian or English) does not matter."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..helpers import Server

TIMEOUT = 15_000  # ms; the machine is small and Chromium shares it with the server


def field(page: Page, testid: str):
    """The native input of a Quasar field (Quasar puts extra attributes on the <input> or <textarea> itself)."""
    return page.locator(f'input[data-testid="{testid}"], textarea[data-testid="{testid}"], '
                        f'[data-testid="{testid}"] input, [data-testid="{testid}"] textarea').first


def admin_login(context: BrowserContext, server: Server) -> Page:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f'{server.base_url}/admin')
    field(page, 'admin-password').fill(server.admin_password)
    page.get_by_test_id('admin-login').click()
    expect(page.get_by_test_id('admin-new')).to_be_visible()  # the interviews list
    return page


def create_interview(admin: Page, server: Server, *, name: str, position: str, candidate_id: str = 'E2E-1',
                     knowledge_base: str = '', language: str = 'en', duration: int = 15) -> str:
    """Fills the admin's create form; returns the candidate's link."""
    admin.get_by_test_id('admin-new').click()
    admin.wait_for_url(re.compile(r'/admin/new$'))
    field(admin, 'create-candidate-name').fill(name)
    field(admin, 'create-candidate-id').fill(candidate_id)
    field(admin, 'create-position').fill(position)
    field(admin, 'create-recommended-duration').fill(str(duration))
    if knowledge_base:
        field(admin, 'create-knowledge-base').fill(knowledge_base)
    if language:
        admin.get_by_test_id('create-language').click()
        admin.get_by_role('option', name={'en': 'English', 'ru': 'Русский'}[language]).click()
    admin.get_by_test_id('admin-create').click()
    link = admin.get_by_test_id('created-link').inner_text().strip()
    assert link.startswith(f'{server.base_url}/interview/'), link
    return link


def open_admin_interview(admin: Page, server: Server, name: str) -> None:
    admin.goto(f'{server.base_url}/admin')
    row = admin.get_by_test_id('interview-row').filter(has_text=name).first
    target = re.compile(rf'/admin/interviews/{row.get_attribute("data-id")}$')
    for _ in range(3):  # a click that lands while the page's socket is still connecting can be lost: click again
        row.get_by_text(name).click()
        try:
            admin.wait_for_url(target, timeout=5000)
            break
        except PlaywrightTimeout:
            continue
    admin.wait_for_url(target)
    expect(admin.get_by_test_id('admin-status')).to_be_visible()


def open_room(context: BrowserContext, link: str) -> Page:
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(link)
    return page


def assert_preview_playing(page: Page) -> None:
    """The candidate's camera preview shows moving frames."""
    video = page.get_by_test_id('self-view')
    page.wait_for_function('v => v.readyState >= 2 && v.videoWidth > 0 && !v.paused', arg=video.element_handle(),
                           timeout=TIMEOUT)
    first = video.evaluate('v => v.currentTime')
    page.wait_for_timeout(700)
    assert video.evaluate('v => v.currentTime') > first, 'the camera preview is not advancing'


def start_interview(room: Page) -> None:
    room.get_by_test_id('room-start').click()
    expect(room.get_by_test_id('chat-input')).to_be_visible()
    expect(room.get_by_test_id('room-finish')).to_be_visible()


def send_chat(room: Page, text: str) -> None:
    field(room, 'chat-input').fill(text)
    room.get_by_test_id('chat-send').click()
    expect(room.get_by_test_id('chat-message').filter(has_text=text).first).to_be_visible()


def finish_interview(room: Page) -> None:
    room.get_by_test_id('room-finish').click()
    room.get_by_test_id('room-finish-confirm').click()
    expect(room.get_by_test_id('room-finished')).to_be_visible()


def download_transcript(admin: Page, kind: str, directory: Path) -> Path:
    button = admin.get_by_test_id(f'download-{kind}')
    expect(button).to_be_visible()
    with admin.expect_download() as info:
        button.click()
    path = directory / info.value.suggested_filename
    info.value.save_as(path)
    return path
