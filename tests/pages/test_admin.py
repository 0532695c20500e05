"""Admin pages: login required, slow and rate-limited wrong passwords, list, create, the live interview page,
finish and downloads, delete, the report, the demo page."""
from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from nicegui.testing import User
from sqlmodel import select

import pages.admin_auth
from aisobes.limits import LOGIN_PER_CLIENT
from aisobes.models import Interview, Role, Status
from aisobes.rooms import SpeechState, SpeechStatus

from .helpers import PASSWORD, app_services, in_worker_thread, login, new_interview


@pytest.fixture(autouse=True)
def quick_wrong_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages.admin_auth, 'WRONG_PASSWORD_DELAY', 0.01)


@pytest.mark.parametrize('path,content', [('/admin', 'admin-new'), ('/admin/new', 'admin-create'),
                                          ('/admin/interviews/{id}', 'admin-status'), ('/test', 'demo-create')])
async def test_admin_pages_need_login(user: User, path: str, content: str) -> None:
    path = path.format(id=(await new_interview()).id)
    await user.open(path)
    await user.should_see('admin-password')
    await user.should_not_see(content)  # the page's own control, which only a logged-in admin gets
    await login(user)
    await user.open(path)
    await user.should_see(content)  # proves the marker is right: the same page shows it after logging in


async def test_login_goes_back_to_the_requested_page(user: User) -> None:
    await user.open('/admin/new')
    user.find('admin-password').type(PASSWORD)
    user.find('admin-login').click()
    await user.should_see('admin-create', retries=20)


async def test_wrong_password_then_rate_limit(user: User) -> None:
    await user.open('/admin/login')
    for _ in range(LOGIN_PER_CLIENT.max_hits):
        user.find('admin-password').type('wrong')
        user.find('admin-login').click()
        await user.should_see('Неверный пароль', retries=20)
    user.find('admin-password').type(PASSWORD)  # even the right password waits once the limit is hit
    user.find('admin-login').click()
    # the attempts are taken one at a time, each counted in the database: give the queue time
    await user.should_see('Слишком много попыток', retries=100)
    await user.should_not_see('admin-new')


async def test_logout(user: User) -> None:
    await login(user)
    await user.open('/admin/logout')
    await user.should_see('admin-password')
    await user.open('/admin')
    await user.should_see('admin-password')


async def test_list_newest_first_with_filter_and_search(user: User) -> None:
    first = await new_interview(candidate_name='Первый Кандидат')
    await new_interview(candidate_name='Второй Кандидат', position='QA')
    await app_services().interviews.start(first.id)
    await login(user)
    rows = list(user.find(marker='interview-row').elements)
    assert len(rows) == 2
    assert [r.props['data-id'] for r in sorted(rows, key=lambda r: r.parent_slot.children.index(r))] \
        == [str(first.id + 1), str(first.id)]
    user.find(marker='search').type('Втор')
    await user.should_not_see('Первый Кандидат', retries=20)
    await user.should_see('Второй Кандидат')
    user.find(marker='search').clear()
    await user.should_see('Первый Кандидат', retries=20)
    user.find(marker='filter-status').click()
    user.find('Идёт').click()
    await user.should_not_see('Второй Кандидат', retries=20)
    await user.should_see('Первый Кандидат')


async def test_list_follows_creates_status_changes_and_deletes_live(user: User) -> None:
    await login(user)
    await user.should_see('list-empty')
    interview = await new_interview(candidate_name='Новый Кандидат')  # as the REST API does
    await user.should_see('Новый Кандидат', retries=20)
    await user.should_see('Не начато')
    await app_services().interviews.start(interview.id)
    await user.should_see('Идёт', retries=20)
    await app_services().interviews.finish(interview.id)
    await user.should_see('Завершено', retries=20)
    await app_services().interviews.delete(interview.id)
    await user.should_see('list-empty', retries=20)
    no_show = await in_worker_thread(new_interview(candidate_name='Не пришёл'))  # a change made off the loop
    await user.should_see('30 мин', retries=20)
    await app_services().interviews.finish(no_show.id)
    await user.should_see('—', retries=20)
    await user.should_not_see('30 мин')


async def test_create_validates_then_shows_the_link(user: User) -> None:
    await login(user)
    await user.open('/admin/new')
    user.find(marker='admin-create').click()
    await user.should_see('Обязательное поле')
    assert (await app_services().interviews.list())[1] == 0

    user.find(marker='create-candidate-name').type('Иван Петров')
    user.find(marker='create-candidate-id').type('ivan-42')
    user.find(marker='create-position').type('Data Engineer')
    user.find(marker='create-knowledge-base').type('Python, SQL, Airflow')
    user.find(marker='admin-create').click()
    await user.should_see('created-link', retries=20)
    await user.should_see('Интервью создано: Иван Петров')  # not «Интервью для Иван Петров создано»
    items, total = await app_services().interviews.list()
    assert total == 1 and items[0].candidate_name == 'Иван Петров' and items[0].recommended_duration == 30
    await user.should_see(items[0].unique_link)


