"""The plan (competencies, time split) and the director's decisions, as pure functions of the chat."""
from __future__ import annotations

from aisobes.interviewer.brain import TurnContext
from aisobes.interviewer.competencies import competencies_for
from aisobes.interviewer.director import Trigger, addressed_text, decide, no_more_questions
from aisobes.interviewer.plan import Phase, Plan, Progress, Step, StepKind
from aisobes.interviewer.scripted import render
from aisobes.interviewer.understanding import understand

from .fakes import DESCRIPTION_RU, LONG_ANSWER_RU, SHORT_ANSWER_RU, T0, Chat, FakeInterview, minutes


def test_competencies_from_a_bulleted_knowledge_base_keep_the_recruiters_order():
    names = [c.name for c in competencies_for(FakeInterview().knowledge_base, 'Python-разработчик', '', 'ru')]
    assert names == ['Python 3 (asyncio, FastAPI)', 'SQL и PostgreSQL', 'Docker', 'Kubernetes', 'Code review',
                     'Коммуникация в команде']


def test_comma_and_semicolon_lists_and_headings():
    names = [c.name for c in competencies_for('Stack: Python; Go, SQL (PostgreSQL, MySQL)\nKafka', 'Dev', '', 'en')]
    assert names == ['Python', 'Go', 'SQL (PostgreSQL, MySQL)', 'Kafka', 'Problem solving']  # topped up to five


def test_too_many_skills_are_grouped_by_line_and_capped_at_seven():
    kb = '\n'.join(f'- skill{i}a, skill{i}b' for i in range(9))
    found = competencies_for(kb, 'Dev', '', 'en')
    assert len(found) == 7
    assert found[0].name == 'skill0a, skill0b' and found[0].keywords == ('skill0a', 'skill0b')


def test_empty_knowledge_base_uses_position_description_lists_and_language_defaults():
    ru = competencies_for('', 'Frontend-разработчик', 'Мы ищем:\n- React\n- TypeScript\nОфис в Москве.', 'ru')
    assert 5 <= len(ru) <= 7
    assert ru[0].name == 'Профессиональный опыт: Frontend-разработчик'
    assert 'React' in [c.name for c in ru] and 'Офис в Москве' not in [c.name for c in ru]
    en = competencies_for('', 'Accountant', '', 'en')
    assert [c.name for c in en][:2] == ['Professional experience: Accountant', 'Problem solving']
    assert len(en) == 5


def test_time_split_follows_the_brief():
    plan = Plan.for_interview(FakeInterview(recommended_duration=40))
    assert plan.duration_seconds == 2400
    assert len(plan.competencies) == 6
    assert plan.competency_seconds == 2400 * 0.70 / 6
    assert plan.competency_end(0) == 120 + 280
    assert plan.questions_start == 2400 * 0.75 and plan.closing_start == 2400 * 0.90
    assert plan.wrap_up_at == 2400 * 0.85


