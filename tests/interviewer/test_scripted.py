"""A whole scripted interview, greeting to closing, driven by simulated answers, and the report it yields."""
from __future__ import annotations

import re

from aisobes.interviewer.brain import TurnContext
from aisobes.interviewer.brains import report_builder
from aisobes.interviewer.director import Trigger, decide
from aisobes.interviewer.plan import Phase, Plan, Progress, Step, StepKind
from aisobes.interviewer.report_text import render_report_text
from aisobes.interviewer.scripted import ScriptedBrain
from aisobes.rooms import MilestoneName

from .fakes import LONG_ANSWER_RU, SHORT_ANSWER_RU, T0, Chat, FakeInterview, minutes

STATUSES = {'confirmed', 'partial', 'not_confirmed'}


async def build_report(interview, messages):
    """The report of the finished interview as `finish` builds it with the scripted brain (the heuristic one)."""
    return await report_builder(ScriptedBrain())(interview, messages)


async def run_interview(interview, answers, questions=(), minutes_per_answer=1.0):
    """Alternates AI turns (director + scripted words) and simulated candidate messages until the AI closes: the
    given answers while the AI asks, then the given questions once it invites them, then "no more questions"."""
    plan, chat, brain = Plan.for_interview(interview), Chat(), ScriptedBrain()
    answers, questions = list(answers), list(questions)
    now = T0
    step = decide(plan, Progress.from_history(chat.messages), Trigger.START, now, T0)
    while len(chat.messages) < 200:
        said = await brain.say(step, TurnContext(plan, chat.messages, now, T0))
        chat.add('ai_hr', said.text, now, 'system', step.meta(plan, said.brain))
        if step.kind == StepKind.CLOSING:
            break
        now += minutes(minutes_per_answer)
        if step.phase == Phase.QUESTIONS:
            text = questions.pop(0) if questions else ('No questions, thanks.' if plan.language == 'en'
                                                       else 'Нет, вопросов нет.')
        else:
            text = answers.pop(0) if answers else SHORT_ANSWER_RU
        chat.add('candidate', text, now, 'speech' if len(chat.messages) % 4 == 1 else 'typed')
        step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, now, T0)
    return plan, chat


async def test_scripted_interview_with_short_and_long_answers_runs_from_greeting_to_closing():
    answers = ['Меня зовут Анна, я пять лет пишу бэкенд на Python.', SHORT_ANSWER_RU, LONG_ANSWER_RU,
               SHORT_ANSWER_RU, 'Не знаю.', 'Не помню.', LONG_ANSWER_RU] + [LONG_ANSWER_RU] * 10
    plan, chat = await run_interview(FakeInterview(), answers, ['Какая зарплата?', 'А есть ДМС?'])
    ai = [m for m in chat.messages if m.role == 'ai_hr']
    kinds = [m.meta['kind'] for m in ai]
    assert kinds[0] == 'greeting' and kinds[-1] == 'closing'
    greeting = ai[0].content
    assert 'Анна Петрова' in greeting and 'Python-разработчик' in greeting and '30 мин' in greeting
    assert kinds[1:4] == ['question', 'follow_up', 'question']  # a short answer drew a follow-up
    assert ai[2].meta['focus'] == 'example' and 'пример' in ai[2].content
    asked = [m.meta['competency'] for m in ai if m.meta['kind'] == 'question']
    assert asked == list(range(len(plan.competencies)))  # every competency, in order, once
    assert 'invite_questions' in kinds and kinds.index('invite_questions') < kinds.index('closing')
    salary, insurance = [m for m in ai if m.meta['kind'] == 'answer']
    assert 'Зарплата от 250 000 рублей на руки' in salary.content and 'ещё вопросы' in salary.content
    assert 'ответа на него нет' in insurance.content  # not in the description: the recruiter will answer
    for message in ai:  # never a hiring decision in the room
        assert not re.search(r'(вы нам подходите|вы приняты|отказ|рекомендую|не рекомендую)', message.content, re.I)
    assert all(message.meta['reply_to'] <= message.id for message in ai)


async def test_english_interview_speaks_english():
    interview = FakeInterview(candidate_name='John Smith', position='Data analyst', language='en',
                              knowledge_base='SQL, Python, statistics, dashboards, communication',
                              description='Remote work is possible. The team has 5 analysts.')
    plan, chat = await run_interview(interview, ['I am an analyst.', 'Yes.'], ['Is remote work possible?'])
    ai = [m for m in chat.messages if m.role == 'ai_hr']
    assert ai[0].content.startswith('Hello, John Smith!') and 'Data analyst' in ai[0].content
    assert not re.search('[А-Яа-я]', ' '.join(m.content for m in ai))
    assert 'Remote work is possible.' in next(m.content for m in ai if m.meta['kind'] == 'answer')


