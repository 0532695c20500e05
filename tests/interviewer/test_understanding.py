"""Answer kinds in Russian and English, terms in any inflection, negation tied to what it negates, rubric coverage
with verbatim quotes."""
from __future__ import annotations

import pytest

from aisobes.interviewer.understanding import AnswerKind, coverage, mentions, rubric_points, understand

K = AnswerKind
TERMS = ('Kafka', 'RabbitMQ', 'asyncio', 'PostgreSQL')

KINDS = [
    ('С Кафкой, честно говоря, не сталкивался ни разу.', K.NO_EXPERIENCE),
    ('Не работал с Kafka.', K.NO_EXPERIENCE),
    ('Опыта с этим нет.', K.NO_EXPERIENCE),
    ('Не доводилось, к сожалению.', K.NO_EXPERIENCE),
    ('Не знаю, не доводилось.', K.NO_EXPERIENCE),
    ("I've never used it.", K.NO_EXPERIENCE),
    ("No experience with Kafka, I'm afraid.", K.NO_EXPERIENCE),
    ('Не знаю.', K.DONT_KNOW),
    ('Честно, не помню уже.', K.DONT_KNOW),
    ("I don't know.", K.DONT_KNOW),
    ('No idea, sorry.', K.DONT_KNOW),
    ('Повторите, пожалуйста, вопрос — связь прервалась.', K.REPEAT),
    ('Извините, не расслышал.', K.REPEAT),
    ('Что вы имеете в виду?', K.REPEAT),
    ('Could you repeat the question?', K.REPEAT),
    ('Sorry, what do you mean?', K.REPEAT),
    ('А какая зарплата на этой позиции?', K.JOB_QUESTION),
    ('Можно работать удалённо?', K.JOB_QUESTION),
    ('What is the salary range for this role?', K.JOB_QUESTION),
    ('Подождите секунду, меня не слышно.', K.NOT_READY),
    ('Минуточку, микрофон не работает.', K.NOT_READY),
    ('One second, please.', K.NOT_READY),
    ('Can you hear me?', K.NOT_READY),
    ('Не хочу отвечать на этот вопрос.', K.REFUSAL),
    ('Это под NDA, не могу рассказать.', K.REFUSAL),
    ("I'd rather not answer that.", K.REFUSAL),
    ('Больше добавить нечего.', K.NOTHING_MORE),
    ('Вопросов нет, всё понятно, спасибо!', K.NOTHING_MORE),
    ('Нет вопросов.', K.NOTHING_MORE),
    ("That's all, thanks.", K.NOTHING_MORE),
    ('No more questions from me.', K.NOTHING_MORE),
    ('Добрый день! Готов.', K.READY),
    ('Здравствуйте, да, давайте начнём.', K.READY),
    ("Hi, I'm ready.", K.READY),
    ('Всё, теперь слышно. Готов.', K.READY),
    ("OK, I can hear you now. I'm ready.", K.READY),
    ('Я работал с Kafka, не с RabbitMQ: три года в банке вёл шину событий.', K.SUBSTANTIVE),
    ('In my last job I moved our billing service to asyncio and cut latency by 40 percent.', K.SUBSTANTIVE),
]


@pytest.mark.parametrize(('text', 'kind'), KINDS)
def test_answer_kinds(text, kind):
    assert understand(text, TERMS).kind == kind


MORE_KINDS = [  # more phrasings of every kind
    ('Никогда с этим не работал.', K.NO_EXPERIENCE),
    ('Не приходилось с этим сталкиваться.', K.NO_EXPERIENCE),
    ('К сожалению, такого опыта у меня нет.', K.NO_EXPERIENCE),
    ('Я с Kubernetes не знаком.', K.NO_EXPERIENCE),
    ('Нет, не использовал.', K.NO_EXPERIENCE),
    ("I haven't had a chance to work with it.", K.NO_EXPERIENCE),
    ("I'm not familiar with it.", K.NO_EXPERIENCE),
    ('Never did that, sorry.', K.NO_EXPERIENCE),
    ('Затрудняюсь ответить.', K.DONT_KNOW),
    ('Понятия не имею.', K.DONT_KNOW),
    ("I'm not sure, honestly.", K.DONT_KNOW),
    ('Можно повторить вопрос?', K.REPEAT),
    ('Не понял вопрос.', K.REPEAT),
    ('Что значит «идемпотентность»?', K.REPEAT),
    ('Простите, что?', K.REPEAT),
    ("Sorry, I didn't catch that.", K.REPEAT),
    ('Could you rephrase?', K.REPEAT),
    ('Есть ли у вас ДМС?', K.JOB_QUESTION),
    ('Сколько человек в команде?', K.JOB_QUESTION),
    ('Is there a bonus?', K.JOB_QUESTION),
    ('What are the next steps?', K.JOB_QUESTION),
    ('Секундочку.', K.NOT_READY),
    ('Меня слышно?', K.NOT_READY),
    ('Hold on, my camera froze.', K.NOT_READY),
    ('Давайте пропустим этот вопрос.', K.REFUSAL),
    ('Предпочту не отвечать.', K.REFUSAL),
    ('No comment.', K.REFUSAL),
    ('Нет, это всё.', K.NOTHING_MORE),
    ('Всё, спасибо, вопросов больше нет.', K.NOTHING_MORE),
    ('Nothing else, thank you.', K.NOTHING_MORE),
    ("No, I'm good, thanks.", K.NOTHING_MORE),
    ('Да нет, всё ясно.', K.NOTHING_MORE),
    ('Здравствуйте!', K.READY),
    ('Да, готова.', K.READY),
    ('Hello!', K.READY),
    ("Yes, let's start.", K.READY),
    ('Да, конечно. Я Python-разработчик, пять лет опыта, последние два года — тимлид.', K.SUBSTANTIVE),
    ('Я не работал с Kafka напрямую, но три года вёл RabbitMQ в проде, настраивал кластеры и мониторинг.',
     K.SUBSTANTIVE),
    ("I didn't use Kafka, but I ran RabbitMQ in production for three years.", K.SUBSTANTIVE),
    ('Не всё получилось сразу, но в итоге мы сократили время сборки вдвое.', K.SUBSTANTIVE),
    ('I used Kafka, not RabbitMQ, for the event bus.', K.SUBSTANTIVE),
    ("I haven't used RabbitMQ.", K.NO_EXPERIENCE),
]


