"""Vacancies: create, read, change, delete; 200 candidates at once with the vacancy's plan, a bad row creates
nothing; the comparison rows (competency statuses, recommendation, decision); every change audited."""
from __future__ import annotations

import sqlalchemy as sa
from nicegui.testing import User
from sqlmodel import col

from aisobes.comparison import candidate_row, competency_names
from aisobes.interviewer.plan import Plan
from aisobes.models import Interview, Status

from ..pages.helpers import app_services

AUTH = {'Authorization': 'Bearer test-token'}
PLAN = [{'name': 'Python', 'questions': ['Расскажите про asyncio'], 'rubric': 'event loop, корутины', 'weight': 2},
        {'name': 'SQL', 'rubric': 'индексы\nтранзакции'}]
VACANCY = {'title': 'Python-разработчик', 'description': 'Команда платежей', 'knowledge_base': 'Python, SQL',
           'competencies': PLAN, 'recommended_duration': 45, 'language': 'ru'}


async def test_vacancy_crud_and_audit(user: User) -> None:
    client = user.http_client
    created = await client.post('/api/v1/vacancies', headers=AUTH, json=VACANCY)
    assert created.status_code == 200, created.text
    vacancy = created.json()
    assert vacancy['competencies'][0] == PLAN[0] and vacancy['competencies'][1]['weight'] == 1
    assert [v['id'] for v in (await client.get('/api/v1/vacancies', headers=AUTH)).json()] == [vacancy['id']]
    patched = await client.patch(f'/api/v1/vacancies/{vacancy["id"]}', headers=AUTH,
                                 json={'title': 'Senior Python', 'recommended_duration': 60})
    assert patched.json()['title'] == 'Senior Python' and patched.json()['description'] == 'Команда платежей'
    assert (await client.get(f'/api/v1/vacancies/{vacancy["id"]}', headers=AUTH)).json()['recommended_duration'] == 60
    for bad in ({'title': '', 'recommended_duration': 30}, {'title': 'x', 'recommended_duration': 2},
                {'title': 'x', 'recommended_duration': 30, 'competencies': [{'name': 'a', 'weight': 9}]},
                {'title': 'x', 'recommended_duration': 30, 'competencies': []}):
        assert (await client.post('/api/v1/vacancies', headers=AUTH, json=bad)).status_code == 422, bad
    assert (await client.delete(f'/api/v1/vacancies/{vacancy["id"]}', headers=AUTH)).status_code == 200
    assert (await client.get(f'/api/v1/vacancies/{vacancy["id"]}', headers=AUTH)).status_code == 404
    assert (await client.patch('/api/v1/vacancies/999', headers=AUTH, json={'title': 'y'})).status_code == 404
    entries, _ = await app_services().audit.query(target=f'vacancy:{vacancy["id"]}')
    assert [e.action for e in reversed(entries)] == ['vacancy_create', 'plan_edit', 'vacancy_delete']


async def test_two_hundred_candidates_with_the_plan(user: User) -> None:
    client = user.http_client
    vacancy = (await client.post('/api/v1/vacancies', headers=AUTH, json=VACANCY)).json()
    candidates = [{'candidate_name': f'Кандидат {i}', 'candidate_id': f'c-{i}'} for i in range(200)]
    response = await client.post(f'/api/v1/vacancies/{vacancy["id"]}/interviews', headers=AUTH,
                                 json={'candidates': candidates})
    assert response.status_code == 200, response.text
    created = response.json()
    assert len(created) == 200 and len({c['unique_link'] for c in created}) == 200
    assert created[7]['candidate_name'] == 'Кандидат 7' and created[7]['full_link'].endswith(created[7]['unique_link'])
    assert created[7]['position'] == 'Python-разработчик' and created[7]['recommended_duration'] == 45
    interview = await app_services().interviews.get(created[7]['id'])
    assert interview.description == 'Команда платежей' and interview.language == 'ru'
    plan = Plan.for_interview(interview)
    assert [c.name for c in plan.competencies][:2] == ['Python', 'SQL']  # the vacancy's competencies lead the plan
    rows = (await client.get(f'/api/v1/vacancies/{vacancy["id"]}/candidates', headers=AUTH)).json()
    assert len(rows) == 200 and rows[0] == {'interview_id': created[0]['id'], 'candidate_name': 'Кандидат 0',
                                            'candidate_id': 'c-0', 'status': 'not_started', 'recommendation': None,
                                            'decision': None, 'competencies': {}, 'human_requested': False}
    _, total = await app_services().audit.query(action='create')
    assert total == 200
    too_many = [*candidates, {'candidate_name': 'X', 'candidate_id': 'x'}]
    assert (await client.post(f'/api/v1/vacancies/{vacancy["id"]}/interviews', headers=AUTH,
                              json={'candidates': too_many})).status_code == 422
    assert (await client.post(f'/api/v1/vacancies/{vacancy["id"]}/interviews', headers=AUTH,
                              json={'candidates': []})).status_code == 422


