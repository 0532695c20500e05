"""The recruiter's plan (create with competencies, preview, get, put, 409 after start, 422 per field) and decision
(409 before the finish, stored with who and when, in details and both transcript files) against the real server."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from .test_api import VALID, create

PLAN = [{'name': 'Kafka', 'questions': ['Как вы обеспечивали порядок сообщений?'],
         'rubric': 'партиционирование топиков, мониторинг лага', 'weight': 2},
        {'name': 'Python', 'questions': [], 'rubric': 'asyncio\nтестирование', 'weight': 1}]


def api(server, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(method, f'{server.base_url}/api/v1{path}', headers=server.auth, **kwargs)


def test_create_with_competencies_and_get_the_plan(server):
    body = create(server, competencies=PLAN, recommended_duration=30)
    assert set(body) == {'id', 'unique_link', 'full_link', 'candidate_name', 'position', 'status',
                         'recommended_duration', 'created_at'}  # the original response shape
    plan = api(server, 'GET', f'/interviews/{body["id"]}/plan').json()
    assert plan['source'] == 'recruiter' and plan['duration_minutes'] == 30
    assert [p['phase'] for p in plan['phases']] == ['greeting', 'competency', 'questions', 'closing']
    assert sum(p['minutes'] for p in plan['phases']) == pytest.approx(30, abs=0.2)
    kafka, python = plan['competencies']
    assert kafka['questions'] == ['Как вы обеспечивали порядок сообщений?']
    assert kafka['rubric'] == ['партиционирование топиков', 'мониторинг лага'] and python['rubric'] == [
        'asyncio', 'тестирование']
    assert kafka['minutes'] == pytest.approx(2 * python['minutes'])  # the weight shapes the time
    details = api(server, 'GET', f'/interviews/{body["id"]}/details').json()
    assert details['competencies'][0]['weight'] == 2 and details['decision'] is None


def test_without_competencies_the_plan_comes_from_the_knowledge_base(server):
    body = create(server)
    plan = api(server, 'GET', f'/interviews/{body["id"]}/plan').json()
    assert plan['source'] == 'knowledge_base' and [c['name'] for c in plan['competencies']][:2] == ['Python', 'FastAPI']


def test_preview_stores_nothing(server):
    before = api(server, 'GET', '/interviews/').json()['total']
    plan = api(server, 'POST', '/plans/preview', json={**VALID, 'competencies': PLAN}).json()
    assert [c['name'] for c in plan['competencies']] == ['Kafka', 'Python']
    assert api(server, 'GET', '/interviews/').json()['total'] == before
    assert api(server, 'POST', '/plans/preview', json={**VALID, 'recommended_duration': 1}).status_code == 422


def test_put_replaces_before_the_start_and_409_after(server):
    body = create(server)
    path = f'/interviews/{body["id"]}/plan'
    replaced = api(server, 'PUT', path, json={'competencies': PLAN[:1]})
    assert replaced.status_code == 200 and [c['name'] for c in replaced.json()['competencies']] == ['Kafka']
    assert api(server, 'GET', path).json()['source'] == 'recruiter'
    cleared = api(server, 'PUT', path, json={'competencies': None})  # back to the knowledge-base plan
    assert cleared.status_code == 200 and cleared.json()['source'] == 'knowledge_base'
    assert api(server, 'PUT', path, json={}).status_code == 422  # the field itself is required
    assert api(server, 'PUT', path, json={'competencies': PLAN[:1]}).status_code == 200
    assert api(server, 'PATCH', f'/interviews/{body["id"]}/start').status_code == 200
    late = api(server, 'PUT', path, json={'competencies': PLAN})
    assert late.status_code == 409 and late.json()['detail']
    assert [c['name'] for c in api(server, 'GET', path).json()['competencies']] == ['Kafka']  # unchanged
    assert api(server, 'PUT', '/interviews/999999/plan', json={'competencies': PLAN}).status_code == 404


@pytest.mark.parametrize(('competencies', 'where'), [
    ([], ['body', 'competencies']),
    ([{'name': f'c{i}'} for i in range(11)], ['body', 'competencies']),
    ([{'name': ''}], ['body', 'competencies', 0, 'name']),
    ([{'name': 'x' * 101}], ['body', 'competencies', 0, 'name']),
    ([{'name': 'ok', 'questions': ['q'] * 6}], ['body', 'competencies', 0, 'questions']),
    ([{'name': 'ok', 'questions': ['']}], ['body', 'competencies', 0, 'questions', 0]),
    ([{'name': 'ok', 'questions': ['q' * 501]}], ['body', 'competencies', 0, 'questions', 0]),
    ([{'name': 'ok', 'rubric': 'r' * 1001}], ['body', 'competencies', 0, 'rubric']),
    ([{'name': 'ok', 'weight': 0}], ['body', 'competencies', 0, 'weight']),
    ([{'name': 'ok', 'weight': 4}], ['body', 'competencies', 0, 'weight']),
    ([{'name': 'ok', 'weight': True}], ['body', 'competencies', 0, 'weight']),
    ([{'name': 'ok', 'weight': '2'}], ['body', 'competencies', 0, 'weight']),
    ([{'name': 'ok', 'colour': 'red'}], ['body', 'competencies', 0, 'colour']),
])
def test_422_per_field_on_create_and_put(server, competencies, where):
    response = api(server, 'POST', '/interviews/', json={**VALID, 'competencies': competencies})
    assert response.status_code == 422 and response.json()['detail'][0]['loc'] == where
    body = create(server)
    response = api(server, 'PUT', f'/interviews/{body["id"]}/plan', json={'competencies': competencies})
    assert response.status_code == 422 and response.json()['detail'][0]['loc'] == where


def test_decision_only_after_finish_stored_with_who_and_when_and_in_both_files(server):
    body = create(server)
    path = f'/interviews/{body["id"]}/decision'
    early = api(server, 'PUT', path, json={'decision': 'advance'})
    assert early.status_code == 409 and early.json()['detail']
    api(server, 'PATCH', f'/interviews/{body["id"]}/start')
    api(server, 'PATCH', f'/interviews/{body["id"]}/finish')
    for bad in ({'decision': 'hire'}, {'decision': 'hold', 'note': 'n' * 2001}, {'note': 'x'}):
        assert api(server, 'PUT', path, json=bad).status_code == 422
    saved = api(server, 'PUT', path, json={'decision': 'hold', 'note': 'Ждём второго кандидата'})
    assert saved.status_code == 200
    decision = saved.json()
    assert decision['decision'] == 'hold' and decision['by'] == 'api' and decision['at'].endswith(('Z', '+00:00'))
    changed = api(server, 'PUT', path, json={'decision': 'advance', 'note': 'Сильный бэкенд'}).json()
    details = api(server, 'GET', f'/interviews/{body["id"]}/details').json()
    assert details['decision'] == changed and changed['decision'] == 'advance'
    stored = json.loads(Path(details['transcript_path']).read_text(encoding='utf-8'))
    assert stored['decision']['decision'] == 'advance' and stored['decision']['note'] == 'Сильный бэкенд'
    text = Path(details['text_transcript_path']).read_text(encoding='utf-8')
    assert 'Решение рекрутера' in text and 'Сильный бэкенд' in text and 'Ждём второго' not in text
    assert api(server, 'PUT', '/interviews/999999/decision', json={'decision': 'reject'}).status_code == 404
