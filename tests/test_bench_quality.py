"""The interview-quality benchmark's rules catch the misfires the issue measured, and pass a good interview."""
from __future__ import annotations

from bench.quality_rules import misfires


def chat(*turns) -> tuple[list[dict], dict[int, str]]:
    """turns: ('ai', text, meta) or ('candidate', text, intent); AI turns reply to the last candidate message."""
    messages, intents, last = [], {}, 0
    for number, (role, text, extra) in enumerate(turns, start=1):
        if role == 'ai':
            messages.append({'id': number, 'role': 'ai_hr', 'content': text, 'meta': {**extra, 'reply_to': last}})
        else:
            messages.append({'id': number, 'role': 'candidate', 'content': text, 'meta': None})
            intents[number], last = extra, number
    return messages, intents


def test_the_misfires_of_the_issue_are_caught():
    messages, intents = chat(
        ('ai', 'Расскажите о себе.', {'phase': 'greeting', 'kind': 'greeting'}),
        ('candidate', 'Добрый день! Готов.', 'ready'),
        ('ai', 'Хорошо, спасибо за ответ. Перейдём к теме «Kafka».', {'phase': 'competency', 'kind': 'question',
                                                                   'competency': 0}),
        ('candidate', 'С Кафкой, честно говоря, не сталкивался ни разу.', 'no_experience'),
        ('ai', 'Можете привести конкретный пример?', {'phase': 'competency', 'kind': 'follow_up', 'focus': 'example'}),
        ('candidate', 'Повторите, пожалуйста, вопрос — связь прервалась.', 'repeat'),
        ('ai', 'Чем это закончилось? Какой был результат?', {'phase': 'competency', 'kind': 'follow_up'}),
        ('candidate', 'Например, у нас было 3 кластера, в результате задержка упала вдвое.', 'example'),
        ('ai', 'Можете привести конкретный пример?', {'phase': 'competency', 'kind': 'follow_up', 'focus': 'example'}),
        ('candidate', 'Какой формат работы?', 'question'),
        ('ai', 'Гибрид. Есть ли у вас ещё вопросы?', {'phase': 'questions', 'kind': 'answer'}),
        ('candidate', 'Больше добавить нечего.', 'nothing_more'),
        ('ai', 'Спасибо. Есть ли у вас ещё вопросы?', {'phase': 'questions', 'kind': 'answer'}),
    )
    found = misfires(messages, intents, [['Как вы обеспечивали порядок сообщений?']], 'ru')
    assert len(found) == 7, found
    for expected in ('a bare "ready"', 'after "no_experience"', 'instead of repeating', 'an example asked right after',
                     '"nothing more" not understood', 'asked 2 times', 'must-ask question not asked'):
        assert any(expected in f for f in found), expected


def test_a_good_interview_has_none():
    messages, intents = chat(
        ('ai', 'Расскажите о себе.', {'phase': 'greeting', 'kind': 'greeting'}),
        ('candidate', 'Добрый день! Готов.', 'ready'),
        ('ai', 'Расскажите, пожалуйста, о себе.', {'phase': 'greeting', 'kind': 'intro_again'}),
        ('candidate', 'Я бэкенд-разработчик.', 'substantive'),
        ('ai', 'Перейдём к теме «Kafka». Как вы обеспечивали порядок сообщений?',
         {'phase': 'competency', 'kind': 'question', 'competency': 0, 'question': 0}),
        ('candidate', 'Повторите, пожалуйста.', 'repeat'),
        ('ai', 'Конечно, повторю вопрос: Как вы обеспечивали порядок сообщений?',
         {'phase': 'competency', 'kind': 'repeat'}),
        ('candidate', 'Не сталкивался.', 'no_experience'),
        ('ai', 'Понятно. А с чем-то близким работали?', {'phase': 'competency', 'kind': 'adjacent'}),
        ('candidate', 'Нет.', 'no_experience'),
        ('ai', 'Спасибо. Ваши вопросы?', {'phase': 'questions', 'kind': 'invite_questions'}),
        ('candidate', 'Вопросов нет.', 'nothing_more'),
        ('ai', 'Спасибо, всего доброго!', {'phase': 'closing', 'kind': 'closing'}),
    )
    assert misfires(messages, intents, [['Как вы обеспечивали порядок сообщений?']], 'ru') == []