async def test_one_bad_row_creates_nothing(user: User) -> None:
    client = user.http_client
    vacancy = (await client.post('/api/v1/vacancies', headers=AUTH, json=VACANCY)).json()
    candidates = [{'candidate_name': 'Анна', 'candidate_id': 'a-1'}, {'candidate_name': '  ', 'candidate_id': 'b-2'},
                  {'candidate_name': 'Олег', 'candidate_id': 'o-3'}]
    response = await client.post(f'/api/v1/vacancies/{vacancy["id"]}/interviews', headers=AUTH,
                                 json={'candidates': candidates})
    assert response.status_code == 422
    assert response.json()['detail'][0]['loc'][:3] == ['body', 'candidates', 1]  # the bad row is named
    assert (await app_services().interviews.list())[1] == 0
    assert (await client.post('/api/v1/vacancies/999/interviews', headers=AUTH,
                              json={'candidates': candidates[:1]})).status_code == 404


async def test_comparison_rows_with_report_and_decision(user: User) -> None:
    client = user.http_client
    vacancy = (await client.post('/api/v1/vacancies', headers=AUTH, json=VACANCY)).json()
    created = (await client.post(f'/api/v1/vacancies/{vacancy["id"]}/interviews', headers=AUTH, json={
        'candidates': [{'candidate_name': 'Анна', 'candidate_id': 'a'},
                       {'candidate_name': 'Борис', 'candidate_id': 'b'}]})).json()
    report = {'recommendation': 'recommend', 'competencies': [{'name': 'Python', 'status': 'confirmed'},
                                                              {'name': 'SQL', 'status': 'partial'}, 'junk']}
    services = app_services()
    await services.db.run(_finish_with, services, created[0]['id'], report)
    rows = (await client.get(f'/api/v1/vacancies/{vacancy["id"]}/candidates', headers=AUTH)).json()
    assert rows[0]['status'] == 'finished' and rows[0]['recommendation'] == 'recommend'
    assert rows[0]['competencies'] == {'Python': 'confirmed', 'SQL': 'partial'}
    assert rows[1]['competencies'] == {} and rows[1]['status'] == 'not_started'
    # the recruiter's decision (the AI HR issue's column), read defensively
    decision = await client.put(f'/api/v1/interviews/{created[0]["id"]}/decision', headers=AUTH,
                                json={'decision': 'advance', 'note': 'Пригласить'})
    assert decision.status_code == 200, decision.text
    rows = (await client.get(f'/api/v1/vacancies/{vacancy["id"]}/candidates', headers=AUTH)).json()
    assert [row['decision'] for row in rows] == ['advance', None]
    interview = await services.interviews.get(created[0]['id'])
    entries, _ = await services.audit.query(target=f'interview:{created[0]["id"]}')
    assert [(e.actor, e.action) for e in entries][0] == ('api', 'decision') and interview.decision['by'] == 'api'
    row = candidate_row(interview)
    assert competency_names([row], PLAN + [{'name': 'Docker'}]) == ['Python', 'SQL', 'Docker']
    deleted = await client.delete(f'/api/v1/vacancies/{vacancy["id"]}', headers=AUTH)
    assert deleted.status_code == 200
    assert (await services.interviews.get(created[0]['id'])).id == created[0]['id']  # interviews stay


def _finish_with(services, interview_id: int, report: dict) -> None:
    with services.db.session() as session:
        session.exec(sa.update(Interview).where(col(Interview.id) == interview_id)
                     .values(status=Status.FINISHED, report=report))
        session.commit()
