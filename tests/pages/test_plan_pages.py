"""The plan editor and its live preview on the create page; the plan in use and the recruiter's decision on the
interview page."""
from __future__ import annotations

import json
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from aisobes.models import Status

from .helpers import app_services, eventually, login, new_interview


async def test_create_page_previews_the_plan_and_edits_competencies(user: User) -> None:
    await login(user)
    await user.open('/admin/new')
    await user.should_see('Заполните поля формы, чтобы увидеть план.')
    user.find(marker='create-candidate-name').type('Иван Петров')
    user.find(marker='create-candidate-id').type('ivan-42')
    user.find(marker='create-position').type('Backend')
    user.find(marker='create-knowledge-base').type('Python, SQL, Airflow')
    await user.should_see('1. Python', retries=20)  # the preview, from the knowledge base
    user.find(marker='plan-add').click()
    user.find(marker='plan-name-0').type('Kafka')
    user.find(marker='plan-questions-0').type('Как вы обеспечивали порядок сообщений?\nЧто такое consumer group?')
    user.find(marker='plan-rubric-0').type('партиционирование, мониторинг лага')
    await user.should_see('1. Kafka', retries=20)
    await user.should_see('? Что такое consumer group?')
    await user.should_see('Рубрика: партиционирование; мониторинг лага')
    user.find(marker='plan-add').click()
    user.find(marker='plan-name-1').type('SQL')
    user.find(marker='plan-up-1').click()  # reorder: SQL first
    await user.should_see('1. SQL', retries=20)
    user.find(marker='plan-add').click()
    user.find(marker='plan-remove-2').click()  # an empty third row, removed again
    user.find(marker='admin-create').click()
    await user.should_see('created-link', retries=20)
    items, _total = await app_services().interviews.list()
    assert [c['name'] for c in items[0].competencies] == ['SQL', 'Kafka']
    assert items[0].competencies[1]['questions'] == ['Как вы обеспечивали порядок сообщений?',
                                                     'Что такое consumer group?']
    assert items[0].competencies[1]['rubric'] == 'партиционирование, мониторинг лага'


async def test_an_empty_competency_name_is_marked_and_nothing_is_created(user: User) -> None:
    await login(user)
    await user.open('/admin/new')
    user.find(marker='create-candidate-name').type('Иван')
    user.find(marker='create-candidate-id').type('i')
    user.find(marker='create-position').type('QA')
    user.find(marker='plan-add').click()
    user.find(marker='admin-create').click()
    await user.should_see('Обязательное поле')
    assert (await app_services().interviews.list())[1] == 0


async def test_interview_page_shows_the_plan_and_records_the_decision(user: User) -> None:
    interview = await new_interview(competencies=[{'name': 'Kafka', 'questions': ['Что такое ISR?'],
                                                   'rubric': 'репликация', 'weight': 2}])
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see('? Что такое ISR?')
    await user.should_see('Решение можно записать после завершения собеседования.')
    services = app_services()
    await services.interviews.start(interview.id)
    await services.interviews.finish(interview.id)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see('decision-save', retries=20)
    await user.should_see('report-advisory')
    user.find(marker='decision-kind').elements.pop().set_value('advance')
    user.find(marker='decision-note').type('Сильный кандидат')
    user.find(marker='decision-save').click()
    stored = await eventually(lambda: _decision(interview.id))
    assert stored['decision'] == 'advance' and stored['note'] == 'Сильный кандидат' and stored['by'] == 'admin'
    await user.should_see('decision-current', retries=20)
    finished = await services.interviews.get(interview.id)
    assert finished.status == Status.FINISHED
    assert json.loads(Path(finished.transcript_path).read_text(encoding='utf-8'))['decision']['decision'] == 'advance'
    assert 'Сильный кандидат' in Path(finished.text_transcript_path).read_text(encoding='utf-8')
    assert isinstance(user.find(marker='decision-kind').elements.pop(), ui.select)


async def _decision(interview_id: int):
    return (await app_services().interviews.get(interview_id)).decision
