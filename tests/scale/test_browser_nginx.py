"""One real browser through nginx (deploy/nginx/aisobes.conf) in front of two instances: the candidate's room is
served by one instance, the admin's live view of the same interview by the other, and each sees what the other
writes, live."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from playwright.sync_api import expect

from ..e2e.conftest import launch_browser, playwright_api, tone_wav  # noqa: F401
from ..e2e.flow import admin_login, field, open_room, send_chat, start_interview
from ..helpers import free_port
from .clients import INTERVIEW
from .conftest import Pair, start_pair
from .nginx import Nginx, start_nginx


@pytest.fixture
def behind_nginx(pg_url: str, tmp_path: Path) -> Iterator[tuple[Pair, Nginx]]:
    port = free_port()
    pair = start_pair(tmp_path / 'pair', pg_url, AISOBES_PUBLIC_URL=f'http://127.0.0.1:{port}')
    try:
        proxy = start_nginx(tmp_path / 'nginx', [server.base_url.removeprefix('http://') for server in pair.both],
                            port)
        try:
            yield pair, proxy
        finally:
            proxy.stop()
    finally:
        pair.stop()


def user_agents_per_instance(proxy: Nginx, pair: Pair) -> dict[str, str]:
    """A browser User-Agent that nginx's sticky hash sends to each instance (found by asking /health through it)."""
    wanted = {httpx.get(f'{server.base_url}/health').json()['instance'] for server in pair.both}
    found: dict[str, str] = {}
    for n in range(500):
        agent = f'Mozilla/5.0 (X11; Linux x86_64) aisobes-e2e/{n}'
        instance = httpx.get(f'{proxy.base_url}/health', headers={'User-Agent': agent}).json()['instance']
        found.setdefault(instance, agent)
        if set(found) == wanted:
            return found
    raise AssertionError(f'nginx sent everything to {set(found)}; expected both of {wanted}')


def test_room_and_admin_view_on_different_instances_see_each_other(launch_browser, behind_nginx,  # noqa: F811
                                                                   tmp_path: Path) -> None:
    pair, proxy = behind_nginx
    agents = user_agents_per_instance(proxy, pair)
    ids = [httpx.get(f'{server.base_url}/health').json()['instance'] for server in pair.both]
    admin_agent, candidate_agent = agents[ids[0]], agents[ids[1]]  # the admin on instance a, the candidate on b
    for agent, instance in ((admin_agent, ids[0]), (candidate_agent, ids[1])):  # sticky: always the same one
        assert {httpx.get(f'{proxy.base_url}/health', headers={'User-Agent': agent}).json()['instance']
                for _ in range(5)} == {instance}
    created = httpx.post(f'{proxy.base_url}/api/v1/interviews/', headers=pair.a.auth,
                         json={**INTERVIEW, 'candidate_name': 'Two Instances', 'language': 'en'}).json()
    assert created['full_link'].startswith(proxy.base_url)

    browser = launch_browser(tone_wav(tmp_path / 'tone.wav'))
    recruiter = browser.new_context(viewport={'width': 1280, 'height': 720}, user_agent=admin_agent)
    candidate = browser.new_context(viewport={'width': 1280, 'height': 720}, user_agent=candidate_agent)
    admin = admin_login(recruiter, SimpleNamespace(base_url=proxy.base_url, admin_password=pair.a.admin_password))
    admin.goto(f'{proxy.base_url}/admin/interviews/{created["id"]}')
    expect(admin.get_by_test_id('admin-status')).to_be_visible()

    room = open_room(candidate, created['full_link'])
    start_interview(room)
    expect(admin.get_by_test_id('chat-message')).to_have_count(1)  # the AI's greeting, posted by the lease owner
    expect(room.get_by_test_id('chat-message')).to_have_count(1)

    text = 'I have run PostgreSQL clusters behind nginx for five years.'
    send_chat(room, text)  # on instance b
    expect(admin.get_by_test_id('chat-message').filter(has_text=text).first).to_be_visible()  # on instance a
    reply = 'Recruiter here: thank you, this is very helpful.'
    field(admin, 'admin-chat-input').fill(reply)
    admin.get_by_test_id('admin-chat-send').click()
    expect(room.get_by_test_id('chat-message').filter(has_text=reply).first).to_be_visible()
    assert 'upstream' not in proxy.error_log()  # no socket or request failed between nginx and an instance
