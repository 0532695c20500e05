"""The director's reaction to each answer kind, the must-ask questions and follow-ups that build on the answer."""
from __future__ import annotations

from aisobes.interviewer.brain import TurnContext
from aisobes.interviewer.director import Trigger, decide
from aisobes.interviewer.plan import Plan, Progress, StepKind
from aisobes.interviewer.scripted import render

from .fakes import LONG_ANSWER_RU, T0, Chat, FakeInterview, minutes

PLAN_RU = [
    {'name': 'Kafka', 'questions': ['Как вы обеспечивали порядок сообщений в Kafka?'],
     'rubric': 'партиционирование топиков, мониторинг лага консьюмеров', 'weight': 2},
    {'name': 'Python', 'questions': ['Расскажите о вашем опыте с asyncio.', 'Как вы тестируете асинхронный код?'],
     'rubric': 'event loop, тестирование асинхронного кода', 'weight': 1},
    {'name': 'Коммуникация', 'questions': [], 'rubric': '', 'weight': 1},
]


class Run:
    """Drives the director turn by turn: the candidate says something, the director decides, the scripted brain
    words it, the turn is stored with its meta, as the engine does."""

    def __init__(self, competencies=None, language='ru', **kwargs) -> None:
        self.plan = Plan.for_interview(FakeInterview(competencies=competencies, language=language, **kwargs))
        self.chat, self.now = Chat(), T0
        self.turn(None)

    def turn(self, text: str | None, at: float = 0.5):
        if text is not None:
            self.now += minutes(at)
            self.chat.add('candidate', text, self.now)
        step = decide(self.plan, Progress.from_history(self.chat.messages), Trigger.ANSWER if text else
                      Trigger.START, self.now, T0)
        said = render(step, TurnContext(self.plan, self.chat.messages, self.now, T0))
        self.chat.add('ai_hr', said, self.now, 'system', step.meta(self.plan, 'scripted'))
        return step, said


def test_no_experience_gets_one_adjacent_question_then_the_next_competency_never_an_example_or_result():
    run = Run()
    run.turn('Я бэкенд-разработчик, пять лет пишу на Python.')
    step, said = run.turn('С Кафкой, честно говоря, не сталкивался ни разу.')
    assert step.kind in (StepKind.ADJACENT, StepKind.FOLLOW_UP) and step.kind == StepKind.ADJACENT
    assert 'пример' not in said and 'результат' not in said.lower() and 'Понятно' in said
    step, said = run.turn('Не знаю, не доводилось.')
    assert (step.kind, step.competency) == (StepKind.QUESTION, 1)
    assert 'пример' not in said.split('.')[0]


def test_must_ask_questions_are_asked_verbatim_in_order_then_a_follow_up_on_an_uncovered_point():
    run = Run(PLAN_RU, knowledge_base='')
    run.turn('Здравствуйте! Я бэкенд-разработчик, пять лет пишу на Python и Go.')
    run.turn('Я работал с Kafka в банке три года, у нас был ключ партиционирования по клиенту, порядок сохранялся '
             'в пределах партиции, а партиционирование топиков мы продумывали заранее.')
    ai = [m for m in run.chat.messages if m.role == 'ai_hr']
    assert 'Как вы обеспечивали порядок сообщений в Kafka?' in ai[1].content
    step, said = ai[2].meta, ai[2].content
    assert step['kind'] == 'follow_up' and step['focus'] == 'point' and step['topic'] == 'мониторинг лага консьюмеров'
    assert said.startswith('Вы упомянули Kafka.') and '«мониторинг лага консьюмеров»' in said
    run.turn('Лаг консьюмеров мониторили в Grafana, алерт при отставании больше 10 000 сообщений.')
    step, said = run.turn('Event loop у нас один на процесс, тяжёлое уносили в пул потоков.', at=0.5)
    assert step.kind == StepKind.PLANNED and said.endswith('Как вы тестируете асинхронный код?')
    # after the first competency: Python's must-ask questions, verbatim, in order
    questions = [m.content for m in run.chat.messages if m.role == 'ai_hr' and m.meta.get('competency') == 1]
    assert 'Расскажите о вашем опыте с asyncio.' in questions[0]


