"""The candidate room: lobby -> start -> chat -> finish, reloads, two tabs, read-only after finish, 404."""
from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from nicegui import context
from nicegui.testing import User

from aisobes.models import Role, Status
from pages.media import MediaCapture
from pages.room_stage import Stage

from .helpers import app_services, eventually, in_worker_thread, new_interview


async def test_lobby_start_chat_finish(user: User) -> None:
    interview = await new_interview()
    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see('Здравствуйте, Анна Смирнова!')
    await user.should_see('room-start')
    await user.should_see('consent')
    await user.should_not_see('chat-input')

    user.find('room-start').click()
    await user.should_see('chat-input', retries=20)
    await user.should_not_see('room-start')
    assert (await app_services().interviews.get(interview.id)).status == Status.STARTED

    user.find('chat-input').type('Здравствуйте! Я готова.')
    user.find('chat-send').click()
    await user.should_see(marker='chat-text', content='Здравствуйте! Я готова.', retries=20)
    messages = await app_services().chat.history(interview.id)
    assert any(m.content == 'Здравствуйте! Я готова.' and m.role == Role.CANDIDATE for m in messages)

    user.find('room-finish').click()
    user.find('room-finish-confirm').click()
    await user.should_see('room-finished', retries=30)
    await user.should_not_see('chat-input')
    async def with_transcript():
        stored = await app_services().interviews.get(interview.id)
        return stored if stored.transcript_path else None

    finished = await eventually(with_transcript)
    assert finished.status == Status.FINISHED
    assert Path(finished.transcript_path).is_file()


async def test_enter_sends(user: User) -> None:
    interview = await new_interview()
    await app_services().interviews.start(interview.id)
    await user.open(f'/interview/{interview.unique_link}')
    user.find('chat-input').type('Отправлено по Enter').trigger('keydown.enter.exact.prevent')
    await user.should_see(marker='chat-text', content='Отправлено по Enter', retries=20)


async def test_reload_restores_state_and_live_messages_arrive(user: User) -> None:
    services = app_services()
    interview = await new_interview(recommended_duration=10)
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Первый вопрос от AI HR', Role.AI_HR)
    await services.chat.post(interview.id, 'Мой ответ', Role.CANDIDATE)

    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see('chat-input')
    await user.should_not_see('room-start')
    await user.should_see(marker='chat-text', content='Первый вопрос от AI HR')
    await user.should_see(marker='chat-text', content='Мой ответ')
    await user.should_see(marker='ai-question')
    timer = user.find(marker='timer').elements.pop()
    assert timer.text.startswith('09:') or timer.text == '10:00'

    await services.chat.post(interview.id, 'Сообщение рекрутера', Role.RECRUITER)
    await user.should_see(marker='chat-text', content='Сообщение рекрутера', retries=20)


async def test_two_tabs_stay_in_sync(user: User, create_user: Callable[[], User]) -> None:
    interview = await new_interview()
    second = create_user()
    await user.open(f'/interview/{interview.unique_link}')
    await second.open(f'/interview/{interview.unique_link}')
    user.find('room-start').click()
    await second.should_see('chat-input', retries=20)
    await second.should_not_see('room-start')
    second.find('chat-input').type('Из второй вкладки')
    second.find('chat-send').click()
    await user.should_see(marker='chat-text', content='Из второй вкладки', retries=20)
    second.find('room-finish').click()
    second.find('room-finish-confirm').click()
    await user.should_see('room-finished', retries=30)


async def test_only_the_last_used_tab_speaks_the_ai(user: User, create_user: Callable[[], User],
                                                     monkeypatch) -> None:
    spoken: list[tuple[str, str]] = []
    monkeypatch.setattr(Stage, 'speak', lambda stage, text, language: spoken.append((context.client.id, text)))
    interview = await new_interview()
    second = create_user()
    await user.open(f'/interview/{interview.unique_link}')
    await second.open(f'/interview/{interview.unique_link}')
    user.find('room-start').click()
    await second.should_see('chat-input', retries=20)
    await app_services().chat.post(interview.id, 'Первый вопрос', Role.AI_HR)
    await second.should_see(marker='chat-text', content='Первый вопрос', retries=20)
    await user.should_see(marker='chat-text', content='Первый вопрос', retries=20)
    assert [who for who, text in spoken if text == 'Первый вопрос'] == [user.client.id]  # started there last
    second.find('chat-input').type('Отвечаю из второй вкладки')
    second.find('chat-send').click()
    await user.should_see(marker='chat-text', content='Отвечаю из второй вкладки', retries=20)
    await app_services().chat.post(interview.id, 'Второй вопрос', Role.AI_HR)
    await user.should_see(marker='chat-text', content='Второй вопрос', retries=20)
    await second.should_see(marker='chat-text', content='Второй вопрос', retries=20)
    assert [who for who, text in spoken if text == 'Второй вопрос'] == [second.client.id]


