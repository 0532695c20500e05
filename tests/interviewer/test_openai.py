"""The openai brain and the model report, through the real httpx client, against a fake OpenAI-compatible server
on loopback: streaming, the prompt built from the plan, and the fallbacks on error, slowness and bad output."""
from __future__ import annotations

import json
import time

from aisobes.interviewer.brain import TurnContext
from aisobes.interviewer.brains import report_builder
from aisobes.interviewer.llm import ChatCompletions
from aisobes.interviewer.openai_brain import OpenAIBrain
from aisobes.interviewer.plan import Focus, Phase, Plan, Step, StepKind
from aisobes.interviewer.scripted import ScriptedBrain, render

from .fake_openai import FakeOpenAI
from .fakes import LONG_ANSWER_RU, SHORT_ANSWER_RU, T0, Chat, FakeInterview, minutes

REPLY = 'Спасибо! Расскажите, пожалуйста, о вашем опыте с SQL и PostgreSQL: какие задачи вы решали?'


def openai_brain(client: ChatCompletions) -> OpenAIBrain:
    """The openai brain as the registry builds it: the scripted words speak a turn the model could not."""
    return OpenAIBrain(client, fallback=ScriptedBrain())


async def build_report(interview, messages, client):
    """The report of the finished interview as `finish` builds it with the openai brain (the heuristic one when the
    model's is unusable)."""
    return await report_builder(openai_brain(client))(interview, messages)


def context_after_an_answer(now_minutes: float = 5.0):
    chat = Chat()
    chat.add('ai_hr', 'Здравствуйте!', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', LONG_ANSWER_RU, T0 + minutes(1))
    chat.add('recruiter', 'Коллеги, я подключилась', T0 + minutes(2))
    plan = Plan.for_interview(FakeInterview())
    return plan, TurnContext(plan, chat.messages, T0 + minutes(now_minutes), T0)


async def test_streams_the_reply_and_builds_the_prompt_from_the_plan():
    plan, context = context_after_an_answer()
    step = Step(Phase.COMPETENCY, StepKind.QUESTION, competency=1, reply_to=2)
    partials = []
    async with FakeOpenAI(reply=REPLY, delay=0.06) as server:
        client = ChatCompletions(server.base_url, 'test-model', 'sk-test', timeout=5)
        brain = openai_brain(client)
        said = await brain.say(step, context, partials.append)
        await brain.aclose()
    assert (said.text, said.brain, said.fallback) == (REPLY, 'openai', False)
    assert len(partials) >= 3 and partials == sorted(partials, key=len) and REPLY.startswith(partials[-1])
    request = server.requests[0]
    assert request['model'] == 'test-model' and request['stream'] is True
    assert server.headers[0]['authorization'] == 'Bearer sk-test'
    system, *conversation, dynamic = request['messages']
    assert system['role'] == 'system' and dynamic['role'] == 'system'
    for expected in ('Анна Петрова', 'Python-разработчик', 'Duration: 30 minutes', '2. SQL и PostgreSQL',
                     'Зарплата от 250 000', 'reply in Russian', '«вы»', 'Never tell or hint'):
        assert expected in system['content'], expected
    assert 'left:' not in system['content'] and 'director\'s note for' not in system['content']  # a static prefix
    roles = [m['role'] for m in conversation]
    assert roles == ['user', 'assistant', 'user']  # alternating
    last = conversation[-1]['content']
    assert LONG_ANSWER_RU in last and '(Recruiter, not the candidate): Коллеги, я подключилась' in last
    assert 'left: 25 min' in dynamic['content'] and "Interview director's note for your next turn" in \
        dynamic['content'] and '"SQL и PostgreSQL"' in dynamic['content']  # the clock and the note come last
    assert 'Interview director' not in last


async def test_server_error_falls_back_to_the_scripted_words():
    plan, context = context_after_an_answer()
    step = Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, competency=0, focus=Focus.NUMBERS, reply_to=2)
    async with FakeOpenAI(mode='error') as server:
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=5))
        said = await brain.say(step, context)
        await brain.aclose()
    assert (said.brain, said.fallback) == ('scripted', True)
    assert said.text == render(step, context) and 'цифрах' in said.text
    assert 'authorization' not in server.headers[0]  # no key configured, none sent


async def test_slow_server_times_out_and_falls_back():
    plan, context = context_after_an_answer()
    step = Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=2)
    async with FakeOpenAI(mode='slow', slow_seconds=5) as server:
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=0.3))
        started = time.monotonic()
        said = await brain.say(step, context)
        elapsed = time.monotonic() - started
        await brain.aclose()
    assert said.fallback and said.text == render(step, context)
    assert elapsed < 2


async def test_stream_that_stalls_midway_is_bounded_by_the_timeout_too():
    plan, context = context_after_an_answer()
    step = Step(Phase.CLOSING, StepKind.CLOSING, reply_to=2)
    async with FakeOpenAI(reply='x' * 200, delay=0.1) as server:  # 29 chunks, 2.9 s in all
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=0.5))
        partials = []
        said = await brain.say(step, context, partials.append)
        await brain.aclose()
    assert said.fallback and 'Анна Петрова' in said.text and partials  # streamed a little, then gave up


async def test_garbage_chunks_fall_back():
    plan, context = context_after_an_answer()
    step = Step(Phase.COMPETENCY, StepKind.QUESTION, competency=2, reply_to=2)
    async with FakeOpenAI(reply=REPLY, mode='garbage') as server:
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=5))
        said = await brain.say(step, context)
        await brain.aclose()
    assert said.fallback and '«Docker»' in said.text


