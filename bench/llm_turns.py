"""LLM turn benchmark: a scripted interview against aisobes with the openai brain, driven by any OpenAI-compatible
server (llama.cpp's `python -m llama_cpp.server`, Ollama, vLLM, OpenAI).

It starts aisobes itself (`python -m aisobes`, SQLite, AISOBES_LLM=openai pointing at --llm-url), opens the chat
WebSocket as the lobby does (the brain warms the prompt up then), waits --lobby seconds, starts the interview and
answers every AI turn from a script. Per AI turn it prints what the brain recorded in the turn's meta (`llm`): time
to first token, total, streamed chunks (one token each on llama.cpp, vLLM, Ollama), attempts, guard findings and the
fallback; and the candidate's wait (their message stored -> the AI turn posted: the end-of-answer pause, the model's
judgement of the answer and the turn). Then the finish time and the time until the model's report is final.
`--layout legacy` runs the prompt layout before issue 14 (clock at the top, no warm-up); `--layout both` runs both
on the same server and prints the TTFT of turns 2+ side by side.

    python bench/llm_turns.py --llm-url http://127.0.0.1:8080/v1 --model qwen2.5 --layout both --pause 31
    python bench/llm_turns.py --llm-url http://127.0.0.1:11434/v1 --model qwen2.5:1.5b --lang en --turns 4
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_server import drain, own_server, stored_message  # noqa: E402

TOKEN = 'bench-token'
PLAN = {'ru': [{'name': 'Kafka', 'weight': 2, 'questions': [], 'rubric': 'партиционирование по ключу, мониторинг лага'},
               {'name': 'Python', 'weight': 1, 'questions': [], 'rubric': 'asyncio, тестирование'}],
        'en': [{'name': 'Kafka', 'weight': 2, 'questions': [], 'rubric': 'partitioning by key, consumer lag'},
               {'name': 'Python', 'weight': 1, 'questions': [], 'rubric': 'asyncio, testing'}]}
SCRIPT = {  # what the candidate says, turn after turn (the run in issue 14 that repeated its follow-up)
    'ru': ['Меня зовут Анна, я бэкенд-разработчик, шесть лет пишу на Python, последние три года в финтехе.',
           'Я строила сервис сверки платежей на Kafka: партиционирование по ключу клиента, лаг смотрели в Grafana.',
           'Никогда не работала с Kafka Streams, только с обычными консьюмерами.',
           'Повторите, пожалуйста, вопрос.',
           'На asyncio я переписала сервис уведомлений, пропускная способность выросла в четыре раза.',
           'Какой формат работы у команды?', 'Вопросов больше нет, спасибо.'],
    'en': ['I am Anna, a backend developer: six years of Python, the last three in fintech.',
           'I built a payment reconciliation service on Kafka: partitioning by client key, lag watched in Grafana.',
           'I have never worked with Kafka Streams, only plain consumers.',
           'Could you repeat the question please?',
           'I rewrote the notification service on asyncio; throughput went up four times.',
           'What is the team\'s working format?', 'No more questions, thank you.'],
}


async def run(args: argparse.Namespace, layout: str) -> dict:
    env = {'AISOBES_LLM': 'openai', 'AISOBES_LLM_BASE_URL': args.llm_url, 'AISOBES_LLM_MODEL': args.model,
           'AISOBES_LLM_PROMPT_LAYOUT': layout, 'AISOBES_LLM_TIMEOUT': str(args.timeout),
           'AISOBES_LLM_FIRST_TOKEN_TIMEOUT': str(args.first_token_timeout), 'AISOBES_AI_DEBOUNCE': '0.3'}
    if args.api_key:
        env['AISOBES_LLM_API_KEY'] = args.api_key
    async with own_server(None, TOKEN, env) as base_url, httpx.AsyncClient(
            base_url=base_url, headers={'Authorization': f'Bearer {TOKEN}'}, timeout=60) as client:
        body = {'candidate_name': 'Анна' if args.lang == 'ru' else 'Anna', 'candidate_id': f'bench-{layout}',
                'position': 'Backend developer', 'recommended_duration': 30, 'language': args.lang,
                'knowledge_base': 'Kafka\nPython', 'competencies': PLAN[args.lang],
                'description': 'Гибридный формат: два дня в офисе.' if args.lang == 'ru' else 'Hybrid: 2 office days.'}
        interview = (await client.post('/api/v1/interviews/', json=body)).raise_for_status().json()
        iid = interview['id']
        turns = []
        url = f'{base_url.replace("http", "ws", 1)}/api/v1/chat/{iid}/ws?link={interview["unique_link"]}'
        async with websockets.connect(url) as socket:  # the lobby is open: the brain warms the prompt up
            reader = asyncio.create_task(drain(socket))
            await asyncio.sleep(args.lobby if layout != 'legacy' else 0)
            (await client.patch(f'/api/v1/interviews/{iid}/start')).raise_for_status()
            after, asked_at = 0, time.monotonic()
            for text in [None, *SCRIPT[args.lang][:args.turns - 1]]:
                if text is not None:
                    await asyncio.sleep(args.pause)  # the candidate speaks: the interview clock moves on
                    await socket.send(json.dumps({'content': text}))
                    after = await stored_message(client, iid, text, after)
                    asked_at = time.monotonic()
                turn = await _next_ai_turn(client, iid, after, args.timeout * 3 + 30)
                meta = turn.get('meta') or {}
                turns.append({'kind': meta.get('kind'), 'wait': time.monotonic() - asked_at, **(meta.get('llm') or {}),
                              'text': turn['content']})
                _print_turn(len(turns), turns[-1])
                if meta.get('phase') == 'closing':
                    break
            reader.cancel()
        started = time.monotonic()
        (await client.patch(f'/api/v1/interviews/{iid}/finish')).raise_for_status()
        finish = time.monotonic() - started
        while (details := (await client.get(f'/api/v1/interviews/{iid}/details')).json())['report_status'] == \
                'pending' and time.monotonic() - started < args.report_wait:
            await asyncio.sleep(0.5)
        final = time.monotonic() - started
        print(f'finish answered in {finish:.2f} s; report {details["report_status"]} after {final:.1f} s '
              f'(by {(details.get("report") or {}).get("brain")})')
        return {'layout': layout, 'turns': turns, 'finish': finish}


def _print_turn(number: int, t: dict) -> None:
    ttft = f'{t["ttft"]:.2f}' if 'ttft' in t else '-'
    total = f'{t["total"]:.2f}' if 'total' in t else '-'
    print(f'{number:>2} {t["kind"] or "":<17} ttft {ttft:>6} s  total {total:>6} s  wait {t["wait"]:6.2f} s  '
          f'tokens {t.get("chunks", 0):>4}  attempts {t.get("attempts", 0)}  guards {",".join(t.get("guards", []))}'
          f'{"  FALLBACK " + t["fallback"] if t.get("fallback") else ""}\n   {t["text"][:150]!r}', flush=True)


async def _next_ai_turn(client: httpx.AsyncClient, interview_id: int, after: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in (await client.get(f'/api/v1/interviews/{interview_id}/messages')).json():
            if message['role'] == 'ai_hr' and message['id'] > after:
                return message
        await asyncio.sleep(0.1)
    raise TimeoutError(f'interview {interview_id}: no AI turn after message {after}')


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--llm-url', required=True, help='the OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1')
    parser.add_argument('--model', default='local', help='the model name the server expects')
    parser.add_argument('--api-key', default=None)
    parser.add_argument('--layout', choices=('cached', 'legacy', 'both'), default='cached')
    parser.add_argument('--lang', choices=('ru', 'en'), default='ru')
    parser.add_argument('--turns', type=int, default=6, help='AI turns to drive (the greeting is the first)')
    parser.add_argument('--lobby', type=float, default=20.0, help='seconds in the lobby before the start (warm-up)')
    parser.add_argument('--pause', type=float, default=0.0,
                        help='seconds before each answer: 30+ lets the clock in the legacy prompt change every turn')
    parser.add_argument('--timeout', type=float, default=60.0, help='AISOBES_LLM_TIMEOUT for the run')
    parser.add_argument('--first-token-timeout', type=float, default=6.0, help='AISOBES_LLM_FIRST_TOKEN_TIMEOUT')
    parser.add_argument('--report-wait', type=float, default=240.0, help='seconds to wait for the final report')
    args = parser.parse_args()
    results = []
    for layout in (('legacy', 'cached') if args.layout == 'both' else (args.layout,)):
        print(f'--- layout {layout} ---', flush=True)
        results.append(await run(args, layout))
    print('\nlayout   TTFT turn 1   median TTFT turns 2+   fallbacks   guard findings   finish')
    for r in results:
        later = [t['ttft'] for t in r['turns'][1:] if 'ttft' in t]
        first = r['turns'][0].get('ttft') if r['turns'] else None
        fallbacks = sum(bool(t.get('fallback')) for t in r['turns'])
        print(f'{r["layout"]:8} {first if first is not None else "-":>11}   '
              f'{statistics.median(later) if later else "-":>20}   {fallbacks:>9}'
              f'   {sum(len(t.get("guards", [])) for t in r["turns"]):>14}   {r["finish"]:.2f} s')
    return 0


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