async def test_finished_room_is_read_only(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await services.chat.post(interview.id, 'Ответ до завершения', Role.CANDIDATE)
    await services.interviews.finish(interview.id)

    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see('room-finished')
    await user.should_see('Спасибо, Анна Смирнова!')
    for marker in ('room-start', 'chat-input', 'chat-send', 'room-finish', 'timer'):
        await user.should_not_see(marker=marker)


async def test_english_interview_room(user: User) -> None:
    interview = await new_interview(language='en', candidate_name='Jane Doe')
    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see('Hello, Jane Doe!')
    await user.should_see('Start interview')


async def test_unknown_link_is_a_friendly_404(user: User) -> None:
    response = await user.http_client.get('/interview/00000000-0000-0000-0000-000000000000')
    assert response.status_code == 404
    assert 'not-found' in response.text


async def test_unknown_page_is_a_friendly_404_but_the_api_keeps_json(user: User) -> None:
    response = await user.http_client.get('/no/such/page', headers={'accept': 'text/html'})
    assert response.status_code == 404 and 'not-found' in response.text
    response = await user.http_client.get('/api/v1/interviews/00000000-0000-0000-0000-000000000000')
    assert response.status_code == 404 and response.headers['content-type'].startswith('application/json')


async def test_live_partial_speech_and_streaming_ai_reply(user: User) -> None:
    from aisobes.models import Source
    from aisobes.rooms import AiStreaming, SpeechPartial, SpeechState, SpeechStatus
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await user.open(f'/interview/{interview.unique_link}')
    publish = functools.partial(services.rooms.publish, interview.id)
    user.find(kind=MediaCapture).trigger('devices', {'camera': 'on', 'microphone': 'on', 'error': None})

    publish(SpeechState(SpeechStatus.LISTENING))
    await user.should_see('слушаю')
    publish(SpeechPartial('я работаю с питоном'))
    await user.should_see(marker='speech-partial', content='я работаю с питоном')
    await services.chat.post(interview.id, 'Я работаю с Python пять лет.', Role.CANDIDATE, Source.SPEECH)
    await user.should_see(marker='chat-text', content='Я работаю с Python пять лет.')
    await user.should_not_see(marker='speech-partial')

    publish(AiStreaming('Расскажите о проекте', done=False))
    await user.should_see(marker='ai-streaming')
    await user.should_see('печатает…')
    await services.chat.post(interview.id, 'Расскажите о проекте, которым гордитесь.', Role.AI_HR)
    await user.should_not_see(marker='ai-streaming')
    await user.should_see(marker='chat-text', content='Расскажите о проекте, которым гордитесь.')
    await user.should_see('слушает')


async def test_deleted_interview_closes_the_room(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await user.open(f'/interview/{interview.unique_link}')
    await services.interviews.delete(interview.id)
    await user.should_see('Это интервью больше недоступно.')
    await user.should_not_see(marker='room-start')


async def test_lobby_explains_a_refused_camera_and_offers_a_way_on(user: User) -> None:
    interview = await new_interview()
    await user.open(f'/interview/{interview.unique_link}')
    await user.should_see('Камера: подключение…')
    media = user.find(kind=MediaCapture)
    media.trigger('devices', {'camera': 'error', 'microphone': 'on',
                              'error': {'device': 'camera', 'kind': 'permission_denied', 'message': 'NotAllowedError'}})
    await user.should_see('Браузер не дал доступ к камере')
    await user.should_see(marker='device-retry')
    await user.should_see(marker='continue-without-camera')
    await user.should_not_see(marker='continue-without-microphone')
    user.find(marker='continue-without-camera').click()
    element = next(iter(media.elements))
    assert element.props['camera'] is False and element.props['microphone'] is True
    media.trigger('devices', {'camera': 'off', 'microphone': 'on', 'error': None})
    await user.should_not_see(marker='device-error')
    user.find(kind=MediaCapture).trigger('level', {'level': 0.5})
    assert user.find(marker='mic-level').elements.pop().value == 0.5
    await user.should_see(marker='room-start')


async def test_an_event_published_from_a_worker_thread_reaches_the_page(user: User) -> None:
    services = app_services()
    interview = await new_interview()
    await services.interviews.start(interview.id)
    await user.open(f'/interview/{interview.unique_link}')
    await in_worker_thread(services.chat.post(interview.id, 'Из рабочего потока', Role.CANDIDATE))
    await user.should_see(marker='chat-text', content='Из рабочего потока', retries=20)


async def test_timer_shows_overtime_from_the_stored_start(user: User) -> None:
    from datetime import timedelta

    import sqlalchemy as sa

    from aisobes.models import Interview, utcnow
    services = app_services()
    interview = await new_interview(recommended_duration=30)
    await services.interviews.start(interview.id)
    with services.db.session() as session:  # as if the interview had started 31 minutes ago
        session.exec(sa.update(Interview).where(Interview.id == interview.id)
                     .values(started_at=utcnow() - timedelta(minutes=31)))
        session.commit()
    await user.open(f'/interview/{interview.unique_link}')
    timer = next(iter(user.find(marker='timer').elements))
    assert timer.text.startswith('+01:') and timer.props['data-level'] == 'red'
