"""The recruiter workspace in a real browser: a recruiter account logs in with its name and password, creates a
vacancy, adds three candidates from a CSV file, opens the comparison, sorts it and follows a link to an interview."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from ..helpers import ROOT, Server, start_server
from .conftest import tone_wav
from .flow import TIMEOUT, field

pytestmark = pytest.mark.e2e

SERVER_ENV = {'AISOBES_ADMIN_PASSWORD': 'e2e-password', 'AISOBES_API_TOKEN': 'e2e-token', 'AISOBES_WHISPER': 'off',
              'AISOBES_LANGUAGE': 'en', 'PYTHONPATH': str(ROOT)}
PASSWORD = 'recruiter password 1'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path, SERVER_ENV)
    yield running
    running.stop()


def test_recruiter_vacancy_csv_comparison(launch_browser, server: Server, artifacts: Path, tmp_path: Path):
    response = httpx.post(f'{server.base_url}/api/v1/users', headers=server.auth,
                          json={'username': 'rita', 'password': PASSWORD, 'role': 'recruiter'})
    assert response.status_code == 200, response.text
    browser = launch_browser(tone_wav(tmp_path / 'tone.wav', seconds=1))
    page = browser.new_context(viewport={'width': 1280, 'height': 800}).new_page()
    page.set_default_timeout(TIMEOUT)

    page.goto(f'{server.base_url}/admin/vacancies')
    field(page, 'admin-username').fill('rita')
    field(page, 'admin-password').fill(PASSWORD)
    page.get_by_test_id('admin-login').click()
    page.wait_for_url(re.compile(r'/admin/vacancies$'))
    field(page, 'vacancy-title').fill('Backend developer')
    field(page, 'vacancy-competencies').fill('Python: asyncio, typing\nSQL: indexes, transactions')
    page.get_by_test_id('vacancy-create').click()
    page.wait_for_url(re.compile(r'/admin/vacancies/\d+$'))

    csv_file = tmp_path / 'candidates.csv'
    csv_file.write_text('name,id\nCarol Smith,c-3\nAlice Jones,a-1\nBob Brown,b-2\n', encoding='utf-8')
    page.locator('[data-testid="candidates-csv"] input[type=file]').set_input_files(str(csv_file))
    table = page.get_by_test_id('compare-table')
    expect(table.locator('tbody tr')).to_have_count(3)
    expect(table.locator('thead')).to_contain_text('Python')
    expect(table.locator('thead')).to_contain_text('SQL')
    names = table.locator('tbody tr td:first-child')
    expect(names).to_have_text(['Alice Jones', 'Bob Brown', 'Carol Smith'])  # sorted by name
    table.locator('thead th', has_text='Candidate').click()  # sort the other way
    expect(names).to_have_text(['Carol Smith', 'Bob Brown', 'Alice Jones'])
    page.screenshot(path=str(artifacts / 'workspace-comparison.png'))

    table.locator('tbody a', has_text='Bob Brown').click()
    page.wait_for_url(re.compile(r'/admin/interviews/\d+$'))
    expect(page.get_by_test_id('admin-status')).to_be_visible()
    expect(page.get_by_text('Bob Brown').first).to_be_visible()
    audit = httpx.get(f'{server.base_url}/api/v1/audit', headers=server.auth, params={'actor': 'rita'}).json()
    assert {item['action'] for item in audit['items']} >= {'login', 'vacancy_create', 'create', 'details'}