def test_thin_answer_gets_a_follow_up_and_a_specific_one_moves_on():
    plan, chat = Plan.for_interview(FakeInterview()), Chat()
    chat.add('ai_hr', 'greeting', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', 'Я бэкенд-разработчик, пять лет пишу на Python.', T0 + minutes(1))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(1.5), T0)
    assert (step.kind, step.competency, step.reply_to) == ('question', 0, 2)
    chat.add('ai_hr', 'q0', T0 + minutes(1.5), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', SHORT_ANSWER_RU, T0 + minutes(2))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(2), T0)
    assert (step.kind, step.competency, step.focus) == ('follow_up', 0, 'example')
    chat.add('ai_hr', 'f0', T0 + minutes(2), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', LONG_ANSWER_RU, T0 + minutes(3))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(3), T0)
    assert (step.kind, step.competency) == ('question', 1)


def test_a_competency_whose_time_share_is_spent_moves_on_even_after_a_thin_answer():
    plan, chat = Plan.for_interview(FakeInterview()), Chat()  # 30 min, 6 competencies: 3.5 min each
    chat.add('ai_hr', 'g', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('ai_hr', 'q0', T0 + minutes(1), 'system', {'phase': 'competency', 'kind': 'question', 'competency': 0})
    chat.add('candidate', SHORT_ANSWER_RU, T0 + minutes(5))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(5), T0)
    assert (step.kind, step.competency) == ('question', 1)


def test_candidate_questions_are_answered_from_the_description_then_closing():
    plan, chat = Plan.for_interview(FakeInterview()), Chat()
    chat.add('ai_hr', 'invite', T0 + minutes(23), 'system', {'phase': 'questions', 'kind': 'invite_questions'})
    chat.add('candidate', 'Какая зарплата?', T0 + minutes(24))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(24), T0)
    assert step.kind == 'answer' and step.answer == 'Какая зарплата?'
    chat.add('ai_hr', 'a', T0 + minutes(24), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', 'Нет, вопросов больше нет, спасибо.', T0 + minutes(25))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(25), T0)
    assert step.kind == 'closing'
    chat.add('ai_hr', 'bye', T0 + minutes(25), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', 'До свидания!', T0 + minutes(26))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(26), T0)
    assert step.kind == 'after_close'
    chat.add('ai_hr', 'after', T0 + minutes(26), 'system', {'phase': 'closing', 'kind': 'after_close',
                                                            'reply_to': 7})
    chat.add('candidate', 'Спасибо', T0 + minutes(27))
    assert decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(27), T0) is None


def test_milestones_and_triggers_without_anything_new():
    plan, chat = Plan.for_interview(FakeInterview()), Chat()
    assert decide(plan, Progress(), Trigger.START, T0, T0).kind == 'greeting'
    chat.add('ai_hr', 'g', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    progress = Progress.from_history(chat.messages)
    assert decide(plan, progress, Trigger.START, T0, T0) is None  # resumed, nothing to answer
    assert decide(plan, progress, Trigger.ANSWER, T0, T0) is None
    wrap = decide(plan, progress, Trigger.WRAP_UP, T0 + minutes(25.5), T0)
    assert (wrap.phase, wrap.kind, wrap.milestone) == ('questions', 'invite_questions', 'wrap_up')
    chat.add('ai_hr', 'w', T0 + minutes(25.5), 'system', wrap.meta(plan, 'scripted'))
    assert decide(plan, Progress.from_history(chat.messages), Trigger.WRAP_UP, T0 + minutes(26), T0) is None
    up = decide(plan, Progress.from_history(chat.messages), Trigger.TIME_UP, T0 + minutes(30), T0)
    assert (up.kind, up.milestone) == ('closing', 'time_up')
    chat.add('ai_hr', 'c', T0 + minutes(30), 'system', up.meta(plan, 'scripted'))
    assert decide(plan, Progress.from_history(chat.messages), Trigger.TIME_UP, T0 + minutes(31), T0) is None


def test_progress_resumes_from_the_stored_meta():
    chat = Chat()
    chat.add('ai_hr', 'g', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', 'intro', T0 + minutes(1))
    chat.add('ai_hr', 'q', T0 + minutes(1), 'system', {'phase': 'competency', 'kind': 'question', 'competency': 2,
                                                       'reply_to': 2})
    chat.add('candidate', 'answer', T0 + minutes(2))
    chat.add('ai_hr', 'f', T0 + minutes(2), 'system', {'phase': 'competency', 'kind': 'follow_up', 'competency': 2,
                                                       'focus': 'numbers', 'reply_to': 4})
    chat.add('recruiter', 'AI, ask about Kafka', T0 + minutes(2.5))
    chat.add('candidate', 'part one', T0 + minutes(3))
    chat.add('candidate', 'part two', T0 + minutes(3))
    progress = Progress.from_history(chat.messages)
    assert (progress.phase, progress.competency, progress.follow_ups, progress.focuses) == \
        ('competency', 2, 1, ['numbers'])
    assert progress.competency_started_at == T0 + minutes(1)
    assert [m.id for m in progress.pending] == [7, 8] and progress.pending_text == 'part one\npart two'


def test_recruiter_messages_are_answered_only_when_addressed_to_the_ai():
    assert addressed_text('AI, спроси про Kafka') == 'спроси про Kafka'
    assert addressed_text('ИИ: переходи к вопросам кандидата') == 'переходи к вопросам кандидата'
    assert addressed_text('@ai_hr next') == 'next'
    assert addressed_text('AI HR, wrap up') == 'wrap up'
    assert addressed_text('Aida, hello') is None and addressed_text('Коллеги, привет') is None
    plan, chat = Plan.for_interview(FakeInterview()), Chat()
    chat.add('ai_hr', 'q', T0, 'system', {'phase': 'competency', 'kind': 'question', 'competency': 1})
    progress = Progress.from_history(chat.messages)
    ask = decide(plan, progress, Trigger.RECRUITER, T0, T0, 'AI, спроси про опыт с Kafka')
    assert (ask.kind, ask.topic, ask.competency) == ('recruiter_question', 'опыт с Kafka', 1)
    for polite in ('ИИ, спроси, пожалуйста, про Kafka', 'ИИ, спроси его про Kafka', 'ИИ, спроси кандидата про Kafka',
                   'ИИ, пусть расскажет про Kafka', 'ИИ, спроси у него про Kafka'):
        ask = decide(plan, progress, Trigger.RECRUITER, T0, T0, polite)  # not «про его про Kafka», not «Принято, учту»
        assert (ask.kind, ask.topic) == ('recruiter_question', 'Kafka'), polite
    assert decide(plan, progress, Trigger.RECRUITER, T0, T0, 'ИИ, спроси об оплате').topic == 'об оплате'
    assert decide(plan, progress, Trigger.RECRUITER, T0, T0, 'ИИ, дальше').competency == 2
    assert decide(plan, progress, Trigger.RECRUITER, T0, T0, 'AI, wrap up').kind == 'closing'
    assert decide(plan, progress, Trigger.RECRUITER, T0, T0, 'AI, hello').kind == 'recruiter_ack'


def test_no_more_questions_detection():
    assert no_more_questions('Нет, спасибо') and no_more_questions('No questions, thanks')
    assert no_more_questions('Спасибо, вопросов нет.')
    assert not no_more_questions('Нет, а какой стек?') and not no_more_questions('Какой у вас отпуск')
    assert DESCRIPTION_RU  # the description the questions are answered from


def test_a_question_instead_of_an_answer_is_clarified_or_kept_for_the_end_without_moving_the_plan():
    plan, chat = Plan.for_interview(FakeInterview()), Chat()
    chat.add('ai_hr', 'q1', T0, 'system', {'phase': 'competency', 'kind': 'question', 'competency': 1,
                                           'reply_to': 0})
    chat.add('candidate', 'А какая у вас зарплата?', T0 + minutes(1))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(1), T0)
    assert (step.kind, step.competency) == ('clarify', 1)
    assert 'вернёмся к нему в конце' in render(step, TurnContext(plan, chat.messages, T0, T0))
    chat.add('ai_hr', 'defer', T0 + minutes(1), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', 'Вы про PostgreSQL в продакшене?', T0 + minutes(2))
    progress = Progress.from_history(chat.messages)
    assert (progress.competency, progress.follow_ups) == (1, 0)  # the plan did not move
    step = decide(plan, progress, Trigger.ANSWER, T0 + minutes(2), T0)
    assert step.kind != 'clarify'  # never twice in a row: the next message counts as the answer
    clarify = Step(Phase.COMPETENCY, StepKind.CLARIFY, competency=1, answer='Вы про PostgreSQL в продакшене?')
    assert '«SQL и PostgreSQL»' in render(clarify, TurnContext(plan, chat.messages, T0, T0))


def test_a_concrete_answer_without_a_pronoun_is_not_asked_for_an_example():
    """Russian speakers drop «я»: «Отвечал за…, использовали…» is an example; asking for one sounds deaf."""
    answer = ('Я пять лет пишу на Java, последние три года в платёжном шлюзе банка: Spring Boot, Kafka для событий о '
              'платежах, PostgreSQL. Отвечал за идемпотентность переводов и за то, чтобы при падении консюмера '
              'сообщения не терялись — использовали outbox-паттерн и ручной коммит оффсетов. Снизили число дублей в '
              '20 раз.')
    assert understand(answer).example
    plan, chat = Plan.for_interview(FakeInterview(knowledge_base='Java, Kafka, PostgreSQL')), Chat()
    chat.add('ai_hr', 'greeting', T0, 'system', {'phase': 'greeting', 'kind': 'greeting', 'reply_to': 0})
    chat.add('candidate', 'Бэкенд-разработчик.', T0 + minutes(1))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(1), T0)
    chat.add('ai_hr', 'q0', T0 + minutes(1), 'system', step.meta(plan, 'scripted'))
    chat.add('candidate', answer, T0 + minutes(2))
    step = decide(plan, Progress.from_history(chat.messages), Trigger.ANSWER, T0 + minutes(2), T0)
    assert step.focus != 'example'
