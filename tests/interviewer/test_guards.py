"""The output guards, pure: what is repaired, what is refused, and what is left alone."""
from __future__ import annotations

from aisobes.interviewer.guards import Finding, guard, informal, repeats, trim_sentences
from aisobes.interviewer.plan import StepKind

from .fake_openai import HABITS


def test_preambles_are_stripped_in_both_languages():
    for reply, expected in ((HABITS['preamble_ru'], 'Расскажите, пожалуйста, как вы использовали asyncio в работе?'),
                            (HABITS['preamble_en'], 'Could you tell me how you used asyncio at work?'),
                            ('AI HR: Здравствуйте, Анна!', 'Здравствуйте, Анна!'),
                            ('Конечно! Вот мой следующий вопрос: что такое GIL?', 'что такое GIL?')):
        guarded = guard(reply, language='ru', kind=StepKind.QUESTION)
        assert guarded.text == expected and Finding.PREAMBLE in guarded.findings and guarded.ok


def test_a_reply_without_padding_is_left_as_it_is():
    reply = 'Спасибо, Анна. Расскажите, пожалуйста, о вашем опыте с Docker: что вы контейнеризировали?'
    assert guard(reply, language='ru', kind=StepKind.QUESTION).findings == ()
    assert guard('Sure thing is, the result matters. How did you measure it?', language='en').findings == ()
    assert guard('«Вот как вы работаете?»', language='ru') == guard('Вот как вы работаете?', language='ru')
    assert guard('Вот как вы работаете?', language='ru').findings == ()  # «вот» opening a question is no preamble


def test_markdown_and_paragraphs_become_one_plain_line():
    guarded = guard(HABITS['markdown'], language='ru')
    assert guarded.text == 'Спасибо! Расскажите, пожалуйста, о вашем опыте с PostgreSQL.'
    assert set(guarded.findings) == {Finding.MARKDOWN, Finding.LAYOUT} and guarded.ok


def test_long_replies_are_trimmed_at_a_sentence_boundary_and_keep_the_question():
    guarded = guard(HABITS['paragraphs'], language='en', kind=StepKind.FOLLOW_UP)
    assert guarded.text == 'Thank you, Anna. That is a great example of your work. Now, could you tell me about SQL?'
    assert Finding.TRIMMED in guarded.findings and guarded.ok
    assert trim_sentences('One. Two. Three. Four.', 3) == ('One. Two. Three.', True)
    assert trim_sentences('Mr. Smith said so, 3.5 times. Then we shipped. Fine. Good?', 2) == \
        ('Mr. Smith said so, 3.5 times. Good?', True)
    greeting = 'Здравствуйте, Анна! Я AI HR. Интервью займёт 30 минут. Сначала вопросы, потом ваши. Расскажите о себе.'
    assert guard(greeting, language='ru', kind=StepKind.GREETING).findings == ()  # a greeting may say more


def test_a_near_duplicate_of_a_recent_turn_is_refused_even_on_a_repeat_request():
    earlier = 'Sure, Anna. When you mentioned building a payment reconciliation service, what was your part?'
    again = 'Sure, Anna! When you mentioned building a payment reconciliation service, what was your role?'
    assert repeats(again, ['Hello!', earlier])
    assert not repeats('What did you use Kafka for, and how many messages a day?', [earlier])
    assert not repeats(again, [earlier, 'a', 'b', 'c', 'd'])  # only the last few turns count
    assert guard(again, language='en', recent=[earlier]).problems == (Finding.REPEAT,)
    assert not guard(again, language='en', recent=[earlier], kind=StepKind.REPEAT).ok  # «in other words»
    greeting = 'Привет, Анна! Я здесь для вас. Как я могу помочь вам сегодня?'
    assert repeats('Конечно, Анна! Как я могу помочь вам сегодня?', [greeting])  # seen with Qwen2.5 0.5B
    assert not repeats('Как вы тестировали этот асинхронный код?', ['Расскажите о вашем опыте с Kafka.'])


def test_the_informal_ty_is_refused_in_russian_only():
    assert guard(HABITS['informal_ru'], language='ru').problems == (Finding.INFORMAL,)
    for formal in ('Расскажите, пожалуйста, о вашем опыте.', 'Вы работали с Kafka?', 'Какие задачи вы решали?',
                   'Опишите, пожалуйста, архитектуру.', 'Это тот самый сервис?'):
        assert not informal(formal), formal
    for slip in ('А ты работал с Kafka?', 'Расскажи о себе.', 'Какой твой любимый язык?', 'Можешь привести пример?'):
        assert informal(slip), slip


def test_nothing_left_is_refused():
    assert guard('**  **\n\n', language='en').problems == (Finding.EMPTY,)
    assert guard('Sure! Here is my next question:', language='en').problems == (Finding.EMPTY,)