@pytest.mark.parametrize(('text', 'kind'), MORE_KINDS)
def test_more_phrasings(text, kind):
    assert understand(text, TERMS).kind == kind


@pytest.mark.parametrize('text', ['Работал с Кафкой три года.', 'Настраивал кафку в проде.', 'Kafka — наш основной '
                                  'брокер.', 'О Кафке могу рассказать много.'])
def test_terms_match_in_any_inflection(text):
    assert mentions(text, 'Kafka')
    assert understand(text, TERMS).mentioned == ('Kafka',)


def test_negation_is_tied_to_what_it_negates():
    both = understand('Работал с Kafka, не с RabbitMQ.', TERMS)
    assert (both.kind, both.mentioned, both.negated) == (K.SUBSTANTIVE, ('Kafka',), ('RabbitMQ',))
    before = understand('С Кафкой, честно говоря, не сталкивался ни разу.', TERMS)
    assert (before.mentioned, before.negated) == ((), ('Kafka',))
    adjacent = understand('Опыта с кафкой нет, но я три года работал с RabbitMQ в банке.', TERMS)
    assert adjacent.kind == K.SUBSTANTIVE and adjacent.negated == ('Kafka',) and adjacent.mentioned == ('RabbitMQ',)
    assert understand("I haven't worked with Kafka.", TERMS).negated == ('Kafka',)


def test_mention_to_refer_to_and_example_result_numbers():
    said = understand('На прошлой работе я переписал сервис на asyncio, в результате задержка снизилась на '
                      '40 процентов.', TERMS)
    assert said.mention == 'asyncio' and said.example and said.result and said.numbers
    plain = understand('Я пишу на Python каждый день, в основном бэкенд.', ())
    assert plain.mention == 'Python' and not plain.result and not plain.numbers


RUBRIC = 'партиционирование топиков, гарантии доставки (at-least-once, exactly-once)\n- мониторинг лага консьюмеров'


def test_rubric_points_split_by_commas_and_lines_keeping_parentheses():
    assert rubric_points(RUBRIC) == ['партиционирование топиков', 'гарантии доставки (at-least-once, exactly-once)',
                                     'мониторинг лага консьюмеров']


def test_rubric_coverage_by_lemma_with_verbatim_sentence():
    text = ('Мы разбивали топики на партиции по ключу клиента. Гарантии доставки делали at-least-once с '
            'идемпотентными консьюмерами. Лаг консьюмеров мониторили в Grafana.')
    covered = coverage(text, rubric_points(RUBRIC))
    assert [c.point for c in covered] == rubric_points(RUBRIC)
    assert all(c.quote in text for c in covered)
    assert covered[2].quote == 'Лаг консьюмеров мониторили в Grafana.'


def test_keyword_stuffing_and_negated_points_cover_nothing():
    stuffed = 'Например, в результате был найден компромисс, на 100 процентов, например, итог отличный.'
    assert coverage(stuffed, rubric_points(RUBRIC)) == []
    assert coverage('Мониторинг лага консьюмеров я никогда не настраивал.', rubric_points(RUBRIC)) == []
    assert understand('Не знаю, что такое партиционирование топиков.', (), rubric_points(RUBRIC)).covered == ()


def test_english_rubric_coverage():
    points = rubric_points('idempotent consumers; retries with backoff')
    text = 'We made every consumer idempotent. Failed calls were retried with exponential backoff.'
    assert [c.point for c in coverage(text, points)] == points
