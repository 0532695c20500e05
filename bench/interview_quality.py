"""Interview quality benchmark: whole interviews against a running aisobes server, with scripted simulated candidates
in Russian and English, and the rules of a good interviewer checked automatically.

Each profile below is one candidate: what they say on the introduction, on each competency, and in their questions,
every line labelled with what it is (an intent). The candidate types in the chat (WebSocket, like the room), waits
for the AI's turn (read with its meta from the REST API) and answers from the line list of the phase/competency the
AI is on. Printed per profile: AI turns, misfires, rubric coverage of the report, and whether the report's statuses
agree with the profile.

    python bench/interview_quality.py                       # starts its own server (python -m aisobes, SQLite)
    python bench/interview_quality.py --url http://127.0.0.1:8080 --token "$AISOBES_API_TOKEN" --only ru
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_rules import misfires  # noqa: E402
from quality_server import drain, own_server, stored_message  # noqa: E402

# --- the plan and the candidates ------------------------------------------------------------------------------

PLAN = {
    'ru': [{'name': 'Kafka', 'weight': 2, 'questions': ['Как вы обеспечивали порядок сообщений в Kafka?'],
            'rubric': 'партиционирование по ключу, идемпотентные консьюмеры, мониторинг лага'},
           {'name': 'Python', 'weight': 1, 'questions': ['Расскажите о вашем опыте с asyncio.'],
            'rubric': 'event loop, тестирование асинхронного кода'},
           {'name': 'SQL', 'weight': 1, 'questions': [], 'rubric': 'индексы, планы запросов'}],
    'en': [{'name': 'Kafka', 'weight': 2, 'questions': ['How did you keep the order of messages in Kafka?'],
            'rubric': 'partitioning by key, idempotent consumers, consumer lag monitoring'},
           {'name': 'Python', 'weight': 1, 'questions': ['Tell me about your experience with asyncio.'],
            'rubric': 'event loop, testing asynchronous code'},
           {'name': 'SQL', 'weight': 1, 'questions': [], 'rubric': 'indexes, query plans'}],
}
INTRO = {'ru': 'Меня зовут Анна, я бэкенд-разработчик, шесть лет пишу на Python и Go, последние три года в финтехе.',
         'en': 'I am Anna, a backend developer: six years of Python and Go, the last three in fintech.'}
STRONG = {  # each covers its competency's rubric, with an example and numbers
    'ru': ['В платёжном сервисе я отвечал за шину на Kafka. Порядок держали партиционированием по ключу клиента: все '
           'события клиента шли в одну партицию. Консьюмеры сделали идемпотентными через таблицу обработанных '
           'идентификаторов. Мониторинг лага консьюмеров настроили в Grafana, в результате задержка упала с 5 минут '
           'до 20 секунд.',
           'На прошлой работе я переписал сервис уведомлений на asyncio: один event loop на процесс, блокирующие '
           'вызовы унесли в пул потоков. Тестирование асинхронного кода делали на pytest-asyncio с фейковым '
           'сервером. В результате пропускная способность выросла в 4 раза, до 3000 сообщений в секунду.',
           'Например, в отчётном сервисе запрос шёл 40 секунд. Я посмотрел планы запросов через EXPLAIN ANALYZE, '
           'добавил составные индексы по дате и клиенту, и в результате запрос стал выполняться за 300 миллисекунд.'],
    'en': ['At a payments company I owned our Kafka bus. We kept the order with partitioning by the client key, so '
           'all events of a client went to one partition. We made the consumers idempotent with a table of processed '
           'ids. I set up consumer lag monitoring in Grafana; as a result the processing delay fell from 5 minutes '
           'to 20 seconds.',
           'In my last job I rewrote the notification service on asyncio: one event loop per process, blocking calls '
           'moved to a thread pool. Testing the asynchronous code was done with pytest-asyncio and a fake server. As '
           'a result throughput grew four times, to 3000 messages per second.',
           'For example, a report query took 40 seconds. I read the query plans with EXPLAIN ANALYZE, added '
           'composite indexes on date and client, and as a result the query ran in 300 milliseconds.'],
}
SAY = {
    'ru': {'no_experience': 'С Кафкой, честно говоря, не сталкивался ни разу.',
           'no_experience_2': 'Нет, ничего похожего у меня не было.',
           'dont_know': 'Не знаю, не доводилось.', 'dont_know_2': 'Не знаю.',
           'repeat': 'Повторите, пожалуйста, вопрос — связь прервалась.',
           'stuffing': 'Например, в результате мы нашли компромисс, это дало рост на 100 процентов, например, в итоге '
                       'результат отличный, компромисс найден.',
           'brief': 'Да, работал с этим.', 'brief_2': 'Ну, по-разному бывало.',
           'job_question': 'А какая зарплата на этой позиции?',
           'not_ready': 'Подождите секунду, меня не слышно.', 'ready': 'Всё, теперь слышно. Готов.',
           'question': 'Какой формат работы в команде?', 'nothing_more': 'Больше добавить нечего.',
           'no_questions': 'Вопросов нет, всё понятно, спасибо.'},
    'en': {'no_experience': "Honestly, I've never worked with Kafka.",
           'no_experience_2': 'No, nothing similar, I am afraid.',
           'dont_know': "I don't know, I never had to.", 'dont_know_2': "I don't know.",
           'repeat': 'Sorry, could you repeat the question? The connection dropped.',
           'stuffing': 'For example, as a result we found a trade-off, it gave 100 percent growth, for example, in the '
                       'end the result was great, a trade-off was found.',
           'brief': 'Yes, I used it.', 'brief_2': 'Well, it depends.',
           'job_question': 'What is the salary range for this position?',
           'not_ready': 'One second, please, I cannot hear you.', 'ready': "OK, I can hear you now. I'm ready.",
           'question': 'Is the work remote or in the office?', 'nothing_more': "That's all I can add.",
           'no_questions': "No more questions, that's all, thanks."},
}
# intent of each kind of line (what the misfire rules check against)
INTENT = {'no_experience': 'no_experience', 'no_experience_2': 'no_experience', 'dont_know': 'dont_know',
          'dont_know_2': 'dont_know', 'repeat': 'repeat', 'stuffing': 'substantive', 'brief': 'substantive',
          'brief_2': 'substantive', 'job_question': 'job_question', 'not_ready': 'not_ready', 'ready': 'ready',
          'question': 'question', 'nothing_more': 'nothing_more', 'no_questions': 'nothing_more'}
ALL_CONFIRMED = ('confirmed', 'confirmed', 'confirmed')

# profile: greeting lines, lines per competency (keys of SAY, or 'strong'), and the statuses the report should give
PROFILES = {
    'strong': {'competencies': [['strong'], ['strong'], ['strong']], 'expect': ALL_CONFIRMED},
    'no_experience': {'competencies': [['no_experience', 'no_experience_2'], ['strong'], ['strong']],
                      'expect': ('not_confirmed', 'confirmed', 'confirmed')},
    'dont_know': {'competencies': [['strong'], ['dont_know', 'dont_know_2'], ['strong']],
                  'expect': ('confirmed', 'not_confirmed', 'confirmed')},
    'asks_repeat': {'competencies': [['repeat', 'strong'], ['strong'], ['repeat', 'strong']],
                    'expect': ALL_CONFIRMED},
    'keyword_stuffer': {'competencies': [['stuffing', 'stuffing'], ['stuffing'], ['stuffing']],
                        'expect': ('not_confirmed', 'not_confirmed', 'not_confirmed')},
    'very_brief': {'greeting': ['brief'], 'competencies': [['brief', 'brief_2'], ['brief'], ['brief_2']],
                   'expect': ('not_confirmed', 'not_confirmed', 'not_confirmed'), 'weak': True},
    'asks_about_job': {'competencies': [['job_question', 'strong'], ['strong'], ['strong']], 'expect': ALL_CONFIRMED},
    'not_ready_at_first': {'greeting': ['not_ready', 'ready', 'intro'],
                           'competencies': [['strong'], ['strong'], ['strong']], 'expect': ALL_CONFIRMED},
}


def line(lang: str, key: str, competency: int | None = None) -> tuple[str, str]:
    """(intent, text) of one scripted line."""
    if key == 'strong':
        return 'example', STRONG[lang][competency]
    if key == 'intro':
        return 'substantive', INTRO[lang]
    return INTENT[key], SAY[lang][key]


# --- one interview --------------------------------------------------------------------------------------------

async def run_profile(client: httpx.AsyncClient, ws_base: str, lang: str, name: str, profile: dict) -> dict:
    plan = PLAN[lang]
    body = {'candidate_name': 'Анна' if lang == 'ru' else 'Anna', 'candidate_id': f'bench-{lang}-{name}',
            'position': 'Backend developer', 'recommended_duration': 30, 'language': lang,
            'knowledge_base': '\n'.join(c['name'] for c in plan), 'competencies': plan,
            'description': 'Гибридный формат: два дня в офисе.' if lang == 'ru' else 'Hybrid: two office days.'}
    created = await client.post('/api/v1/interviews/', json=body)
    legacy = created.status_code == 422  # a server without the recruiter's plan: the knowledge base only
    if legacy:
        created = await client.post('/api/v1/interviews/', json={k: v for k, v in body.items() if k != 'competencies'})
    created.raise_for_status()
    interview = created.json()
    queues = {'greeting': [line(lang, k) for k in profile.get('greeting', ['intro'])],
              'questions': [line(lang, 'question'), line(lang, 'no_questions')]}
    for index, keys in enumerate(profile['competencies']):
        queues[index] = [line(lang, k, index) for k in keys]
    said: list[tuple[int, str]] = []  # (message id, intent)
    url = f'{ws_base}/api/v1/chat/{interview["id"]}/ws?link={interview["unique_link"]}'
    async with websockets.connect(url) as socket:
        reader = asyncio.create_task(drain(socket))
        (await client.patch(f'/api/v1/interviews/{interview["id"]}/start')).raise_for_status()
        last_id = 0
        for _ in range(40):
            turn = await _next_ai_turn(client, interview['id'], last_id)
            meta = turn.get('meta') or {}
            if meta.get('phase') == 'closing':
                break
            queue = queues.get('greeting' if meta.get('phase') == 'greeting' else 'questions'
                               if meta.get('phase') == 'questions' else meta.get('competency'))
            if queue is None:  # a competency the profile has no lines for (a legacy plan): nothing to add
                queue = []
            intent, text = queue.pop(0) if queue else line(lang, 'nothing_more')
            await socket.send(json.dumps({'content': text}))
            last_id = await stored_message(client, interview['id'], text, last_id)
            said.append((last_id, intent))
        reader.cancel()
    (await client.patch(f'/api/v1/interviews/{interview["id"]}/finish')).raise_for_status()
    messages = (await client.get(f'/api/v1/interviews/{interview["id"]}/messages')).json()
    details = (await client.get(f'/api/v1/interviews/{interview["id"]}/details')).json()
    return score(lang, name, profile, messages, dict(said), details.get('report') or {}, legacy)


def score(lang: str, name: str, profile: dict, messages: list[dict], intents: dict[int, str], report: dict,
          legacy: bool) -> dict:
    plan = PLAN[lang]
    found = misfires(messages, intents, [c['questions'] for c in plan], lang)
    statuses = tuple(c.get('status') for c in (report.get('competencies') or [])[:len(plan)])
    agree = statuses == profile['expect']
    if profile.get('weak') and not (report.get('quality') or {}).get('weak'):
        agree = False
    covered = sum(len(c.get('covered') or []) for c in (report.get('competencies') or [])[:len(plan)])
    total = sum(len([p for p in c['rubric'].split(',') if p.strip()]) for c in plan)
    return {'lang': lang, 'profile': name, 'ai_turns': sum(m['role'] == 'ai_hr' for m in messages),
            'misfires': found, 'coverage': f'{covered}/{total}', 'statuses': statuses, 'agree': agree,
            'legacy': legacy}


async def _next_ai_turn(client: httpx.AsyncClient, interview_id: int, after: int, timeout: float = 30.0) -> dict:
    """The AI turn that answers the candidate's message `after` (the greeting when 0)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = (await client.get(f'/api/v1/interviews/{interview_id}/messages')).json()
        for message in messages:
            if message['role'] == 'ai_hr' and message['id'] > after and \
                    int((message.get('meta') or {}).get('reply_to') or 0) >= after:
                return message
        await asyncio.sleep(0.1)
    raise TimeoutError(f'interview {interview_id}: no AI turn after message {after}')


