"""The vacancy pages: a recruiter creates a vacancy, adds candidates from a pasted list and from a CSV file (a bad line
is named and nothing is created), and compares them in a sortable table linking each interview."""
from __future__ import annotations

import sqlalchemy as sa
from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User
from sqlmodel import col

from aisobes.candidate_list import RowProblem, parse_candidates
from aisobes.models import Interview, Status
from aisobes.schemas import DecisionIn
from aisobes.vacancy_schemas import CandidateIn, VacancyCreate

from ..pages.helpers import app_services, login


def test_parse_pasted_and_csv_lists() -> None:
    candidates, errors = parse_candidates('\ufeffИмя;ID\nАнна Смирнова;a-1\n"Петров; Иван";p-2\n')
    assert [(c.candidate_name, c.candidate_id) for c in candidates] == [('Анна Смирнова', 'a-1'),
                                                                         ('Петров; Иван', 'p-2')]
    candidates, errors = parse_candidates('Анна, a-1\nБорис\n, c-3\nДина, a-1\nЕва, ' + 'x' * 101)
    assert candidates == []
    assert [(e.line, e.problem) for e in errors] == [(2, RowProblem.COLUMNS), (3, RowProblem.NAME),
                                                     (4, RowProblem.DUPLICATE), (5, RowProblem.ID)]
    assert [e.problem for e in parse_candidates(' \n')[1]] == [RowProblem.EMPTY]
    many = '\n'.join(f'C{i}, id-{i}' for i in range(201))
    assert [e.problem for e in parse_candidates(many)[1]] == [RowProblem.TOO_MANY]


async def test_a_recruiter_creates_a_vacancy_adds_candidates_and_compares(user: User) -> None:
    await login(user)
    await user.open('/admin/vacancies')
    user.find(marker='vacancy-title').type('Python-разработчик')
    user.find(marker='vacancy-competencies').type('Python: asyncio, типизация\nSQL: индексы')
    user.find(marker='vacancy-create').click()
    await user.should_see(marker='candidates-add', retries=20)
    services = app_services()
    vacancy = (await services.vacancies.list())[0]
    assert [c['name'] for c in vacancy.competencies] == ['Python', 'SQL']

    user.find(marker='candidates-text').type('Анна, a-1\nБорис\nВера, v-3')
    user.find(marker='candidates-add').click()
    await user.should_see('Строка 2: нужны два поля — имя и ID', retries=20)
    assert await services.vacancies.interviews_of(vacancy.id) == []

    upload = user.find(ui.upload).elements.pop()
    csv_file = 'name,id\nАнна,a-1\nБорис,b-2\nВера,v-3\n'.encode()
    await upload.handle_uploads([SmallFileUpload(name='c.csv', content_type='text/csv', _data=csv_file)])
    await user.should_see('Создано интервью: 3', retries=20)
    interviews = await services.vacancies.interviews_of(vacancy.id)
    assert [i.candidate_name for i in interviews] == ['Анна', 'Борис', 'Вера']
    assert all(i.position == 'Python-разработчик' for i in interviews)
    table = user.find(marker='compare-table').elements.pop()
    assert [c['label'] for c in table.columns][5:] == ['Python', 'SQL']
    assert all(c['sortable'] for c in table.columns)
    assert [r['name'] for r in table.rows] == ['Анна', 'Борис', 'Вера']
    assert [r['interview_id'] for r in table.rows] == [i.id for i in interviews]  # the slot links each interview
    assert "'/admin/interviews/' + props.row.interview_id" in table.slots['body-cell-name'].template


async def test_the_comparison_shows_reports(user: User) -> None:
    services = app_services()
    vacancy = await services.vacancies.create(VacancyCreate(title='QA', recommended_duration=30,
                                                            competencies=[{'name': 'Тесты'}]))
    created = await services.vacancies.add_candidates(vacancy.id, [CandidateIn(candidate_name='Анна',
                                                                               candidate_id='a')])
    await services.db.run(_report, services, created[0].id)
    await services.decisions.record(created[0].id, DecisionIn(decision='advance', note=''), by='olga')
    await services.human_requests.request(created[0].id)
    await login(user)
    await user.open(f'/admin/vacancies/{vacancy.id}')
    table = user.find(marker='compare-table').elements.pop()
    assert table.rows[0]['c0'] == 'Подтверждено' and table.rows[0]['recommendation'] == 'Рекомендован'
    assert table.rows[0]['status'] == 'Завершено'
    assert table.rows[0]['decision'] == 'Пригласить на следующий этап' and table.rows[0]['human'] == '✓'


def _report(services, interview_id: int) -> None:
    report = {'recommendation': 'recommend', 'competencies': [{'name': 'Тесты', 'status': 'confirmed'}]}
    with services.db.session() as session:
        session.exec(sa.update(Interview).where(col(Interview.id) == interview_id)
                     .values(status=Status.FINISHED, report=report))
        session.commit()


async def test_an_unknown_vacancy_is_a_friendly_404(user: User) -> None:
    await login(user)
    response = await user.http_client.get('/admin/vacancies/999', headers={'accept': 'text/html'})
    assert response.status_code == 404 and 'not-found' in response.text
    assert 'Такой вакансии нет' in response.text
