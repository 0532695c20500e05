"""Users and roles: every API route x every role -> allowed or 403 (a table: a new route must be added to it), no
token or a deleted, disabled or replaced user's token -> 401, passwords hashed with argon2id, user changes audited."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from aisobes.errors import InvalidInput
from aisobes.users import UserRole, hash_password, password_ok

from ..pages.helpers import app_services, new_interview

SERVICE = {'Authorization': 'Bearer test-token'}
V, R, A = UserRole.VIEWER, UserRole.RECRUITER, UserRole.ADMIN
NEW = {'candidate_name': 'Иван', 'candidate_id': 'i-1', 'position': 'QA', 'recommended_duration': 30}

# (method, path) -> the lowest role allowed; every route of the REST API is here
ROUTES: dict[tuple[str, str], UserRole] = {
    ('post', '/api/v1/interviews/'): R,
    ('get', '/api/v1/interviews/'): V,
    ('get', '/api/v1/interviews/{interview_id}/details'): V,
    ('patch', '/api/v1/interviews/{interview_id}/start'): R,
    ('patch', '/api/v1/interviews/{interview_id}/finish'): R,
    ('get', '/api/v1/interviews/{interview_id}/status'): V,
    ('get', '/api/v1/interviews/{interview_id}/messages'): V,
    ('get', '/api/v1/interviews/{interview_id}/transcript.json'): V,
    ('get', '/api/v1/interviews/{interview_id}/transcript.txt'): V,
    ('get', '/api/v1/interviews/{interview_id}/report.pdf'): V,
    ('delete', '/api/v1/interviews/{interview_id}'): R,
    ('get', '/api/v1/audit'): A,
    ('get', '/api/v1/metrics'): A,
    ('post', '/api/v1/users'): A,
    ('get', '/api/v1/users'): A,
    ('patch', '/api/v1/users/{user_id}'): A,
    ('delete', '/api/v1/users/{user_id}'): A,
    ('post', '/api/v1/users/{user_id}/token'): A,
    ('post', '/api/v1/vacancies'): R,
    ('get', '/api/v1/vacancies'): V,
    ('get', '/api/v1/vacancies/{vacancy_id}'): V,
    ('patch', '/api/v1/vacancies/{vacancy_id}'): R,
    ('delete', '/api/v1/vacancies/{vacancy_id}'): R,
    ('post', '/api/v1/vacancies/{vacancy_id}/interviews'): R,
    ('get', '/api/v1/vacancies/{vacancy_id}/candidates'): V,
    ('get', '/api/v1/interviews/{interview_id}/plan'): V,
    ('put', '/api/v1/interviews/{interview_id}/plan'): R,
    ('post', '/api/v1/plans/preview'): R,
    ('put', '/api/v1/interviews/{interview_id}/decision'): R,
}
PUBLIC = {('get', '/api/v1/interviews/{unique_link}'), ('get', '/health')}
VACANCY = {'title': 'QA', 'recommended_duration': 30}
BODIES = {('post', '/api/v1/interviews/'): NEW, ('patch', '/api/v1/users/{user_id}'): {'disabled': False},
          ('post', '/api/v1/vacancies'): VACANCY, ('post', '/api/v1/plans/preview'): NEW,
          ('put', '/api/v1/interviews/{interview_id}/plan'): {'competencies': [{'name': 'SQL'}]},
          ('put', '/api/v1/interviews/{interview_id}/decision'): {'decision': 'advance'},
          ('patch', '/api/v1/vacancies/{vacancy_id}'): {'title': 'QA 2'},
          ('post', '/api/v1/vacancies/{vacancy_id}/interviews'): {'candidates': [{'candidate_name': 'A',
                                                                                 'candidate_id': 'a'}]},
          ('post', '/api/v1/users'): {'username': 'x', 'password': 'p' * 12, 'role': 'viewer'}}


async def make_user(user: User, username: str, role: str, password: str = 'correct horse battery') -> dict:
    response = await user.http_client.post('/api/v1/users', headers=SERVICE,
                                           json={'username': username, 'password': password, 'role': role})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {'Authorization': f'Bearer {token}'}


async def test_every_route_for_every_role(user: User) -> None:
    document = (await user.http_client.get('/openapi.json')).json()
    operations = {(method, path) for path, item in document['paths'].items() for method in item}
    assert operations - PUBLIC == set(ROUTES)  # a new route must be added to the table with its role
    tokens = {role: (await make_user(user, f'u-{role}', role))['api_token'] for role in UserRole}
    target = await make_user(user, 'target', 'viewer')
    for (method, path), lowest in ROUTES.items():
        interview = await new_interview()
        vacancy = (await user.http_client.post('/api/v1/vacancies', headers=SERVICE, json=VACANCY)).json()
        url = path.format(interview_id=interview.id, user_id=target['id'], vacancy_id=vacancy['id'])
        for role in (V, R, A):
            body = BODIES.get((method, path))
            if body is not None and 'username' in body:
                body = {**body, 'username': f'new-{role}'}
            response = await user.http_client.request(method.upper(), url, headers=bearer(tokens[role]), json=body)
            if role.allows(lowest):
                assert response.status_code not in (401, 403), (method, path, role, response.text)
            else:
                assert response.status_code == 403, (method, path, role, response.status_code)
                assert 'role' in response.json()['detail']
        assert (await user.http_client.request(method.upper(), url)).status_code == 401, (method, path)


async def test_a_deleted_disabled_or_replaced_token_is_refused_at_once(user: User) -> None:
    client = user.http_client
    olga = await make_user(user, 'olga', 'recruiter')
    assert 'password' not in olga and olga['api_token'].startswith('ais_')
    assert (await client.get('/api/v1/interviews/', headers=bearer(olga['api_token']))).status_code == 200
    renewed = (await client.post(f'/api/v1/users/{olga["id"]}/token', headers=SERVICE)).json()
    assert (await client.get('/api/v1/interviews/', headers=bearer(olga['api_token']))).status_code == 401
    assert (await client.get('/api/v1/interviews/', headers=bearer(renewed['api_token']))).status_code == 200
    await client.patch(f'/api/v1/users/{olga["id"]}', headers=SERVICE, json={'disabled': True})
    assert (await client.get('/api/v1/interviews/', headers=bearer(renewed['api_token']))).status_code == 401
    await client.patch(f'/api/v1/users/{olga["id"]}', headers=SERVICE, json={'disabled': False, 'role': 'viewer'})
    assert (await client.get('/api/v1/interviews/', headers=bearer(renewed['api_token']))).status_code == 200
    assert (await client.post('/api/v1/interviews/', headers=bearer(renewed['api_token']),
                              json=NEW)).status_code == 403  # now a viewer
    assert (await client.delete(f'/api/v1/users/{olga["id"]}', headers=SERVICE)).status_code == 200
    assert (await client.get('/api/v1/interviews/', headers=bearer(renewed['api_token']))).status_code == 401
    assert (await client.delete(f'/api/v1/users/{olga["id"]}', headers=SERVICE)).status_code == 404
    entries, _ = await app_services().audit.query(target='user:olga')
    assert [e.action for e in reversed(entries)] == ['user_create', 'user_token', 'user_update', 'user_update',
                                                     'user_delete']
    assert {e.actor for e in entries} == {'api'}


async def test_a_users_actions_are_audited_under_its_name(user: User) -> None:
    anna = await make_user(user, 'anna', 'recruiter')
    created = (await user.http_client.post('/api/v1/interviews/', headers=bearer(anna['api_token']), json=NEW)).json()
    entries, _ = await app_services().audit.query(target=f'interview:{created["id"]}')
    assert [(e.actor, e.action) for e in entries] == [('anna', 'create')]


@pytest.mark.parametrize('body,status', [
    ({'username': 'admin', 'password': 'long enough pw', 'role': 'admin'}, 409),  # reserved for the first admin
    ({'username': 'API', 'password': 'long enough pw', 'role': 'viewer'}, 409),  # the audit log's own actors
    ({'username': 'candidate', 'password': 'long enough pw', 'role': 'viewer'}, 409),
    ({'username': 'bob', 'password': 'short', 'role': 'viewer'}, 422),
    ({'username': 'bob', 'password': 'long enough pw', 'role': 'boss'}, 422),
    ({'username': 'b o b', 'password': 'long enough pw', 'role': 'viewer'}, 422),
    ({'username': 'bob', 'password': 'long enough pw', 'role': 'viewer', 'extra': 1}, 422),
])
async def test_bad_users_are_refused(user: User, body: dict, status: int) -> None:
    response = await user.http_client.post('/api/v1/users', headers=SERVICE, json=body)
    assert response.status_code == status, response.text


async def test_names_are_unique_and_passwords_hashed(user: User) -> None:
    await make_user(user, 'bob', 'viewer', password='bobs secret pw')
    response = await user.http_client.post('/api/v1/users', headers=SERVICE,
                                           json={'username': 'bob', 'password': 'another one!', 'role': 'viewer'})
    assert response.status_code == 409
    stored = await app_services().users.by_name('bob')
    assert stored.password_hash.startswith('$argon2id$') and 'bobs secret pw' not in stored.password_hash
    assert await app_services().users.login('bob', 'bobs secret pw') is not None
    assert await app_services().users.login('bob', 'bobs secret pX') is None
    assert await app_services().users.login('nobody', 'bobs secret pw') is None
    hashed = hash_password('x' * 12)
    assert hashed != hash_password('x' * 12)  # salted
    assert password_ok(hashed, 'x' * 12) and not password_ok(hashed, 'y' * 12) and not password_ok('junk', 'x')
    listed = (await user.http_client.get('/api/v1/users', headers=SERVICE)).json()
    assert [u['username'] for u in listed] == ['bob'] and 'api_token' not in listed[0]


@pytest.mark.parametrize('name', ['', ' ', 'a', 'olga smith', 'ol\x00ga', 'x' * 101])
async def test_the_service_refuses_bad_usernames_whoever_calls_it(user: User, name: str) -> None:
    # the admin users page calls the service directly, not through the API schema
    with pytest.raises(InvalidInput):
        await app_services().users.create(name, 'a long enough password', UserRole.VIEWER)