async def test_create_rejects_a_duration_out_of_range(user: User) -> None:
    await login(user)
    await user.open('/admin/new')
    user.find(marker='create-candidate-name').type('Иван')
    user.find(marker='create-candidate-id').type('i')
    user.find(marker='create-position').type('QA')
    user.find(marker='create-recommended-duration').clear().type('500')
    user.find(marker='admin-create').click()
    await user.should_see('От 5 до 240 минут')
    assert (await app_services().interviews.list())[1] == 0


async def test_interview_page_updates_live_when_the_candidate_writes(user: User,
                                                                     create_user: Callable[[], User]) -> None:
    interview = await new_interview()
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see('Не начато')
    await user.should_see('Русский')  # the interview's language by name, not the code 'ru'

    candidate = create_user()
    await candidate.open(f'/interview/{interview.unique_link}')
    candidate.find('room-start').click()
    await user.should_see('Идёт', retries=20)
    candidate.find('chat-input').type('Пишу из комнаты кандидата')
    candidate.find('chat-send').click()
    await user.should_see(marker='chat-text', content='Пишу из комнаты кандидата', retries=20)

    user.find(marker='admin-chat-input').type('Вопрос от рекрутера')
    user.find(marker='admin-chat-send').click()
    await candidate.should_see(marker='chat-text', content='Вопрос от рекрутера', retries=20)
    assert (await app_services().chat.history(interview.id))[-1].role == Role.RECRUITER


async def test_finish_then_download_transcripts(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Мой ответ про Python', Role.CANDIDATE)
    services.rooms.publish(interview.id, SpeechState(SpeechStatus.LISTENING))
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_not_see(marker='download-json')
    await user.should_see('слушаю')
    user.find(marker='admin-finish').click()
    user.find(marker='admin-finish-confirm').click()
    await user.should_see(marker='download-json', retries=50)
    await user.should_not_see('слушаю')  # no stale speech state over a finished interview's chat
    assert (await services.interviews.get(interview.id)).status == Status.FINISHED

    user.find(marker='download-json').click()
    response = await user.download.next(timeout=5)
    assert response.status_code == 200
    assert 'Мой ответ про Python' in json.dumps(response.json(), ensure_ascii=False)
    user.find(marker='download-txt').click()
    response = await user.download.next(timeout=5)
    assert response.status_code == 200 and 'Мой ответ про Python' in response.text


async def test_a_finish_elsewhere_brings_the_report_and_downloads_to_an_open_page(user: User) -> None:
    """The candidate or the API finishes; the open admin page learns of the written files from the room, at once."""
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Я пишу на Python восемь лет', Role.CANDIDATE)
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_not_see(marker='download-json')
    await services.interviews.finish(interview.id)
    await user.should_see(marker='download-json', retries=5)
    await user.should_see(marker='report', retries=5)


async def test_downloads_need_the_admin_session(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await services.interviews.finish(interview.id)
    response = await user.http_client.get(f'/admin/interviews/{interview.id}/transcript.json')
    assert response.status_code == 303 and response.headers['location'].startswith('/admin/login')


async def test_delete_with_confirmation(user: User) -> None:
    interview = await new_interview(candidate_name='Удаляемый Кандидат')
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    user.find(marker='admin-delete').click()
    user.find(marker='admin-delete-confirm').click()
    await user.should_see('admin-new', retries=20)
    await user.should_not_see('Удаляемый Кандидат')
    assert (await app_services().interviews.list())[1] == 0


async def test_report_is_rendered(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    report = {'brain': 'scripted', 'heuristic': True, 'recommendation': 'consider',
              'competencies': [{'name': 'Python', 'status': 'confirmed', 'rationale': 'Конкретный пример',
                                'evidence': [{'quote': 'писал сервисы на asyncio',
                                              'timestamp': '2026-01-01T10:00:00+00:00'}]},
                               {'name': 'SQL', 'status': 'not_confirmed', 'rationale': 'Нет ответа', 'evidence': []}],
              'strengths': ['Асинхронный Python'], 'risks': ['SQL не подтверждён'],
              'facts': {'questions_asked': 4, 'candidate_messages': 3, 'speech_messages': 1, 'typed_messages': 2,
                        'candidate_talk_share': 0.6, 'duration_seconds': 600}}
    with services.db.session() as session:
        row = session.exec(select(Interview).where(Interview.id == interview.id)).one()
        row.report = report
        session.add(row)
        session.commit()
    await login(user)
    await user.open(f'/admin/interviews/{interview.id}')
    await user.should_see(marker='report')
    for text in ('Рассмотреть', 'Подтверждено', 'Не подтверждено', '«писал сервисы на asyncio»', 'Асинхронный Python',
                 'SQL не подтверждён', '60 %', 'Эвристический отчёт', 'Источник: встроенный сценарий'):
        await user.should_see(text)


async def test_demo_page_creates_only_on_click(user: User) -> None:
    await login(user)
    await user.open('/test')
    await user.should_see('demo-create')
    assert (await app_services().interviews.list())[1] == 0
    user.find(marker='demo-create').click()
    await user.should_see('room-start', retries=20)  # the user simulation opens the "new tab" in place
    items, total = await app_services().interviews.list()
    assert total == 1 and items[0].candidate_id.startswith('demo-')