def test_repeat_asks_the_same_question_in_other_words_and_a_must_ask_one_verbatim():
    run = Run()
    run.turn('Я бэкенд-разработчик.')
    first = run.chat.messages[-1].content
    step, said = run.turn('Повторите, пожалуйста, вопрос — связь прервалась.')
    assert step.kind == StepKind.REPEAT and step.competency == 0 and said != first and 'другими словами' in said
    planned = Run(PLAN_RU, knowledge_base='')
    planned.turn('Я бэкенд-разработчик.')
    step, said = planned.turn('Извините, не расслышал.')
    assert step.kind == StepKind.REPEAT and 'Как вы обеспечивали порядок сообщений в Kafka?' in said


def test_a_bare_ready_to_the_introduction_request_asks_for_it_once_more():
    run = Run()
    step, said = run.turn('Добрый день! Готов.')
    assert step.kind == StepKind.INTRO_AGAIN and 'о себе' in said and 'Перейдём' not in said
    step, _ = run.turn('Меня зовут Анна, пять лет в бэкенде.')
    assert (step.kind, step.competency) == (StepKind.QUESTION, 0)


def test_not_ready_gets_a_wait_message_and_ready_brings_the_question_back():
    run = Run()
    run.turn('Я бэкенд-разработчик.')
    step, said = run.turn('Подождите секунду, меня не слышно.')
    assert step.kind == StepKind.WAIT and 'подожду' in said
    step, _ = run.turn('Всё, готов.')
    assert step.kind == StepKind.REPEAT and step.competency == 0


def test_an_answer_with_an_example_and_numbers_never_gets_an_example_request():
    run = Run()
    run.turn('Я бэкенд-разработчик.')
    step, said = run.turn(LONG_ANSWER_RU)
    assert step.kind != StepKind.FOLLOW_UP or (step.focus != 'example' and 'пример' not in said)


def test_a_job_question_is_deferred_and_the_plan_stays():
    run = Run()
    run.turn('Я бэкенд-разработчик.')
    step, said = run.turn('А какая зарплата на этой позиции?')
    assert step.kind == StepKind.CLARIFY and 'вернёмся к нему в конце' in said


def test_nothing_more_closes_and_any_other_questions_is_never_asked_twice():
    run = Run()
    run.chat.add('ai_hr', 'invite', run.now, 'system', {'phase': 'questions', 'kind': 'invite_questions'})
    _, first = run.turn('Какая зарплата?')
    _, second = run.turn('А формат работы какой?')
    assert 'Есть ли у вас ещё вопросы?' in first and 'Есть ли у вас ещё вопросы?' not in second
    step, _ = run.turn('Больше добавить нечего.')
    assert step.kind == StepKind.CLOSING


def test_english_kinds():
    run = Run(language='en', knowledge_base='SQL, Python, dashboards', description='Remote work is possible.')
    step, said = run.turn("Hi, I'm ready.")
    assert step.kind == StepKind.INTRO_AGAIN and 'yourself' in said
    run.turn('I am a data analyst with five years in fintech.')
    step, said = run.turn("I've never used it, to be honest.")
    assert step.kind == StepKind.ADJACENT and 'example' not in said
    step, said = run.turn('Could you repeat the question?')
    assert step.kind == StepKind.REPEAT


def test_a_bare_yes_to_a_yes_no_must_ask_question_gets_a_follow_up_not_the_next_competency():
    run = Run([{'name': 'Kafka', 'questions': ['Вы работали с Kafka?'], 'rubric': 'партиционирование топиков'},
               {'name': 'Python', 'questions': [], 'rubric': ''}], knowledge_base='')
    run.turn('Здравствуйте! Я бэкенд-разработчик, пять лет пишу на Python.')
    step, _ = run.turn('Да.')
    assert step.kind == StepKind.FOLLOW_UP and step.competency == 0
