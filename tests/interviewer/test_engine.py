"""The interviewer service on the real chat path and live rooms, in services built by `build_services`: it leads a
whole interview, debounces answers, reacts to recruiters and milestones, resumes after a restart, stops at finish,
and speaks with whichever brain the registry names."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import aisobes.interviewer.brains
from aisobes.config import Settings
from aisobes.errors import ChatClosed
from aisobes.interviewer.brain import Said
from aisobes.interviewer.plan import Plan
from aisobes.interviewer.report import heuristic_report
from aisobes.interviews import InterviewService
from aisobes.models import Role, Source, Status
from aisobes.rooms import AiStreaming, Milestone
from aisobes.schemas import InterviewCreate
from aisobes.services import build_services

from .conftest import eventually, recorder
from .fake_openai import FakeOpenAI
from .fakes import DESCRIPTION_RU, KB_RU, LONG_ANSWER_RU, SHORT_ANSWER_RU


async def new_interview(services, **overrides):
    data = {'candidate_name': 'Анна Петрова', 'candidate_id': 'c-1', 'position': 'Python-разработчик',
            'recommended_duration': 30, 'knowledge_base': KB_RU, 'description': DESCRIPTION_RU, 'language': 'ru'}
    return await services.interviews.create(InterviewCreate(**{**data, **overrides}))


async def ai_turns(services, interview_id):
    return [m for m in await services.chat.history(interview_id) if m.role == Role.AI_HR]


async def more_turns_than(services, interview_id, count):
    """The AI turns once there are more than `count` of them, else None (a condition for `eventually`)."""
    turns = await ai_turns(services, interview_id)
    return turns if len(turns) > count else None


async def started(services, clock, **overrides):
    interview = await services.interviews.start((await new_interview(services, **overrides)).id)
    clock.at(interview.started_at, 0.5)
    return interview


async def answer(services, interview_id, text, source=Source.TYPED):
    """Posts a candidate message and waits for the AI turn it causes."""
    before = len(await ai_turns(services, interview_id))
    await services.chat.post(interview_id, text, Role.CANDIDATE, source)
    return (await eventually(lambda: more_turns_than(services, interview_id, before)))[-1]


async def test_leads_a_whole_interview_and_the_report_lands_in_both_transcripts(make_services, clock):
    services = await make_services()
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
    candidate_texts = [m.content for m in await services.chat.history(interview.id) if m.role == Role.CANDIDATE]
    for item in report['competencies']:
        assert item['status'] in ('confirmed', 'partial', 'not_confirmed')
        assert all(any(e['quote'] in text for text in candidate_texts) for e in item['evidence'])
    saved = json.loads(Path(finished.transcript_path).read_text(encoding='utf-8'))
    assert saved['report'] == report
    text = Path(finished.text_transcript_path).read_text(encoding='utf-8')
    assert 'Отчёт для рекрутера' in text and 'Компетенции:' in text
    assert 'Рекомендация (совет ИИ, решение за рекрутером):' in text


async def test_fragments_of_one_spoken_answer_make_one_turn(make_services, clock):
    services = await make_services(turn_complete_wait=0.7)
    assert services.interviewer.policy.complete_wait == 0.7  # from the settings (AISOBES_TURN_COMPLETE_WAIT)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    words = LONG_ANSWER_RU.split()
    fragments = [' '.join(words[i::5]) for i in range(5)]
    # 0.2 s apart, 0.8 s from the first to the last: longer than the quiet period, yet one answer (the margins
    # leave room for a loaded machine: a gap must stay under 0.7 s)
    for fragment in fragments:
        last = await services.chat.post(interview.id, fragment, Role.CANDIDATE, Source.SPEECH)
        await asyncio.sleep(0.2)
    await eventually(lambda: more_turns_than(services, interview.id, 1))
    await asyncio.sleep(0.9)  # longer than the quiet period: a second turn would have come
    turns = await ai_turns(services, interview.id)
    assert len(turns) == 2 and (turns[1].meta['kind'], turns[1].meta['reply_to']) == ('question', last.id)
    assert turns[1].timestamp > last.timestamp


async def test_milestones_follow_the_controllable_clock(make_services, clock):
    services = await make_services()
    interview = await started(services, clock)
    events = recorder(services, interview.id)
    await eventually(lambda: ai_turns(services, interview.id))
    await answer(services, interview.id, 'Я бэкенд-разработчик.')
    await asyncio.sleep(0.1)
    assert not [e for e in events if isinstance(e, Milestone)]

    async def milestone_turns():
        return [m for m in await ai_turns(services, interview.id) if m.meta.get('milestone')]

    clock.at(interview.started_at, 25.6)  # 85 % of 30 minutes is 25.5
    wrap = await eventually(milestone_turns)
    assert (wrap[0].meta['kind'], wrap[0].meta['milestone']) == ('invite_questions', 'wrap_up')
    assert 'осталось около 4 мин' in wrap[0].content
    milestones = [e for e in events if isinstance(e, Milestone)]
    assert [m.name for m in milestones] == ['wrap_up']
    assert milestones[0].at == interview.started_at + (interview.deadline - interview.started_at) * 0.85

    async def closings():
        return [m for m in await ai_turns(services, interview.id) if m.meta['kind'] == 'closing']

    clock.at(interview.started_at, 30.01)
    closing = await eventually(closings)
    assert closing[0].meta['milestone'] == 'time_up' and closing[0].content.startswith('Наше время подошло к концу.')
    await asyncio.sleep(0.1)  # the watcher keeps ticking: no milestone twice
    assert [e.name for e in events if isinstance(e, Milestone)] == ['wrap_up', 'time_up']
    assert sum(m.meta['kind'] == 'closing' for m in await ai_turns(services, interview.id)) == 1
    assert interview.id in services.interviewer.attached


async def test_recruiter_is_answered_only_when_addressing_the_ai(make_services, clock):
    services = await make_services()
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'Коллеги, я подключилась к звонку', Role.RECRUITER)
    await asyncio.sleep(0.4)
    assert len(await ai_turns(services, interview.id)) == 1
    await services.chat.post(interview.id, 'ИИ, спроси про опыт с Kafka', Role.RECRUITER)
    turn = (await eventually(lambda: more_turns_than(services, interview.id, 1)))[1]
    assert turn.meta['kind'] == 'recruiter_question' and 'опыт с Kafka' in turn.content


async def test_resumes_from_the_stored_chat_after_a_restart(make_services, clock):
    first = await make_services(ai_debounce=5.0)
    interview = await started(first, clock)
    await eventually(lambda: ai_turns(first, interview.id))
    await first.chat.post(interview.id, 'Я бэкенд-разработчик.', Role.CANDIDATE)  # the debounce never ends: restart
    await make_services.stop(first)

    second = await make_services(start=False)  # a new process on the same database
    assert len(await ai_turns(second, interview.id)) == 1  # the stopped server took no turn
    await second.start()
    assert interview.id in second.interviewer.attached
    turn = (await eventually(lambda: more_turns_than(second, interview.id, 1)))[1]
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 0)
    turn = await answer(second, interview.id, LONG_ANSWER_RU)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 1)
    await make_services.stop(second)

    third = await make_services()  # nothing unanswered: a restart adds no turn
    await asyncio.sleep(0.3)
    assert [m.meta['kind'] for m in await ai_turns(third, interview.id)] == ['greeting', 'question', 'question']
    turn = await answer(third, interview.id, LONG_ANSWER_RU)
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 2)  # the plan position came from history
    assert third.interviewer.attached == [interview.id]


async def test_no_turn_after_finish(make_services, clock):
    services = await make_services(ai_debounce=1.0)  # finish comes well within the quiet period, even when slow
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'Я бэкенд-разработчик.', Role.CANDIDATE)
    await services.interviews.finish(interview.id)
    assert interview.id not in services.interviewer.attached
    await asyncio.sleep(1.2)  # past the end of the quiet period
    assert len(await ai_turns(services, interview.id)) == 1
    with pytest.raises(ChatClosed):
        await services.chat.post(interview.id, 'ещё', Role.CANDIDATE)


async def test_the_first_answer_waits_for_quiet_even_when_the_database_is_slow(make_services, clock, monkeypatch):
    """The start reaches the interviewer twice (the room is created by the start's own announcement, and then the
    announcement arrives): the second must not take a 'start' turn that answers the candidate's first words at once."""
    get = InterviewService.get

    async def slow_get(self, interview_id):
        await asyncio.sleep(0.05)
        return await get(self, interview_id)

    monkeypatch.setattr(InterviewService, 'get', slow_get)
    services = await make_services(ai_debounce=1.0)
    interview = await started(services, clock)
    await eventually(lambda: ai_turns(services, interview.id))
    await services.chat.post(interview.id, 'Я бэкенд-разработчик.', Role.CANDIDATE)
    await asyncio.sleep(0.5)
    assert [m.meta['kind'] for m in await ai_turns(services, interview.id)] == ['greeting']  # still quiet period
    turn = (await eventually(lambda: more_turns_than(services, interview.id, 1)))[1]
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 0)


