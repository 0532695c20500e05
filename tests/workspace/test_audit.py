"""The audit log: every recruiter action through the API and the admin pages, with the right actor; filters; the
kept period; entries outlive the interview they name."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from nicegui.testing import User

import pages.admin_auth
from aisobes.audit import Actor, AuditAction, AuditService
from aisobes.services import Services

from ..pages.helpers import PASSWORD, app_services, login, new_interview

AUTH = {'Authorization': 'Bearer test-token'}
VALID = {'candidate_name': 'Иван Петров', 'candidate_id': 'cand-42', 'position': 'Python developer',
         'recommended_duration': 30}


@pytest.fixture(autouse=True)
def quick_wrong_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages.admin_auth, 'WRONG_PASSWORD_DELAY', 0.01)


async def actions_of(target: str, user: User) -> list[tuple[str, str]]:
    response = await user.http_client.get('/api/v1/audit', params={'target': target}, headers=AUTH)
    assert response.status_code == 200, response.text
    return [(item['actor'], item['action']) for item in reversed(response.json()['items'])]


async def test_every_api_action_is_recorded_with_the_service_actor(user: User) -> None:
    client = user.http_client
    created = (await client.post('/api/v1/interviews/', json=VALID, headers=AUTH)).json()
    target = f'interview:{created["id"]}'
    base = f'/api/v1/interviews/{created["id"]}'
    assert (await client.get(f'{base}/details', headers=AUTH)).status_code == 200
    assert (await client.patch(f'{base}/start', headers=AUTH)).status_code == 200
    assert (await client.patch(f'{base}/finish', headers=AUTH)).status_code == 200
    assert (await client.get(f'{base}/transcript.json', headers=AUTH)).status_code == 200
    assert (await client.get(f'{base}/transcript.txt', headers=AUTH)).status_code == 200
    assert (await client.delete(base, headers=AUTH)).status_code == 200
    assert await actions_of(target, user) == [('api', a) for a in (
        'create', 'details', 'start', 'finish', 'download_json', 'download_txt', 'delete')]  # kept after delete
    page = (await client.get('/api/v1/audit', params={'action': 'start', 'actor': 'api'}, headers=AUTH)).json()
    assert page['total'] == 1 and page['items'][0]['target'] == target and page['items'][0]['ip']
    assert (await client.get(f'{base}/details', headers=AUTH)).status_code == 404
    assert await actions_of(target, user) == [('api', a) for a in (
        'create', 'details', 'start', 'finish', 'download_json', 'download_txt', 'delete')]  # a 404 is no action


async def test_audit_needs_the_token_and_rejects_bad_filters(user: User) -> None:
    assert (await user.http_client.get('/api/v1/audit')).status_code == 401
    response = await user.http_client.get('/api/v1/audit', params={'action': 'dance'}, headers=AUTH)
    assert response.status_code == 422
    response = await user.http_client.get('/api/v1/audit', params={'limit': 0}, headers=AUTH)
    assert response.status_code == 422


async def test_page_actions_are_recorded_with_the_admin_actor(user: User) -> None:
    await user.open('/admin/login')
    user.find('admin-password').type('wrong')
    user.find('admin-login').click()
    await user.should_see('login-error', retries=20)
    user.find('admin-password').type(PASSWORD)
    user.find('admin-login').click()
    await user.should_see('admin-new', retries=20)
    interview = await new_interview()
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_not_see(marker='download-json')  # the page is drawn (the button is hidden until the finish)
    user.find(marker='admin-finish').click()
    user.find(marker='admin-finish-confirm').click()
    await user.should_see(marker='download-json', retries=50)
    response = await user.http_client.get(f'/admin/interviews/{interview.id}/transcript.txt')
    assert response.status_code == 200
    entries, _ = await app_services().audit.query()
    seen = [(e.actor, e.action, e.target) for e in reversed(entries)]
    target = f'interview:{interview.id}'
    assert seen[:2] == [('admin', AuditAction.LOGIN_FAILED, ''), ('admin', AuditAction.LOGIN, '')]
    assert ('admin', AuditAction.DETAILS, target) in seen
    assert ('admin', AuditAction.FINISH, target) in seen
    assert ('admin', AuditAction.DOWNLOAD_TXT, target) in seen


async def test_audit_page_lists_and_filters(user: User) -> None:
    await login(user)
    await app_services().audit.record(AuditAction.DELETE, Actor('olga', '10.0.0.7'), 'interview:99')
    await user.open('/admin/audit')
    await user.should_see('olga')
    await user.should_see('interview:99')
    await user.open('/admin/audit?action=create')
    await user.should_see('audit-empty')


@pytest.mark.parametrize('database_url', ['sqlite', 'postgres'], indirect=True)
async def test_query_order_filters_and_the_kept_period(services: Services) -> None:
    now = {'t': datetime(2026, 1, 1, tzinfo=UTC)}
    audit = AuditService(services.db, keep_days=30, clock=lambda: now['t'])
    await audit.record(AuditAction.LOGIN, Actor('anna', '1.2.3.4'))
    now['t'] += timedelta(days=10)
    await audit.record(AuditAction.CREATE, Actor('boris'), 'interview:1')
    now['t'] += timedelta(days=25)  # the login is now 35 days old, the create 25
    await audit.record(AuditAction.DECISION, Actor('anna'), 'interview:1')
    items, total = await audit.query()
    assert total == 3 and [e.action for e in items] == ['decision', 'create', 'login']
    assert items[-1].at == datetime(2026, 1, 1, tzinfo=UTC) and items[-1].ip == '1.2.3.4'
    assert [e.action for e in (await audit.query(actor='anna'))[0]] == ['decision', 'login']
    assert [e.actor for e in (await audit.query(action=AuditAction.CREATE))[0]] == ['boris']
    assert (await audit.query(limit=1, offset=1))[0][0].action == 'create'
    assert await audit.prune() == 1
    assert [e.action for e in (await audit.query())[0]] == ['decision', 'create']
