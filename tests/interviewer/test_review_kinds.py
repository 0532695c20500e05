"""Phrasings a reviewer found misread (issue 9 review): each with the kind it must get."""
from __future__ import annotations

import pytest

from aisobes.interviewer.understanding import AnswerKind, coverage, understand

K = AnswerKind
TERMS = ('Kafka', 'RabbitMQ')

CASES = [
    ('Не слышал о такой технологии.', K.NO_EXPERIENCE),
    ('Про Кафку даже не слышал.', K.NO_EXPERIENCE),
    ('Kafka? Never heard of it.', K.NO_EXPERIENCE),
    ('Never heard of it.', K.NO_EXPERIENCE),
    ('Извините, вас плохо слышно.', K.NOT_READY),
    ('Я вас не слышу.', K.NOT_READY),
    ('One sec, my internet is lagging.', K.NOT_READY),
    ('Подождите, у меня интернет пропадает.', K.NOT_READY),
    ('Секунду, подумаю. Да, работал с Kafka в банке, настраивал кластер.', K.SUBSTANTIVE),
    ('Как у вас устроен code review?', K.JOB_QUESTION),
    ('Кто будет моим руководителем?', K.JOB_QUESTION),
    ('Какие задачи в первые три месяца?', K.JOB_QUESTION),
    ('Можете повторить вопрос?', K.REPEAT),
    ('А какой был вопрос?', K.REPEAT),
    ('Я работал не только с Кафкой, но и с RabbitMQ.', K.SUBSTANTIVE),
    ('Я бы не хотел об этом говорить.', K.REFUSAL),
    ('Не хочу это обсуждать.', K.REFUSAL),
    ('Пожалуй, всё.', K.NOTHING_MORE),
    ('Вроде всё, спасибо.', K.NOTHING_MORE),
    ('Не, всё ок.', K.NOTHING_MORE),
    ('Ничего.', K.NOTHING_MORE),
    ('Нет.', K.NOTHING_MORE),
    ('No, I think that covers it.', K.NOTHING_MORE),
    ('Nope, nothing from my side.', K.NOTHING_MORE),
    ('I do not remember.', K.DONT_KNOW),
]


@pytest.mark.parametrize('text,kind', CASES)
def test_review_phrasings(text, kind):
    assert understand(text, TERMS).kind == kind


def test_not_only_is_not_a_negation():
    u = understand('Я работал не только с Кафкой, но и с RabbitMQ.', TERMS)
    assert set(u.mentioned) == {'Kafka', 'RabbitMQ'} and not u.negated


@pytest.mark.parametrize('terms', [(), ('Kafka',)])
def test_the_follow_up_refers_to_what_was_said_not_to_what_was_denied(terms):
    u = understand('Kafka не использовал, зато применял RabbitMQ для очередей задач.', terms)
    assert u.mention == 'RabbitMQ'


RUBRIC = ['партиционирование по ключу', 'мониторинг лага', 'consumer groups']


@pytest.mark.parametrize('text', [
    'Партиционирование по ключу, мониторинг лага и consumer groups, например, в результате.',
    'Хотел бы изучить партиционирование по ключу, мониторинг лага и consumer groups, читал про это статьи.',
    'Мониторинг лага у нас делал другой отдел.',
    'Слышал про consumer groups.',
    'Да, партиционирование по ключу.',
])
def test_repeating_the_rubric_or_hearsay_covers_nothing(text):
    assert coverage(text, RUBRIC) == []


def test_own_experience_with_content_covers_the_point():
    text = 'Мониторинг лага мы настроили в Grafana, алерт срабатывал при отставании консьюмеров.'
    assert [c.point for c in coverage(text, RUBRIC)] == ['мониторинг лага']