async def test_not_started_interview_gets_no_greeting_until_it_starts(make_services, clock):
    services = await make_services()
    interview = await new_interview(services)
    await asyncio.sleep(0.2)
    assert await ai_turns(services, interview.id) == []
    await services.interviews.start(interview.id)
    await eventually(lambda: ai_turns(services, interview.id))
    assert (await services.interviews.get(interview.id)).status == Status.STARTED


async def test_openai_brain_streams_into_the_room_and_falls_back_when_the_server_fails(make_services, clock):
    reply = 'Здравствуйте, Анна! Я AI HR. Расскажите, пожалуйста, коротко о себе.'
    async with FakeOpenAI(reply=reply, delay=0.06) as server:
        services = await make_services(llm='openai', llm_base_url=server.base_url, llm_model='fake',
                                       llm_timeout=2.0)
        assert services.interviewer.brain is services.brain and services.brain.name == 'openai'
        interview = await new_interview(services)
        events = recorder(services, interview.id)
        await services.interviews.start(interview.id)
        greeting = (await eventually(lambda: ai_turns(services, interview.id)))[0]
        assert greeting.content == reply and greeting.meta['brain'] == 'openai' and 'fallback' not in greeting.meta
        assert server.requests[0]['model'] == 'fake'  # the settings reached the client
        # the message is stored (and visible) a moment before the room hears that the streaming is done
        await eventually(lambda: any(isinstance(e, AiStreaming) and e.done for e in events))
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
        await make_services.stop(services)  # closes the brain's client while the fake server still runs


