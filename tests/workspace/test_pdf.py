"""The PDF report: real text with Cyrillic (extracted with pypdf), every part of the report, the decision; the API
route and the admin page's download, each recorded in the audit log."""
from __future__ import annotations

import io
from datetime import UTC, datetime

import sqlalchemy as sa
from nicegui.testing import User
from pypdf import PdfReader
from sqlmodel import col

from aisobes.models import Interview, Status
from aisobes.pdf_report import render_pdf

from ..pages.helpers import app_services, login, new_interview

AUTH = {'Authorization': 'Bearer test-token'}
REPORT = {'brain': 'scripted', 'heuristic': True, 'recommendation': 'consider',
          'quality': {'weak': True, 'notes': ['Мало слов в ответах']},
          'competencies': [{'name': 'Python', 'status': 'confirmed', 'rationale': 'Уверенно про asyncio',
                            'covered': [{'point': 'event loop', 'quote': 'Цикл событий один на поток'}],
                            'missing': ['задачи'],
                            'evidence': [{'quote': 'Я писал сервисы на asyncio и FastAPI три года',
                                          'timestamp': '2026-01-01T10:05:00+00:00'}]},
                           {'name': 'SQL', 'status': 'not_confirmed', 'evidence': []}],
          'strengths': ['Python: конкретные примеры'], 'risks': ['SQL: нет ответа по существу']}


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF')
    return '\n'.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def finished_interview(**values) -> Interview:
    started = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    values = {'report': REPORT, **values}
    return Interview(id=7, candidate_name='Анна Смирнова', candidate_id='c-7', position='Python-разработчик',
                     recommended_duration=30, language='ru', knowledge_base='Python\nSQL', status=Status.FINISHED,
                     started_at=started, finished_at=datetime(2026, 1, 1, 10, 25, tzinfo=UTC), actual_duration=1500,
                     **values)


def test_the_pdf_has_every_part_as_extractable_cyrillic_text() -> None:
    decision = {'decision': 'advance', 'note': 'Пригласить на техническое интервью', 'by': 'olga',
                'at': '2026-01-02T09:00:00+00:00'}  # the AI HR issue's column (read defensively: it may be absent)
    plan = [{'name': 'Python', 'questions': ['Расскажите про asyncio'], 'rubric': 'event loop, задачи', 'weight': 2}]
    interview = finished_interview(decision=decision, competencies=plan)
    text = ' '.join(text_of(render_pdf(interview)).split())
    for expected in ('Отчёт об интервью', 'Анна Смирнова', 'Python-разработчик', '2026-01-01 10:00 UTC',
                     '25:00', 'Python: подтверждена', 'SQL: не подтверждена',
                     '«Я писал сервисы на asyncio и FastAPI три года»', 'Python: конкретные примеры',
                     'SQL: нет ответа по существу', 'рассмотреть', 'решение принимает человек',
                     'пригласить дальше', 'Расскажите про asyncio', 'Критерии: event loop, задачи',
                     'Вес 2', 'event loop: «Цикл событий один на поток»', 'Не раскрыто: задачи',
                     'Качество данных', 'Мало слов в ответах', 'Пригласить на техническое интервью', 'olga'):
        assert expected in text, expected


def test_a_pdf_without_report_or_decision_says_so_in_english() -> None:
    interview = finished_interview(report=None)
    interview.language = 'en'
    text = ' '.join(text_of(render_pdf(interview)).split())
    assert 'No report yet' in text and 'No decision yet.' in text and 'Анна Смирнова' in text
    assert 'Knowledge base' in text  # no recruiter plan: the knowledge base is the plan


async def test_the_api_route_and_the_admin_download(user: User) -> None:
    interview = await new_interview()
    services = app_services()
    await services.db.run(_set_report, services, interview.id)
    response = await user.http_client.get(f'/api/v1/interviews/{interview.id}/report.pdf', headers=AUTH)
    assert response.status_code == 200 and response.headers['content-type'] == 'application/pdf'
    assert 'Анна Смирнова' in text_of(response.content)
    assert (await user.http_client.get(f'/api/v1/interviews/{interview.id}/report.pdf')).status_code == 401
    assert (await user.http_client.get('/api/v1/interviews/999/report.pdf', headers=AUTH)).status_code == 404
    await login(user)
    response = await user.http_client.get(f'/admin/interviews/{interview.id}/report.pdf')
    assert response.status_code == 200 and 'SQL: не подтверждена' in ' '.join(text_of(response.content).split())
    entries, _ = await services.audit.query(target=f'interview:{interview.id}')
    assert [(e.actor, e.action) for e in reversed(entries) if e.action == 'download_pdf'] == [
        ('api', 'download_pdf'), ('admin', 'download_pdf')]


def _set_report(services, interview_id: int) -> None:
    with services.db.session() as session:
        session.exec(sa.update(Interview).where(col(Interview.id) == interview_id).values(report=REPORT))
        session.commit()
