"""The phrases and words that mark each kind of answer, in Russian and English (used by understanding.py).

Multi-word markers are matched against the answer's lemmas joined by spaces (« не расслышать ») and against its
plain lower-cased text, so both «не расслышал» and its dictionary form match; keep a leading and trailing space
where a whole word is meant.
"""
from __future__ import annotations

REPEAT = (' повторить ', ' не расслышать ', ' не услышать ', ' не понять вопрос', ' не понимать вопрос',
          ' иметь в вид', ' имеете в виду', ' переформулировать ', ' уточнить вопрос', ' что значит ',
          ' ещё раз вопрос', ' еще раз вопрос', ' о чем вопрос', ' repeat ', ' say that again', " didn't catch",
          ' did not catch', ' what do you mean', ' rephrase ', ' pardon ', ' come again', ' could you clarify',
          ' what was the question', ' не расслышал')
NOT_READY = (' подождать ', ' подождите ', ' секунду ', ' секундочку ', ' минуту ', ' минуточку ', ' меня не слышно',
             ' вас не слышно', ' вас не слышать', ' вас не слышу', ' меня не слышать', ' плохо слышать',
             ' плохо слышу', ' интернет пропад', ' интернет тормоз', ' интернет лага', ' internet is lagging',
             ' one sec ', ' плохо слышно', ' связь прерв', ' связь пропа',
             ' пропала связь', ' плохая связь', ' связь плох', ' связь барахл', ' микрофон ', ' камера не',
             ' камеру не', ' не работает камера', ' не готовый ', ' не готов ', ' one second', ' one moment',
             ' hold on', ' wait ', ' give me a minute', ' give me a moment', ' can you hear me', " can't hear",
             ' cannot hear', ' not ready', ' just a sec', ' my mic', ' меня слышно', ' слышно меня',
             ' вы меня слышите', ' слышите меня', ' меня видно', ' видно меня', ' hear me', ' see me')
NOTHING_MORE = (' добавить нечего', ' нечего добавить', ' вопрос нет', ' нет вопрос', ' вопросов нет',
                ' нет вопросов', ' больше ничего', ' все понятно', ' всё понятно', ' вопрос больше нет',
                ' больше вопрос нет', ' вопросов больше нет', ' больше вопросов нет', ' нечего сказать',
                ' это все ', ' это всё', ' на этом все', " that's all",
                ' that is all', ' nothing to add', ' nothing more', ' nothing else', ' no questions',
                ' no more questions', " i'm good",
                ' пожалуй все', ' вроде все', ' covers it', ' nothing from my side', ' все ок ',
                ' no further questions', ' all clear', ' все ясно', ' всё ясно')
REFUSAL = (' не хотеть отвечать', ' не хочу отвечать', ' не буду отвечать', ' не стать отвечать',
           ' не готов отвечать', ' предпочел бы не', ' предпочту не', ' давайте пропустим', ' пропустить вопрос',
           ' конфиденциальн', ' не могу рассказать', ' под nda', ' under nda', " i'd rather not", ' rather not say',
           ' prefer not to',
           ' не хотел бы об этом', ' бы не хотел об этом', ' бы не хотеть об этот', ' не хочу это обсуждать',
           ' не хотеть это обсуждать', ' не хочу об этом',
           ' no comment', ' skip this', " won't answer", ' not comfortable answering')
DONT_KNOW = (' не знать ', ' не знаю', ' не помнить ', ' не помню', ' затрудняться ответить', ' понятие не иметь',
             ' не представлять ', " don't know", ' do not know', ' no idea', " can't remember",
             ' do not remember', " don't remember", ' not sure',
             ' не уверенный ', ' не уверен ', ' без понятия')
NO_EXPERIENCE_PHRASES = (' опыта нет', ' опыта не было', ' нет опыта', ' не было опыта', ' опыта никакого',
                         ' не сталкивал', ' не доводилось', ' не приходилось', ' не довелось', ' не работал',
                         ' не пользовал', ' не использовал', ' не знаком', ' no experience', ' never used',
                         ' never worked', " haven't used", " haven't worked", ' have not used', ' have not worked',
                         ' not familiar', ' never had', " didn't have a chance", ' never touched', ' never did',
                         ' не слышал о', ' не слышал про', ' never heard of', ' не слыхал', ' не слышал ',
                         ' не слышала ')
BARE_NOTHING = frozenset({'нет', 'не', 'no', 'nope', 'ничего', 'всё', 'все', 'ок', 'окей', 'ok', 'okay', 'вроде',
                          'спасибо', 'thanks', 'пожалуй', 'nothing'})
