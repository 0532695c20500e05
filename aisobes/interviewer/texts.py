"""Everything the scripted interviewer says, in Russian and English. Neutral wording, one question at a time, and
never a word about a hiring decision."""
from __future__ import annotations

from ..languages import Language, normalize_language

TEXTS: dict[str, dict[str, object]] = {
    'ru': {
        'greeting': ('Здравствуйте, {name}! Я AI HR и проведу с вами собеседование на позицию «{position}». '
                     'Оно займёт около {minutes} {minutes_word}: сначала я задам вопросы по {count} темам ({topics}), '
                     'в конце вы сможете задать свои вопросы. Отвечать можно голосом или в чате; я задаю по одному '
                     'вопросу за раз. Начнём: расскажите коротко о себе и о вашем текущем опыте.'),
        'thanks': ('Спасибо.', 'Понятно, спасибо.', 'Хорошо, спасибо за ответ.', 'Спасибо, это полезно.'),
        'question': ('Перейдём к теме «{c}». Расскажите о вашем опыте здесь: какие задачи вы решали и какова была '
                     'ваша роль?',
                     'Следующая тема — «{c}». Приведите пример задачи из вашей практики, где это было важно. '
                     'Что именно делали вы?',
                     'Поговорим про «{c}». Как вы подходите к этому в работе? Опишите недавний случай.',
                     'Тема «{c}»: с какой самой сложной ситуацией вы здесь сталкивались и как её решили?'),
        'follow_up': {
            'example': 'Можете привести конкретный пример: какая была ситуация и что сделали лично вы?',
            'result': 'Чем это закончилось? Какой был результат и как вы поняли, что он достигнут?',
            'numbers': 'Можете оценить это в цифрах: масштаб, сроки, метрики до и после?',
            'tradeoffs': 'Какие были альтернативы и компромиссы? Почему вы выбрали именно этот вариант?',
            'point': 'Расскажите, пожалуйста, и об этом: «{point}». Как это было устроено у вас?',
        },
        'mentioned': 'Вы упомянули {m}. ',
        'topic': 'Перейдём к теме «{c}».',
        'ack': {'no_experience': 'Понятно, спасибо, что сказали прямо.', 'dont_know': 'Хорошо, понятно.',
                'refusal': 'Хорошо, пропустим этот вопрос.', 'nothing_more': 'Хорошо, спасибо.'},
        'adjacent': ('А был ли у вас опыт с чем-то близким к теме «{c}»? Если нет — ничего страшного, перейдём '
                     'дальше.'),
        'adjacent_again': 'Я спрашивал, был ли у вас опыт с чем-то близким к теме «{c}». Если нет — просто скажите.',
        'intro_again': ('Отлично, тогда начнём. Расскажите, пожалуйста, коротко о себе: чем вы занимаетесь сейчас и '
                        'какой у вас опыт?'),
        'wait': 'Конечно, я подожду. Напишите или скажите, когда будете готовы продолжить.',
        'repeat': 'Конечно, повторю другими словами. ',
        'repeat_planned': 'Конечно, повторю вопрос: {q}',
        'repeat_follow_up': {
            'example': 'Я прошу описать один реальный случай из вашей работы: что случилось и что сделали вы сами.',
            'result': 'Я имею в виду итог: что изменилось после вашей работы, чем всё закончилось?',
            'numbers': 'Я имею в виду цифры: сколько пользователей, данных или времени, как изменились метрики?',
            'tradeoffs': 'Я имею в виду выбор: какие варианты вы рассматривали и почему остановились на этом?',
            'point': 'Меня интересует вот что: «{point}». Как вы с этим работали?',
        },
        'open_door': 'Если захотите спросить что-то ещё — пожалуйста.',
        'defer': ('Хороший вопрос — давайте вернёмся к нему в конце, когда будет время для ваших вопросов. '
                  'А пока, пожалуйста, ответьте на мой вопрос.'),
        'clarify': ('Я имею в виду ваш собственный практический опыт: любую задачу, в которой вы участвовали лично, '
                    'что именно вы делали и чем это закончилось.'),
        'clarify_topic': ('Я имею в виду ваш собственный практический опыт по теме «{c}»: любую задачу, в которой вы '
                          'участвовали лично, что именно вы делали и чем это закончилось.'),
        'invite_questions': ('Спасибо за ответы, мои вопросы на этом закончились. Теперь ваша очередь: что бы вы '
                             'хотели узнать о позиции, команде или компании?'),
        'invite_questions_wrap_up': ('Спасибо. Время подходит к концу — осталось около {left} {left_word}, поэтому '
                                     'перейдём к вашим вопросам. Что бы вы хотели узнать о позиции, команде или '
                                     'компании?'),
        'answer_found': 'В описании вакансии сказано: «{fact}»',
        'answer_unknown': ('Хороший вопрос. В описании вакансии ответа на него нет — рекрутер увидит ваш вопрос '
                           'в расшифровке собеседования и ответит вам.'),
        'more_questions': 'Есть ли у вас ещё вопросы?',
        'closing': ('Спасибо, {name}, за ваше время и ответы! На этом собеседование завершено. Рекрутер '
                    'изучит расшифровку и свяжется с вами насчёт следующих шагов. Можете нажать «Завершить», чтобы '
                    'закончить встречу. Всего доброго!'),
        'time_up': 'Наше время подошло к концу.',
        'after_close': ('Спасибо! Собеседование уже завершено: рекрутер изучит расшифровку и свяжется с вами. Нажмите '
                        '«Завершить», чтобы выйти.'),
        'recruiter_ack': 'Принято, учту.',
        'recruiter_question': 'Уточню ещё один момент: расскажите, пожалуйста, {topic}.',  # «про X» / «об X»
    },
    'en': {
        'greeting': ("Hello, {name}! I'm AI HR and I'll be interviewing you for the {position} position. It takes "
                     "about {minutes} {minutes_word}: first I'll ask about {count} topics ({topics}), and at the end "
                     "you can ask your own questions. You can answer by voice or in the chat; I ask one question at a "
                     "time. "
                     "Let's begin: please tell me briefly about yourself and your current experience."),
        'thanks': ('Thank you.', 'I see, thanks.', 'Good, thank you for the answer.', 'Thanks, that is helpful.'),
        'question': ("Let's move on to {c}. Tell me about your experience here: what problems did you solve and "
                     "what was your role?",
                     'The next topic is {c}. Give me an example from your work where it mattered. What exactly did '
                     'you do?',
                     "Let's talk about {c}. How do you approach it in your work? Describe a recent case.",
                     'On {c}: what was the hardest situation you faced there, and how did you solve it?'),
        'follow_up': {
            'example': 'Could you give a concrete example: what was the situation and what did you do yourself?',
            'result': 'How did it end? What was the result, and how did you know you had achieved it?',
            'numbers': 'Can you put numbers on it: scale, timelines, metrics before and after?',
            'tradeoffs': 'What were the alternatives and trade-offs? Why did you choose this option?',
            'point': 'Please tell me about this too: "{point}". How did it work in your case?',
        },
        'mentioned': 'You mentioned {m}. ',
        'topic': "Let's move on to {c}.",
        'ack': {'no_experience': 'I see, thank you for being direct.', 'dont_know': 'All right, I see.',
                'refusal': "All right, let's skip this question.", 'nothing_more': 'All right, thank you.'},
        'adjacent': "Have you worked with anything close to {c}? If not, that's fine, we'll move on.",
        'adjacent_again': 'I asked whether you have worked with anything close to {c}. If not, just say so.',
        'intro_again': ("Great, let's begin. Please tell me briefly about yourself: what you do now and what "
                        'experience you have.'),
        'wait': "Of course, I'll wait. Write or say when you are ready to continue.",
        'repeat': 'Of course, let me put it another way. ',
        'repeat_planned': 'Of course, here is the question again: {q}',
        'repeat_follow_up': {
            'example': 'I am asking for one real case from your work: what happened and what you did yourself.',
            'result': 'I mean the outcome: what changed after your work, how did it end?',
            'numbers': 'I mean numbers: how many users, how much data or time, how the metrics changed.',
            'tradeoffs': 'I mean the choice: which options you considered and why you settled on this one.',
            'point': 'What I am interested in is this: "{point}". How did you handle it?',
        },
        'open_door': 'If you want to ask anything else, please go ahead.',
        'defer': ("Good question; let's come back to it at the end, when there is time for your questions. For now, "
                  'please answer my question.'),
        'clarify': ('I mean your own hands-on experience: any task you took part in yourself, what exactly you did '
                    'and how it ended.'),
        'clarify_topic': ('I mean your own hands-on experience with {c}: any task you took part in yourself, what '
                          'exactly you did and how it ended.'),
        'invite_questions': ('Thank you for your answers; that is all from my side. Now it is your turn: what would '
                             'you like to know about the position, the team or the company?'),
        'invite_questions_wrap_up': ('Thank you. We are nearly out of time, about {left} {left_word} left, so let us '
                                     'move on to your questions. What would you like to know about the position, '
                                     'the team or the company?'),
        'answer_found': 'The job description says: "{fact}"',
        'answer_unknown': ('Good question. The job description does not answer it; the recruiter will see your '
                           'question in the interview transcript and get back to you.'),
        'more_questions': 'Do you have any other questions?',
        'closing': ('Thank you, {name}, for your time and your answers! This concludes the interview. The '
                    'recruiter will review the transcript and contact you about the next steps. You can press Finish '
                    'to end the meeting. All the best!'),
        'time_up': 'We have reached the end of our time.',
        'after_close': ('Thank you! The interview is already complete: the recruiter will review the transcript and '
                        'contact you. Press Finish to leave.'),
        'recruiter_ack': 'Noted, thank you.',
        'recruiter_question': 'One more thing: please tell me about {topic}.',
    },
}


def text(language: str, key: str) -> object:
    return TEXTS[normalize_language(language)][key]


def minutes_word(language: str, minutes: int) -> str:
    """'minute(s)' agreeing with the number; in Russian the genitive that follows «около» (1 минуты, 5 минут)."""
    if normalize_language(language) == Language.EN:
        return 'minute' if minutes == 1 else 'minutes'
    return 'минуты' if minutes % 10 == 1 and minutes % 100 != 11 else 'минут'