# --- the report -----------------------------------------------------------------------------------------------

async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--url', help='a running server; without it one is started (python -m aisobes)')
    parser.add_argument('--token', default='bench-token', help='its AISOBES_API_TOKEN')
    parser.add_argument('--only', choices=('ru', 'en'), help='one language')
    parser.add_argument('--profile', action='append', help='only these profiles')
    args = parser.parse_args()
    async with own_server(args.url, args.token) as base_url:
        ws_base = base_url.replace('http', 'ws', 1)
        headers = {'Authorization': f'Bearer {args.token}'}
        results = []
        async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=30) as client:
            for lang in ([args.only] if args.only else ['ru', 'en']):
                for name, profile in PROFILES.items():
                    if args.profile and name not in args.profile:
                        continue
                    results.append(await run_profile(client, ws_base, lang, name, profile))
    print(f'{"lang":4} {"profile":20} {"AI turns":>8} {"misfires":>8} {"rubric":>7}  agree  statuses')
    for r in results:
        print(f'{r["lang"]:4} {r["profile"]:20} {r["ai_turns"]:8} {len(r["misfires"]):8} {r["coverage"]:>7}  '
              f'{"yes" if r["agree"] else "NO ":5}  {",".join(str(s) for s in r["statuses"])}')
        for misfire in r['misfires']:
            print(f'       - {misfire}')
    total = sum(len(r['misfires']) for r in results)
    agreed = sum(r['agree'] for r in results)
    legacy = ' (server without the recruiter plan: knowledge-base plan)' if any(r['legacy'] for r in results) else ''
    print(f'total: {total} misfires, report agrees on {agreed}/{len(results)} profiles{legacy}')
    return 0 if total == 0 and agreed == len(results) else 1


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