EXPERIENCE = frozenset({'сталкиваться', 'столкнуться', 'работать', 'поработать', 'использовать', 'пользоваться',
                        'доводиться', 'довестись', 'приходиться', 'прийтись', 'применять', 'заниматься',
                        'делать', 'писать', 'внедрять', 'внедрить', 'знакомый', 'опыт', 'трогать', 'настраивать',
                        'настроить', 'вести', 'поддерживать', 'разрабатывать', 'разработать', 'строить', 'построить',
                        'администрировать', 'use', 'work', 'touch', 'experience', 'familiar', 'do', 'try', 'run',
                        'ran', 'build', 'built', 'lead', 'led', 'write', 'wrote', 'manag', 'maintain', 'implement',
                        'design', 'develop', 'operat', 'own', 'deploy', 'set', 'used', 'using', 'did', 'done',
                        'manage', 'operate', 'written'})
EXPERIENCE_EN = frozenset({'use', 'work', 'touch', 'try', 'do', 'build', 'built', 'write', 'wrote', 'lead', 'led',
                           'run', 'ran', 'set', 'manag', 'maintain', 'implement', 'design', 'develop', 'operat',
                           'own', 'deploy', 'used', 'using', 'did', 'done', 'manage', 'operate', 'written'})
EXAMPLE = (' например ', ' к пример', ' for example', ' for instance', ' в проект ', ' на проект ', ' однажды ',
           ' у нас быть ', ' we had ', ' когда я ', ' when i ', ' на прошлый работа', ' на текущий работа',
           ' at my last', ' in my last', ' at my current', ' in one project', ' в одном проект', ' кейс ',
           ' i built', ' i implemented', ' i led', ' i wrote', ' i designed', ' we built', ' we migrated',
           ' мы сделать ', ' я сделать ', ' разработать ', ' внедрить ', ' реализовать ', ' спроектировать ',
           ' построить ', ' переписать ', ' перевести ', ' отвечать за ')
RESULT = (' в результат ', ' результат ', ' итог ', ' в итог ', ' сократить ', ' уменьшить ', ' увеличить ',
          ' ускорить ', ' снизить ', ' сэкономить ', ' удаться ', ' вырасти ', ' запустить ', ' выпустить ',
          ' as a result', ' result ', ' outcome ', ' reduced ', ' increased ', ' improved ', ' saved ',
          ' achieved ', ' cut ', ' dropped ', ' shipped ', ' launched ', ' impact ', ' reduc ', ' increas ',
          ' improv ', ' sav ', ' achiev ')
NUMBER_WORDS = ('десять', 'сотня', 'тысяча', 'миллион', 'процент', 'вдвое', 'втрое', 'hundred', 'thousand',
                'million', 'percent', 'twice', 'dozen', 'half', 'два', 'три', 'пять')
JOB = (' зарплата ', ' оклад ', ' доход ', ' компенсация ', ' удаленка ', ' удаленный ', ' удаленно ', ' офис ',
       ' гибрид ', ' команда ', ' отпуск ', ' график ', ' стек ', ' обучение ', ' этап ', ' компания ',
       ' проект ', ' продукт ', ' вакансия ', ' позиция ', ' испытательный ', ' бонус ', ' дмс ', ' relocat',
       ' salary', ' remote', ' office', ' team ', ' vacation', ' schedule', ' stack', ' company', ' product',
       ' next step', ' benefit', ' hybrid', ' position', ' role ', ' probation', ' the job', ' пятничн', ' bonus',
       ' insurance', ' relocation', ' equity', ' stock option', ' страховк', ' релокац', ' опцион')
READY_WORDS = frozenset({'добрый', 'день', 'утро', 'вечер', 'здравствуйте', 'здравствовать', 'привет', 'готовый',
                         'готов', 'да', 'конечно', 'давать', 'давайте', 'начать', 'начинать', 'хороший', 'хорошо',
                         'ок', 'окей', 'спасибо', 'можно', 'я', 'мы', 'вы', 'и', 'уже', 'весь', 'все', 'всё',
                         'теперь', 'продолжать', 'продолжить', 'слышно', 'слышный', 'слышать', 'видно', 'видный',
                         'вернуться', 'тут', 'здесь', 'снова', 'back', 'now', 'continue', 'here', 'sorry',
                         'извините', 'извинить', 'can', 'hear', 'see', 'you', 'again', 'fine', 'hello', 'hi', 'hey',
                         'ready', 'yes', 'sure', "let'", 'let', 'start', 'good', 'morning', 'afternoon', 'evening',
                         'i', "i'm", 'am', 'ok', 'okay', 'thank', 'thanks', 'go', 'all', 'set', 'begin', 'us'})
EN_COMMON = frozenset({'the', 'and', 'that', 'this', 'with', 'was', 'yes', 'but', 'not', 'have', 'they', 'there',
                       'our', 'then', 'when', 'what', 'which', 'also', 'would', 'about', 'team', 'project',
                       'work', 'use', 'company', 'year', 'month', 'result', 'system', 'service'})
