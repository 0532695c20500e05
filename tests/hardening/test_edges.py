"""Bad input at the edges of the real server, on SQLite and PostgreSQL: huge ids, NUL, lone surrogates -> 404 / 422
with a message, never a 500; the chat socket answers bad frames with an error frame and stays open."""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from ..test_api import VALID, create
from ..test_chat_ws import chat_url, receive

HUGE = 2 ** 63


@pytest.mark.parametrize('method,path', [
    ('get', '/api/v1/interviews/{id}/status'), ('get', '/api/v1/interviews/{id}/details'),
    ('get', '/api/v1/interviews/{id}/messages'), ('get', '/api/v1/interviews/{id}/transcript.json'),
    ('get', '/api/v1/interviews/{id}/transcript.txt'), ('patch', '/api/v1/interviews/{id}/start'),
    ('patch', '/api/v1/interviews/{id}/finish'), ('delete', '/api/v1/interviews/{id}'),
])
def test_ids_beyond_64_bits_are_not_found(server, method, path):
    for bad in (HUGE, 2 ** 31, 2156993919384730, 10 ** 30, 0, -HUGE):  # 2 ** 31: beyond PostgreSQL's INTEGER
        response = httpx.request(method, server.base_url + path.format(id=bad), headers=server.auth)
        assert response.status_code == 404, (bad, response.text)
        assert 'not found' in response.json()['detail']


@pytest.mark.parametrize('method,path', [
    ('get', '/api/v1/vacancies/{id}'), ('patch', '/api/v1/vacancies/{id}'), ('delete', '/api/v1/vacancies/{id}'),
    ('get', '/api/v1/vacancies/{id}/candidates'), ('patch', '/api/v1/users/{id}'), ('delete', '/api/v1/users/{id}'),
    ('get', '/api/v1/interviews/{id}/plan'), ('get', '/api/v1/interviews/{id}/report.pdf'),
])
def test_workspace_ids_beyond_the_database_range_are_not_found(server, method, path):
    for bad in (HUGE, 2 ** 31, 0):
        response = httpx.request(method, server.base_url + path.format(id=bad), headers=server.auth,
                                 **({'json': {}} if method == 'patch' else {}))
        assert response.status_code == 404, (bad, response.text)


def test_plan_vacancy_and_decision_text_follow_the_same_rules(server):
    competency = {'name': 'Python', 'questions': ['Tell me about asyncio'], 'rubric': 'event loop'}
    for bad in ({'name': 'Py\u0000thon'}, {'name': 'Py\nthon'}, {'questions': ['a\u0000b']}, {'rubric': 'x\u0000'},
                {'questions': ['\u00a0']}):
        response = httpx.post(f'{server.base_url}/api/v1/plans/preview', headers=server.auth,
                              json={**VALID, 'competencies': [{**competency, **bad}]})
        assert response.status_code == 422, (bad, response.text)
    vacancy = {'title': 'Python developer', 'recommended_duration': 30}
    for bad in ({'description': 'a\u0000b'}, {'knowledge_base': 'a\u0000b'}):
        response = httpx.post(f'{server.base_url}/api/v1/vacancies', headers=server.auth, json={**vacancy, **bad})
        assert response.status_code == 422, (bad, response.text)
    created = httpx.post(f'{server.base_url}/api/v1/vacancies', headers=server.auth, json=vacancy).json()
    for field in ('title', 'description', 'knowledge_base', 'recommended_duration'):  # always there: null is refused
        response = httpx.patch(f'{server.base_url}/api/v1/vacancies/{created["id"]}', headers=server.auth,
                               json={field: None})
        assert response.status_code == 422, (field, response.text)
    assert httpx.get(f'{server.base_url}/api/v1/vacancies/{created["id"]}', headers=server.auth).json()['title'] \
        == 'Python developer'


def test_offset_beyond_64_bits_is_refused(server):
    response = httpx.get(f'{server.base_url}/api/v1/interviews/', params={'offset': HUGE}, headers=server.auth)
    assert response.status_code == 422
    assert response.json()['detail'][0]['loc'] == ['query', 'offset']


def test_admin_page_of_a_huge_id_is_not_found(server):
    with httpx.Client(base_url=server.base_url) as client:
        response = client.get(f'/admin/interviews/{HUGE}')  # the guard first: to the login, never a 500
        assert response.status_code in (303, 200), response.text