async def test_unreachable_endpoint_falls_back():
    plan, context = context_after_an_answer()
    step = Step(Phase.COMPETENCY, StepKind.QUESTION, competency=0, reply_to=2)
    brain = openai_brain(ChatCompletions('http://127.0.0.1:9/v1', 'm', None, timeout=2))
    said = await brain.say(step, context)
    await brain.aclose()
    assert said.fallback and said.text == render(step, context)


def interview_messages():
    chat = Chat()
    chat.add('ai_hr', 'Расскажите о Python.', T0, 'system', {'phase': 'competency', 'kind': 'question',
                                                               'competency': 0, 'reply_to': 0})
    chat.add('candidate', LONG_ANSWER_RU, T0 + minutes(1), 'speech')
    chat.add('ai_hr', 'А Kubernetes?', T0 + minutes(2), 'system', {'phase': 'competency', 'kind': 'question',
                                                                    'competency': 3, 'reply_to': 2})
    chat.add('candidate', SHORT_ANSWER_RU, T0 + minutes(3))
    return chat.messages


async def test_model_report_is_validated_and_quotes_are_checked_against_the_candidates_words():
    messages = interview_messages()
    answer = {
        'competencies': [
            {'name': 'Python 3 (asyncio, FastAPI)', 'status': 'confirmed', 'rationale': 'Конкретный кейс с цифрами.',
             'evidence': [{'quote': 'я переписал сервис на Python asyncio и FastAPI', 'timestamp': 'whatever'},
                          {'quote': 'В результате   задержка снизилась\nс 300 до 80 мс', 'timestamp': ''}]},
            {'name': 'Kubernetes', 'status': 'confirmed', 'rationale': 'Говорит, что работал.',
             'evidence': [{'quote': 'Я администрировал кластер из 40 нод', 'timestamp': ''}]},
        ],
        'strengths': ['Сильный опыт в asyncio'], 'risks': ['Мало деталей про Kubernetes'],
        'recommendation': 'consider'}
    async with FakeOpenAI(report='```json\n' + json.dumps(answer, ensure_ascii=False) + '\n```') as server:
        client = ChatCompletions(server.base_url, 'm', None, timeout=5)
        report = await build_report(FakeInterview(actual_duration=200), messages, client)
        await client.aclose()
    assert server.requests[0]['stream'] is False
    assert LONG_ANSWER_RU in server.requests[0]['messages'][1]['content']
    assert report['brain'] == 'openai' and report['heuristic'] is False
    python, kubernetes, *rest = report['competencies']
    plan_names = [c.name for c in Plan.for_interview(FakeInterview()).competencies]
    assert [c['name'] for c in report['competencies']] == plan_names[:1] + ['Kubernetes'] + \
        [n for n in plan_names if n not in ('Python 3 (asyncio, FastAPI)', 'Kubernetes')]
    assert all(c['rationale'].startswith('Модель не оценила; эвристика: ') for c in rest)
    assert [e['quote'] for e in python['evidence']] == ['я переписал сервис на Python asyncio и FastAPI',
                                                        'В результате задержка снизилась с 300 до 80 мс']
    assert all(e['quote'] in LONG_ANSWER_RU and e['timestamp'] == (T0 + minutes(1)).isoformat()
               for e in python['evidence'])
    assert python['status'] == 'confirmed'
    assert kubernetes['evidence'] == [] and kubernetes['status'] == 'partial'  # invented quote dropped
    assert report['recommendation'] == 'consider' and report['strengths'] == ['Сильный опыт в asyncio']
    assert report['facts'] == {'questions_asked': 2, 'candidate_messages': 2, 'speech_messages': 1,
                               'typed_messages': 1, 'candidate_talk_share': report['facts']['candidate_talk_share'],
                               'duration_seconds': 200}


async def test_invalid_model_report_falls_back_to_the_heuristic():
    messages = interview_messages()
    bad = json.dumps({'competencies': [{'name': 'X', 'status': 'great', 'evidence': [], 'rationale': ''}],
                      'strengths': [], 'risks': [], 'recommendation': 'hire'})
    for server_kwargs in ({'report': bad}, {'report': 'I think the candidate is good.'}, {'mode': 'error'}):
        async with FakeOpenAI(**server_kwargs) as server:
            client = ChatCompletions(server.base_url, 'm', None, timeout=5)
            report = await build_report(FakeInterview(), messages, client)
            await client.aclose()
        assert report['brain'] == 'scripted' and report['heuristic'] is True, server_kwargs
        assert report['competencies'][0]['status'] == 'confirmed'


async def test_a_must_ask_question_the_model_rewords_is_spoken_by_the_scripted_words():
    chat = Chat()
    chat.add('ai_hr', 'Здравствуйте!', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', LONG_ANSWER_RU, T0 + minutes(1))
    plan = Plan.for_interview(FakeInterview(competencies=[{'name': 'Kafka', 'questions': [
        'Как вы обеспечивали порядок сообщений?'], 'rubric': '', 'weight': 1}]))
    context = TurnContext(plan, chat.messages, T0 + minutes(2), T0)
    step = Step(Phase.COMPETENCY, StepKind.PLANNED, competency=0, question=0, reply_to=1)
    async with FakeOpenAI(reply='Спасибо! А как у вас соблюдался порядок сообщений?') as server:
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=5))
        reworded = await brain.say(step, context)
    async with FakeOpenAI(reply='Спасибо! Как вы обеспечивали порядок сообщений?') as server:
        brain = openai_brain(ChatCompletions(server.base_url, 'm', None, timeout=5))
        verbatim = await brain.say(step, context)
        await brain.aclose()
    assert reworded.fallback and reworded.text == render(step, context)
    assert reworded.text.endswith('Как вы обеспечивали порядок сообщений?')
    assert (verbatim.brain, verbatim.fallback) == ('openai', False)