async def test_heuristic_report_quotes_are_verbatim_and_statuses_follow_the_answers():
    answers = ['Я бэкенд-разработчик.', LONG_ANSWER_RU, SHORT_ANSWER_RU, 'Не знаю.', 'Не помню.'] + \
              ['Честно, не сталкивался.'] * 12
    interview = FakeInterview(actual_duration=1500)
    plan, chat = await run_interview(interview, answers)
    report = await build_report(interview, chat.messages)
    assert set(report) == {'brain', 'heuristic', 'advisory', 'competencies', 'strengths', 'risks', 'recommendation',
                           'quality', 'facts'}
    assert report['advisory'] is True
    assert report['brain'] == 'scripted' and report['heuristic'] is True
    assert [c['name'] for c in report['competencies']] == [c.name for c in plan.competencies]
    candidate = [m for m in chat.messages if m.role == 'candidate']
    for item in report['competencies']:
        assert item['status'] in STATUSES and item['rationale']
        for quote in item['evidence']:
            source = [m for m in candidate if quote['quote'] in m.content]
            assert source, quote
            assert quote['timestamp'] == source[0].timestamp.isoformat()
    by_name = {c['name']: c for c in report['competencies']}
    assert by_name['Python 3 (asyncio, FastAPI)']['status'] == 'confirmed'
    assert by_name['Python 3 (asyncio, FastAPI)']['evidence']
    assert by_name['Kubernetes']['status'] == 'not_confirmed'
    assert report['recommendation'] == 'do_not_recommend'
    assert any('Python 3' in s for s in report['strengths']) and any('Kubernetes' in r for r in report['risks'])
    facts = report['facts']
    assert facts['candidate_messages'] == len(candidate)
    assert facts['speech_messages'] + facts['typed_messages'] == len(candidate) and facts['speech_messages'] > 0
    assert facts['questions_asked'] == sum(m.meta['kind'] in ('greeting', 'question', 'follow_up', 'adjacent')
                                           for m in chat.messages if m.role == 'ai_hr')
    assert 0 < facts['candidate_talk_share'] < 1 and facts['duration_seconds'] == 1500


async def test_strong_candidate_is_recommended_and_silent_one_is_not():
    strong = ['Я бэкенд-разработчик.'] + [LONG_ANSWER_RU + f' Это касалось и темы {i}: SQL, PostgreSQL, Docker, '
                                                          'Kubernetes, code review, коммуникация в команде.'
                                          for i in range(20)]
    interview = FakeInterview()
    _plan, chat = await run_interview(interview, strong)
    report = await build_report(interview, chat.messages)
    assert report['recommendation'] == 'recommend'
    assert all(c['status'] == 'confirmed' for c in report['competencies'])
    silent = await build_report(interview, [m for m in chat.messages if m.role == 'ai_hr'])
    assert silent['recommendation'] == 'do_not_recommend' and silent['facts']['candidate_messages'] == 0
    assert all(c['status'] == 'not_confirmed' and not c['evidence'] for c in silent['competencies'])


async def test_report_text_section_is_readable_in_both_languages():
    _plan, chat = await run_interview(FakeInterview(), ['Я бэкенд-разработчик.', LONG_ANSWER_RU])
    report = await build_report(FakeInterview(actual_duration=754), chat.messages)
    text = render_report_text(report, 'ru')
    assert 'Рекомендация (совет ИИ, решение за рекрутером):' in text and 'Компетенции:' in text and '0:12:34' in text
    assert '[+] Python 3 (asyncio, FastAPI) — подтверждена' in text
    assert report['competencies'][0]['evidence'][0]['quote'] in text
    assert 'Recommendation (advisory' in render_report_text(report, 'en')
    first_line = text.splitlines()[0]  # one pair of brackets, for the brain: not «(…ответов) (scripted)»
    assert first_line == 'Оценка: эвристическая, по полноте и конкретности ответов (scripted)'



async def test_the_recruiters_topic_keeps_its_case():
    plan = Plan.for_interview(FakeInterview())
    for topic, expected in (('Kafka', 'расскажите, пожалуйста, про Kafka.'),
                            ('об оплате', 'расскажите, пожалуйста, об оплате.')):  # not «про об оплате»
        step = Step(Phase.COMPETENCY, StepKind.RECRUITER_QUESTION, competency=0, topic=topic)
        assert (await ScriptedBrain().say(step, TurnContext(plan, [], T0, T0))).text.endswith(expected)
    english = Plan.for_interview(FakeInterview(language='en'))
    step = Step(Phase.COMPETENCY, StepKind.RECRUITER_QUESTION, competency=0, topic='Kafka')
    assert (await ScriptedBrain().say(step, TurnContext(english, [], T0, T0))).text.endswith('tell me about Kafka.')


async def test_durations_are_spelled_out_with_the_right_word_form():
    """The greeting is read aloud: «около 30 минут», not «30 мин.:»; «1 minute», not «1 minutes»."""
    for language, length, expected in (('ru', 30, 'около 30 минут:'), ('ru', 21, 'около 21 минуты:'),
                                        ('ru', 11, 'около 11 минут:'), ('en', 45, 'about 45 minutes:')):
        plan = Plan.for_interview(FakeInterview(recommended_duration=length, language=language))
        step = decide(plan, Progress.from_history([]), Trigger.START, T0, T0)
        said = await ScriptedBrain().say(step, TurnContext(plan, [], T0, T0))
        assert expected in said.text and 'мин.' not in said.text
    for language, expected in (('ru', 'осталось около 1 минуты,'), ('en', 'about 1 minute left')):
        plan = Plan.for_interview(FakeInterview(recommended_duration=5, language=language))
        step = Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, milestone=MilestoneName.WRAP_UP)
        said = await ScriptedBrain().say(step, TurnContext(plan, [], T0 + minutes(4), T0))
        assert expected in said.text
