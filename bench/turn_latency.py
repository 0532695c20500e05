"""Turn-taking benchmark against a running aisobes server: how soon the AI HR answers, and whether it cuts in.

For each language (English by espeak-ng, Russian by Festival's voice) it starts an interview, waits for the greeting,
streams speech in real time into its speech socket and watches the chat (REST, every 50 ms):

- complete answers: speech end -> the AI's reply, p50 and p95;
- thinking pauses: an unfinished clause ("In my last project I was responsible for"), `--pause` seconds of silence,
  then the rest; counts the AI turns taken inside the pause (the target is none).

    python bench/turn_latency.py --url http://127.0.0.1:8080 --token "$AISOBES_API_TOKEN"
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stt_latency import (  # noqa: E402 -- the sibling benchmark's speech and streaming helpers
    FRAME_SECONDS,
    RATE,
    espeak,
    festival,
    voiced_end,
    wait_ready,
)

from aisobes.speech.audio import float_to_pcm16, read_wav  # noqa: E402
from aisobes.speech.stats import percentile  # noqa: E402

COMPLETE = {
    'en': ['I have worked as a backend developer for five years.',
           'Mostly Python and PostgreSQL, with some Go.',
           'I enjoy working in small teams.'],
    'ru': ['я работаю бэкенд разработчиком пять лет.',
           'в основном пайтон и постгрес.',
           'мне нравится работать в небольшой команде.'],
}
UNFINISHED = {
    'en': [('In my last project I was responsible for', 'the migration of our billing system.'),
           ('We chose this approach because', 'it was simpler to test.')],
    'ru': [('в последнем проекте я отвечал за', 'миграцию нашей системы биллинга.'),
           ('мы выбрали этот подход, потому что', 'его проще тестировать.')],
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--url', default=os.environ.get('AISOBES_URL', 'http://127.0.0.1:8080'))
    parser.add_argument('--token', default=os.environ.get('AISOBES_API_TOKEN'))
    parser.add_argument('--languages', default='en,ru')
    parser.add_argument('--pause', type=float, default=3.0, help='seconds of thinking after an unfinished clause')
    parser.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'aisobes-bench-speech'))
    return parser.parse_args()


def speech(text: str, language: str, cache: Path) -> np.ndarray:
    name = f'turn-{language}-{abs(hash(text)) % 10 ** 10}.wav'
    path = cache / name
    if not path.exists():
        festival(text, path) if language == 'ru' else espeak(text, language, path)
    samples = np.frombuffer(float_to_pcm16(read_wav(str(path))), dtype='<i2')
    return samples[:int(voiced_end(samples) * RATE)]  # the speech ends where the audio ends


class Interview:
    def __init__(self, http: httpx.AsyncClient, url: str, language: str) -> None:
        self.http, self.url, self.language = http, url, language
        self.ai_times: list[float] = []  # monotonic times AI turns were first seen
        self._seen: set[int] = set()

    async def open(self) -> None:
        created = (await self.http.post('/api/v1/interviews/', json={
            'candidate_name': 'Bench', 'candidate_id': 'bench-turns', 'position': 'Backend developer',
            'recommended_duration': 30, 'language': self.language,
            'knowledge_base': 'Python, PostgreSQL, Go'})).raise_for_status().json()
        self.id, self.link = created['id'], created['unique_link']
        (await self.http.patch(f'/api/v1/interviews/{self.id}/start')).raise_for_status()

    async def poll(self) -> None:
        while True:
            messages = (await self.http.get(f'/api/v1/interviews/{self.id}/messages')).raise_for_status().json()
            now = time.monotonic()
            for m in messages:
                if m['role'] == 'ai_hr' and m['id'] not in self._seen:
                    self._seen.add(m['id'])
                    self.ai_times.append(now)
            await asyncio.sleep(0.05)

    def turns_between(self, start: float, end: float) -> int:
        return sum(start <= t < end for t in self.ai_times)

    def first_after(self, start: float) -> float | None:
        return next((t for t in self.ai_times if t >= start), None)


async def send(ws, samples: np.ndarray) -> float:
    """Real-time 40 ms frames; returns the monotonic time the last one went out (the speech end)."""
    step = int(FRAME_SECONDS * RATE)
    started = time.monotonic()
    for k, i in enumerate(range(0, len(samples), step)):
        delay = started + k * FRAME_SECONDS - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        await ws.send(samples[i:i + step].astype('<i2').tobytes())
    return time.monotonic()


async def wait_turn(interview: Interview, after: float, timeout: float = 15.0) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = interview.first_after(after)
        if seen is not None:
            return seen
        await asyncio.sleep(0.02)
    return None


async def run_language(http: httpx.AsyncClient, url: str, language: str, pause: float,
                       cache: Path) -> tuple[list[float], int, int]:
    from websockets.asyncio.client import connect

    for text in [*COMPLETE[language], *(part for pair in UNFINISHED[language] for part in pair)]:
        speech(text, language, cache)  # generated before the socket opens (festival takes a while)
    interview = Interview(http, url, language)
    await interview.open()
    poller = asyncio.create_task(interview.poll())
    latencies: list[float] = []
    cut_in = pauses = 0
    silence = lambda seconds: np.zeros(int(seconds * RATE), np.int16)  # noqa: E731
    try:
        ws_url = url.replace('http', 'ws', 1).rstrip('/') + f'/api/v1/speech/{interview.link}/ws'
        async with connect(ws_url, max_size=2 ** 20) as ws:
            await wait_ready(ws, 180)
            await wait_turn(interview, 0)  # the greeting
            for text in COMPLETE[language]:
                end = await send(ws, speech(text, language, cache))
                keep_silent = asyncio.create_task(send(ws, silence(6)))
                reply = await wait_turn(interview, end)
                latencies.append(reply - end if reply else float('inf'))
                await keep_silent
            for first, rest in UNFINISHED[language]:
                end = await send(ws, speech(first, language, cache))
                resumed = await send(ws, silence(pause))
                pauses += 1
                cut_in += interview.turns_between(end, resumed)
                end = await send(ws, speech(rest, language, cache))
                await send(ws, silence(6))
    finally:
        poller.cancel()
        await http.delete(f'/api/v1/interviews/{interview.id}')
    return latencies, cut_in, pauses


async def main() -> int:
    args = parse_args()
    if not args.token:
        print('no API token: pass --token or set AISOBES_API_TOKEN', file=sys.stderr)
        return 2
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    async with httpx.AsyncClient(base_url=args.url, headers={'Authorization': f'Bearer {args.token}'},
                                 timeout=30) as http:
        for language in [x.strip() for x in args.languages.split(',') if x.strip()]:
            latencies, cut_in, pauses = await run_language(http, args.url, language, args.pause, cache)
            shown = ' '.join(f'{x:.2f}' for x in latencies)
            print(f'{language}: speech end -> AI reply p50 {statistics.median(latencies):.2f} s, '
                  f'p95 {percentile(latencies, 0.95):.2f} s ({shown}) | AI turns inside {args.pause:g} s thinking '
                  f'pauses after unfinished clauses: {cut_in} of {pauses}')
    return 0


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
