"""The interviewer service on the real chat path and live rooms: it leads a whole interview, debounces answers,
reacts to recruiters and milestones, resumes after a restart, and stops at finish."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from aisobes.errors import ChatClosed
from aisobes.models import Role, Source, Status
from aisobes.rooms import AiStreaming, Milestone
from aisobes.schemas import InterviewCreate

from .conftest import eventually, recorder
from .fake_openai import FakeOpenAI
from .fakes import DESCRIPTION_RU, KB_RU, LONG_ANSWER_RU, SHORT_ANSWER_RU


def new_interview(services, **overrides):
    data = {'candidate_name': 'Анна Петрова', 'candidate_id': 'c-1', 'position': 'Python-разработчик',
            'recommended_duration': 30, 'knowledge_base': KB_RU, 'description': DESCRIPTION_RU, 'language': 'ru'}
    return services.interviews.create(InterviewCreate(**{**data, **overrides}))


def ai_turns(services, interview_id):
    return [m for m in services.chat.history(interview_id) if m.role == 'ai_hr']


async def started(services, clock, **overrides):
    interview = await services.interviews.start(new_interview(services, **overrides).id)
    clock.at(interview.started_at, 0.5)
    return interview


async def answer(services, interview_id, text, source=Source.TYPED):
    """Posts a candidate message and waits for the AI turn it causes."""
    before = len(ai_turns(services, interview_id))
    services.chat.post(interview_id, text, Role.CANDIDATE, source)
    await eventually(lambda: len(ai_turns(services, interview_id)) > before)
    return ai_turns(services, interview_id)[-1]


async def test_leads_a_whole_interview_and_the_report_lands_in_both_transcripts(services, clock, make_interviewer):
    await make_interviewer()
    interview = await started(services, clock)
    greeting = (await eventually(lambda: ai_turns(services, interview.id)))[0]
    assert greeting.meta['kind'] == 'greeting' and greeting.source == 'system'
    assert 'Анна Петрова' in greeting.content and '«Python-разработчик»' in greeting.content
    assert '30 мин' in greeting.content

    turn = await answer(services, interview.id, 'Я бэкенд-разработчик, пишу на Python пять лет.', Source.SPEECH)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 0)
    turn = await answer(services, interview.id, SHORT_ANSWER_RU)
    assert (turn.meta['kind'], turn.meta['focus']) == ('follow_up', 'example')

    turn = await answer(services, interview.id, LONG_ANSWER_RU, Source.SPEECH)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 1)

    while turn.meta['kind'] != 'invite_questions':
        turn = await answer(services, interview.id, LONG_ANSWER_RU + ' SQL, PostgreSQL, Docker, Kubernetes.')
    turn = await answer(services, interview.id, 'Какая у вас зарплата?')
    assert turn.meta['kind'] == 'answer' and 'Зарплата от 250 000 рублей' in turn.content
    turn = await answer(services, interview.id, 'Спасибо, вопросов больше нет.')
    assert turn.meta['kind'] == 'closing' and 'Анна Петрова' in turn.content

    finished = await services.interviews.finish(interview.id)
    report = finished.report
    assert report['brain'] == 'scripted' and report['heuristic'] is True
    assert len(report['competencies']) == 6 and report['facts']['speech_messages'] == 2
    candidate_texts = [m.content for m in services.chat.history(interview.id) if m.role == 'candidate']
    for item in report['competencies']:
        assert item['status'] in ('confirmed', 'partial', 'not_confirmed')
        assert all(any(e['quote'] in text for text in candidate_texts) for e in item['evidence'])
    saved = json.loads(Path(finished.transcript_path).read_text(encoding='utf-8'))
    assert saved['report'] == report
    text = Path(finished.text_transcript_path).read_text(encoding='utf-8')
    assert 'Отчёт для рекрутера' in text and 'Рекомендация:' in text and 'Компетенции:' in text


async def test_fragments_of_one_spoken_answer_make_one_turn(services, clock, make_interviewer):
    await make_interviewer(debounce=0.35)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    words = LONG_ANSWER_RU.split()
    fragments = [' '.join(words[i::5]) for i in range(5)]
    for fragment in fragments:  # 0.1 s apart, 0.4 s in all: longer than the quiet period, yet one answer
        last = services.chat.post(interview.id, fragment, Role.CANDIDATE, Source.SPEECH)
        await asyncio.sleep(0.1)
    await eventually(lambda: len(ai_turns(services, interview.id)) > 1)
    await asyncio.sleep(0.5)
    turns = ai_turns(services, interview.id)
    assert len(turns) == 2 and (turns[1].meta['kind'], turns[1].meta['reply_to']) == ('question', last.id)
    assert turns[1].timestamp > last.timestamp


async def test_milestones_follow_the_controllable_clock(services, clock, make_interviewer):
    interviewer = await make_interviewer()
    interview = await started(services, clock)
    events = recorder(services, interview.id)
    await eventually(lambda: ai_turns(services, interview.id))
    await answer(services, interview.id, 'Я бэкенд-разработчик.')
    await asyncio.sleep(0.1)
    assert not [e for e in events if isinstance(e, Milestone)]

    clock.at(interview.started_at, 25.6)  # 85 % of 30 minutes is 25.5
    wrap = await eventually(lambda: [m for m in ai_turns(services, interview.id) if m.meta.get('milestone')])
    assert (wrap[0].meta['kind'], wrap[0].meta['milestone']) == ('invite_questions', 'wrap_up')
    assert 'осталось около 4 мин' in wrap[0].content
    milestones = [e for e in events if isinstance(e, Milestone)]
    assert [m.name for m in milestones] == ['wrap_up']
    assert milestones[0].at == interview.started_at + (interview.deadline - interview.started_at) * 0.85

    clock.at(interview.started_at, 30.01)
    closing = await eventually(lambda: [m for m in ai_turns(services, interview.id) if m.meta['kind'] == 'closing'])
    assert closing[0].meta['milestone'] == 'time_up' and closing[0].content.startswith('Наше время подошло к концу.')
    await asyncio.sleep(0.1)  # the watcher keeps ticking: no milestone twice
    assert [e.name for e in events if isinstance(e, Milestone)] == ['wrap_up', 'time_up']
    assert sum(m.meta['kind'] == 'closing' for m in ai_turns(services, interview.id)) == 1
    assert interview.id in interviewer.attached


async def test_recruiter_is_answered_only_when_addressing_the_ai(services, clock, make_interviewer):
    await make_interviewer()
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    services.chat.post(interview.id, 'Коллеги, я подключилась к звонку', Role.RECRUITER)
    await asyncio.sleep(0.4)
    assert len(ai_turns(services, interview.id)) == 1
    services.chat.post(interview.id, 'ИИ, спроси про опыт с Kafka', Role.RECRUITER)
    turn = (await eventually(lambda: ai_turns(services, interview.id)[1:]))[0]
    assert turn.meta['kind'] == 'recruiter_question' and 'опыт с Kafka' in turn.content


async def test_resumes_from_the_stored_chat_after_a_restart(services, clock, make_interviewer):
    first = await make_interviewer(debounce=5.0)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    services.chat.post(interview.id, 'Я бэкенд-разработчик.', Role.CANDIDATE)  # the debounce never ends: restart
    await first.stop()
    assert len(ai_turns(services, interview.id)) == 1

    second = await make_interviewer()
    assert interview.id in second.attached
    turn = (await eventually(lambda: ai_turns(services, interview.id)[1:]))[0]
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 0)
    turn = await answer(services, interview.id, LONG_ANSWER_RU)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 1)
    await second.stop()

    third = await make_interviewer()  # nothing unanswered: a restart adds no turn
    await asyncio.sleep(0.3)
    assert [m.meta['kind'] for m in ai_turns(services, interview.id)] == ['greeting', 'question', 'question']
    turn = await answer(services, interview.id, LONG_ANSWER_RU)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 2)  # the plan position came from history
    assert third.attached == [interview.id]


async def test_no_turn_after_finish(services, clock, make_interviewer):
    interviewer = await make_interviewer(debounce=0.3)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    services.chat.post(interview.id, 'Я бэкенд-разработчик.', Role.CANDIDATE)
    await services.interviews.finish(interview.id)
    assert interview.id not in interviewer.attached
    await asyncio.sleep(0.5)
    assert len(ai_turns(services, interview.id)) == 1
    with pytest.raises(ChatClosed):
        services.chat.post(interview.id, 'ещё', Role.CANDIDATE)


async def test_not_started_interview_gets_no_greeting_until_it_starts(services, clock, make_interviewer):
    await make_interviewer()
    interview = new_interview(services)
    await asyncio.sleep(0.2)
    assert ai_turns(services, interview.id) == []
    await services.interviews.start(interview.id)
    await eventually(lambda: ai_turns(services, interview.id))
    assert services.interviews.get(interview.id).status == Status.STARTED


async def test_openai_brain_streams_into_the_room_and_falls_back_when_the_server_fails(services, clock,
                                                                                        make_interviewer):
    reply = 'Здравствуйте, Анна! Я AI HR. Расскажите, пожалуйста, коротко о себе.'
    async with FakeOpenAI(reply=reply, delay=0.06) as server:
        settings = services.settings.model_copy(update={'llm': 'openai', 'llm_base_url': server.base_url,
                                                        'llm_model': 'fake', 'llm_timeout': 2.0})
        interviewer = await make_interviewer(settings)
        assert interviewer.brain.name == 'openai'
        interview = new_interview(services)
        events = recorder(services, interview.id)
        await services.interviews.start(interview.id)
        greeting = (await eventually(lambda: ai_turns(services, interview.id)))[0]
        assert greeting.content == reply and greeting.meta['brain'] == 'openai' and 'fallback' not in greeting.meta
        streaming = [e for e in events if isinstance(e, AiStreaming)]
        assert streaming[0] == AiStreaming('') and streaming[-1] == AiStreaming(reply, done=True)
        assert len(streaming) >= 4 and len({e.text for e in streaming[1:-1]}) == len(streaming) - 2
        assert all(not e.done and reply.startswith(e.text) for e in streaming[:-1])

        server.mode = 'error'
        turn = await answer(services, interview.id, 'Я бэкенд-разработчик.')
        assert turn.meta['brain'] == 'scripted' and turn.meta['fallback'] is True
        assert turn.meta['kind'] == 'question' and '«Python 3 (asyncio, FastAPI)»' in turn.content

        server.mode, server.report = 'ok', 'not json at all'
        finished = await services.interviews.finish(interview.id)
        assert finished.report['brain'] == 'scripted' and finished.report['heuristic'] is True


async def test_resuming_into_a_new_room_subscribes_once(services, clock):
    """After a restart the rooms are new: creating one calls the interviewer back while it attaches; it must still
    listen once (twice would answer every message twice)."""
    from aisobes.interviewer import InterviewerService
    from aisobes.rooms import RoomHub
    interview = await started(services, clock)
    fresh_rooms = RoomHub()  # a restarted process: no room exists yet
    interviewer = InterviewerService(services.settings, fresh_rooms, services.chat, services.interviews, clock=clock,
                                     debounce=0.1, tick=0.01)
    await interviewer.start()
    try:
        assert interviewer.attached == [interview.id]
        assert fresh_rooms.room(interview.id).subscriber_count == 1
        interviewer.detach(interview.id)
        assert fresh_rooms.room(interview.id).subscriber_count == 0
    finally:
        await interviewer.stop()