async def test_resuming_into_a_new_room_subscribes_once(make_services, clock):
    """After a restart the rooms are new: creating one calls the interviewer back while it attaches; it must still
    listen once (twice would answer every message twice)."""
    first = await make_services(start=False)  # no interviewer runs: the interview only starts
    interview = await started(first, clock)
    await make_services.stop(first)
    restarted = await make_services()  # a restarted process: new services, no room exists yet
    assert restarted.interviewer.attached == [interview.id]
    assert restarted.rooms.room(interview.id).subscriber_count == 1
    restarted.interviewer.detach(interview.id)
    assert restarted.rooms.room(interview.id).subscriber_count == 0


class EchoBrain:
    """A whole brain in a few lines: it repeats the candidate's last words and writes no report of its own."""
    name = 'echo'

    def __init__(self) -> None:
        self.closed = False

    @classmethod
    def from_settings(cls, settings: Settings) -> EchoBrain:
        return cls()

    async def say(self, step, context, on_partial=None) -> Said:
        said = [m.content for m in context.history if m.role == Role.CANDIDATE]
        return Said(f'Эхо: {said[-1]}' if said else 'Эхо: здравствуйте!', self.name)

    async def report(self, plan, interview, messages):
        return None  # the heuristic report, please

    async def aclose(self) -> None:
        self.closed = True


async def test_a_new_brain_plugs_in_through_the_registry_alone(make_services, clock, monkeypatch):
    monkeypatch.setitem(aisobes.interviewer.brains.BRAINS, 'echo', EchoBrain.from_settings)
    services = await make_services(llm='echo')
    assert isinstance(services.brain, EchoBrain) and services.interviewer.brain is services.brain
    interview = await started(services, clock)
    greeting = (await eventually(lambda: ai_turns(services, interview.id)))[0]
    assert greeting.content == 'Эхо: здравствуйте!'
    assert (greeting.meta['kind'], greeting.meta['brain']) == ('greeting', 'echo') and 'fallback' not in greeting.meta

    turn = await answer(services, interview.id, 'Я бэкенд-разработчик.')
    assert turn.content == 'Эхо: Я бэкенд-разработчик.' and turn.meta['brain'] == 'echo'
    assert (turn.meta['kind'], turn.meta['competency']) == ('question', 0)  # the director still leads the plan
    turn = await answer(services, interview.id, SHORT_ANSWER_RU)
    assert turn.content == f'Эхо: {SHORT_ANSWER_RU}' and turn.meta['brain'] == 'echo'
    assert (turn.meta['kind'], turn.meta['focus']) == ('follow_up', 'example')
    assert {m.meta['brain'] for m in await ai_turns(services, interview.id)} == {'echo'}

    finished = await services.interviews.finish(interview.id)
    messages = await services.chat.history(interview.id)
    assert finished.report == heuristic_report(Plan.for_interview(finished), finished, messages)
    assert finished.report['brain'] == 'scripted' and finished.report['heuristic'] is True
    saved = json.loads(Path(finished.transcript_path).read_text(encoding='utf-8'))
    assert saved['report'] == finished.report
    await make_services.stop(services)
    assert services.brain.closed  # stopping the services closes the brain


async def test_an_unknown_brain_is_refused_when_the_services_are_built(settings):
    with pytest.raises(ValueError) as refused:
        build_services(settings.model_copy(update={'llm': 'nonexistent'}))
    message = str(refused.value)
    assert "'nonexistent'" in message
    assert 'scripted' in message and 'openai' in message
    assert all(name in message for name in aisobes.interviewer.brains.BRAINS)


class WarmingBrain(EchoBrain):
    name = 'warming'

    def __init__(self) -> None:
        super().__init__()
        self.warmed: list[str] = []

    async def warm_up(self, plan) -> None:
        self.warmed.append(plan.candidate_name)


async def test_the_lobby_opening_warms_the_brain_up(make_services, monkeypatch):
    # the candidate opens the room before the start: the room is created, and a brain that can warm its model
    # server's prompt cache is asked to, once, before any turn
    monkeypatch.setitem(aisobes.interviewer.brains.BRAINS, 'warming', lambda settings: WarmingBrain())
    services = await make_services(llm='warming')
    interview = await new_interview(services)
    services.rooms.room(interview.id)  # what the lobby page and the chat socket do when they open
    await eventually(lambda: services.brain.warmed)
    assert services.brain.warmed == [interview.candidate_name]
    assert await ai_turns(services, interview.id) == []
    await make_services.stop(services)