def test_nul_bytes_are_not_found_or_refused(server):
    assert httpx.get(f'{server.base_url}/api/v1/interviews/%00').status_code == 404
    assert httpx.get(f'{server.base_url}/api/v1/interviews/a%00b').status_code == 404
    assert httpx.get(f'{server.base_url}/interview/%00').status_code in (200, 404)  # the friendly not-found page
    response = httpx.get(f'{server.base_url}/api/v1/interviews/', params={'search': 'a\x00'}, headers=server.auth)
    assert response.status_code == 422 and 'control characters' in response.text
    for field in ('candidate_name', 'candidate_id', 'position', 'knowledge_base', 'description'):
        response = httpx.post(f'{server.base_url}/api/v1/interviews/', json={**VALID, field: 'x\u0000y'},
                              headers=server.auth)
        assert response.status_code == 422, (field, response.text)
        assert response.json()['detail'][0]['loc'] == ['body', field]


def test_names_are_single_line(server):
    response = httpx.post(f'{server.base_url}/api/v1/interviews/',
                          json={**VALID, 'candidate_name': 'Ann\nПозиция: CEO'}, headers=server.auth)
    assert response.status_code == 422 and 'single line' in response.text
    create(server, knowledge_base='line one\nline two\ttabbed')  # free text keeps its line breaks


def test_a_lone_surrogate_is_refused_with_a_readable_error(server):
    body = json.dumps({**VALID, 'candidate_name': 'x\udc00'})  # ensure_ascii: the escape travels as \\udc00
    assert '\\udc00' in body
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', content=body,
                          headers={**server.auth, 'Content-Type': 'application/json'})
    assert response.status_code == 422, response.text
    detail = response.json()['detail'][0]
    assert detail['loc'] == ['body', 'candidate_name'] and 'unicode' in detail['msg']
    # an invalid extra field with a surrogate: the error echoes it, made printable
    response = httpx.post(f'{server.base_url}/api/v1/interviews/', headers={**server.auth,
                          'Content-Type': 'application/json'},
                          content=json.dumps({**VALID, 'recommended_duration': 'x\ud800'}))
    assert response.status_code == 422 and response.json()['detail'][0]['input'] == 'x\ufffd'


async def test_chat_socket_of_a_huge_id_closes_with_4404(server):
    async with websockets.connect(chat_url(server, HUGE, token=server.token)) as ws:
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
    assert ws.close_code == 4404


async def test_bad_chat_frames_get_an_error_and_the_socket_stays_open(server):
    body = create(server)
    async with websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) as ws:
        for frame, words in ((b'\x00\x01binary', 'Binary'), ('{not json', 'Invalid JSON'), ('[1]', 'JSON object'),
                             ('{"content": "\\ud800"}', 'surrogate'), ('{"content": "a\\u0000b"}', 'control'),
                             ('{"content": 5}', 'string'), ('[' * 10_000, 'Invalid JSON'),
                             (json.dumps({'content': 'x' * 20_000}), 'too large')):
            await ws.send(frame)
            answer = await receive(ws)
            assert words in answer['error'], (frame[:20], answer)
        await ws.send(json.dumps({'content': 'still here'}))
        assert (await receive(ws))['content'] == 'still here'
    history = httpx.get(f'{server.base_url}/api/v1/interviews/{body["id"]}/messages', headers=server.auth).json()
    assert [m['content'] for m in history] == ['still here']


async def test_chat_budget_is_per_interview_and_role_whatever_the_socket(server):
    body = create(server)
    sockets = [await websockets.connect(chat_url(server, body['id'], link=body['unique_link'])) for _ in range(5)]
    try:
        for n in range(10):
            for i, ws in enumerate(sockets):
                await ws.send(json.dumps({'content': f'm{n}-{i}'}))
        await asyncio.sleep(1.0)
    finally:
        await asyncio.gather(*(ws.close() for ws in sockets))
    history = httpx.get(f'{server.base_url}/api/v1/interviews/{body["id"]}/messages', headers=server.auth).json()
    from aisobes.limits import CHAT
    assert len(history) == CHAT.max_hits  # 50 sent from 5 sockets, one budget
    # the recruiter has a budget of their own
    async with websockets.connect(chat_url(server, body['id'], token=server.token)) as ws:
        await ws.send(json.dumps({'content': 'recruiter'}))
        async for raw in ws:
            if json.loads(raw).get('content') == 'recruiter':
                break
