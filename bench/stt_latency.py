"""Speech-to-text latency benchmark against a running aisobes server.

Streams WAV files in real time through the speech WebSocket (/api/v1/speech/{link}/ws), one interview per file,
and prints per file and aggregated: speech end -> final text latency (p50/p95), real-time factor of the final
transcription, and word error rate. By default it speaks its own sentences with espeak-ng (English and Russian).
`--languages terms` adds Russian answers full of tech terms spoken by Festival's Russian voice (festvox-ru), in an
interview whose knowledge base lists them, plus look-alike sentences (график, доклад, кафе) with no term at all: it
prints term recall (terms spelled right / terms said) and terms inserted where none was said.

    python bench/stt_latency.py --url http://127.0.0.1:8080 --token "$AISOBES_API_TOKEN" --concurrency 4
    python bench/stt_latency.py --languages terms
    python bench/stt_latency.py --wav answer.wav --ref "what was said" --wav other.wav --ref "..." --language en
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np

from aisobes.speech.audio import float_to_pcm16, read_wav
from aisobes.speech.stats import percentile

RATE = 16_000
FRAME_SECONDS = 0.04  # what the browser's AudioWorklet sends: 20-100 ms per frame
LEAD_SILENCE = 0.5
TAIL_SILENCE = 1.5

SENTENCES = {
    'en': [
        'Yes, I think so.',
        'My name is Anna and I am a backend developer.',
        'I have worked with Python and databases for many years.',
        'In my last project I designed a data pipeline that processed millions of events every day.',
        'I prefer small teams where people review each other and share knowledge openly.',
        'The hardest bug I fixed was a race condition between two services that wrote to the same table, '
        'and it took us a week to find it.',
        'I would like to learn more about distributed systems.',
        'Thank you, I do not have any more questions.',
    ],
    'ru': [
        'Здравствуйте, меня зовут Анна.',
        'Я работаю программистом уже много лет.',
        'Мне нравится решать сложные задачи в команде.',
        'Спасибо, у меня больше нет вопросов.',
    ],
}


TERMS_KB = 'Стек: Python, PostgreSQL, Kubernetes, GitLab, Kafka, RabbitMQ, Docker, Grafana, Redis, pytest.'
# (what Festival says, the reference as the chat should show it, the terms said)
TERM_SENTENCES = [
    ('пишу на пайтоне, база у нас постгрес.', 'пишу на Python, база у нас PostgreSQL.', ('Python', 'PostgreSQL')),
    ('деплоим в кубернетес через гитлаб.', 'деплоим в Kubernetes через GitLab.', ('Kubernetes', 'GitLab')),
    ('очереди у нас на кафке, раньше был рэббит эм кью.', 'очереди у нас на Kafka, раньше был RabbitMQ.',
     ('Kafka', 'RabbitMQ')),
    ('всё собираем в докер и храним в постгресе.', 'всё собираем в Docker и храним в PostgreSQL.',
     ('Docker', 'PostgreSQL')),
    ('метрики смотрим в графане.', 'метрики смотрим в Grafana.', ('Grafana',)),
    ('я перевёл сервис с рэббита на кафку.', 'я перевёл сервис с RabbitMQ на Kafka.', ('RabbitMQ', 'Kafka')),
    ('кэш держим в редисе, а сервисы крутятся в кубере.', 'кэш держим в Redis, а сервисы крутятся в Kubernetes.',
     ('Redis', 'Kubernetes')),
    ('для тестов используем пайтест и докер.', 'для тестов используем pytest и Docker.', ('pytest', 'Docker')),
    ('в прошлом году я делал доклад про график релизов.', 'в прошлом году я делал доклад про график релизов.', ()),
    ('мы встретились в кафе возле офиса.', 'мы встретились в кафе возле офиса.', ()),
    ('докладчик показал графики нагрузки.', 'докладчик показал графики нагрузки.', ()),
]


@dataclass
class Case:
    path: Path
    reference: str
    language: str
    terms: tuple[str, ...] | None = None  # the terms said, for a case of the term set (None: not one)
    audio: np.ndarray = field(repr=False, default=None)
    speech_end: float = 0.0  # seconds into the stream where the speech ends


@dataclass
class Result:
    case: Case
    text: str = ''
    latency: float | None = None  # speech end -> last final received, seconds
    server_latency: float | None = None
    compute: float = 0.0
    wer: float = 1.0
    errors: int = 0
    words: int = 0
    late: float = 0.0  # how far our own sending fell behind real time (client side check)
    error: str = ''


async def main() -> int:
    args = parse_args()
    token = args.token or os.environ.get('AISOBES_API_TOKEN') or _token_from_data_dir()
    if not token:
        print('no API token: pass --token or set AISOBES_API_TOKEN', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix='aisobes-bench-') as tmp:
        cases = load_cases(args, Path(tmp))
        cases = cases * args.rounds  # round after round, so that concurrent streams say different things
        results = await run(args.url, token, cases, args.concurrency, args.ready_timeout)
    print_report(results, args.concurrency)
    return 0 if all(not r.error for r in results) else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--url', default=os.environ.get('AISOBES_URL', 'http://127.0.0.1:8080'))
    parser.add_argument('--token', help='AISOBES_API_TOKEN (default: env, or ./data/api_token)')
    parser.add_argument('--concurrency', type=int, default=1, help='interviews streaming at once')
    parser.add_argument('--rounds', type=int, default=1, help='stream every file this many times')
    parser.add_argument('--languages', default='en,ru',
                        help='sets of generated sentences: en, ru (espeak-ng), terms (Festival Russian, tech terms)')
    parser.add_argument('--cache', default=os.path.join(tempfile.gettempdir(), 'aisobes-bench-speech'),
                        help='directory where generated WAVs are kept and reused')
    parser.add_argument('--wav', action='append', default=[], help='a WAV file (repeat; pair each with --ref)')
    parser.add_argument('--ref', action='append', default=[], help='reference text of the matching --wav')
    parser.add_argument('--language', default='en', help='language of the --wav files (ru | en | auto)')
    parser.add_argument('--ready-timeout', type=float, default=180.0, help='seconds to wait for the model')
    args = parser.parse_args(argv)
    if len(args.wav) != len(args.ref):
        parser.error('give one --ref for every --wav')
    return args


def load_cases(args: argparse.Namespace, tmp: Path) -> list[Case]:
    if args.wav:
        cases = [Case(Path(w), r, args.language) for w, r in zip(args.wav, args.ref, strict=True)]
    else:
        cases = []
        cache = Path(args.cache)
        cache.mkdir(parents=True, exist_ok=True)
        for language in [x.strip() for x in args.languages.split(',') if x.strip()]:
            if language == 'terms':
                cases += [Case(festival(said, cache / f'terms-{i + 1}.wav'), reference, 'ru', terms)
                          for i, (said, reference, terms) in enumerate(TERM_SENTENCES)]
                continue
            for i, sentence in enumerate(SENTENCES[language]):
                path = cache / f'{language}-{i + 1}.wav'
                cases.append(Case(path if path.exists() else espeak(sentence, language, path), sentence, language))
    for case in cases:
        speech = np.frombuffer(float_to_pcm16(read_wav(str(case.path))), dtype='<i2')  # any WAV, via PyAV
        case.audio = np.concatenate([np.zeros(int(LEAD_SILENCE * RATE), np.int16), speech,
                                     np.zeros(int(TAIL_SILENCE * RATE), np.int16)])
        case.speech_end = LEAD_SILENCE + voiced_end(speech)
    return cases


def espeak(text: str, language: str, path: Path) -> Path:
    """Speak `text` into a 16 kHz mono PCM16 WAV with espeak-ng (and sox to resample)."""
    for tool in ('espeak-ng', 'sox'):
        if shutil.which(tool) is None:
            raise SystemExit(f'{tool} is not installed (apt-get install espeak-ng sox), or pass --wav/--ref')
    raw = path.with_suffix('.raw.wav')
    subprocess.run(['espeak-ng', '-v', language, '-s', '150', '-w', str(raw), text], check=True)
    subprocess.run(['sox', str(raw), '-r', str(RATE), '-c', '1', '-b', '16', str(path)], check=True)
    return path


def festival(text: str, path: Path) -> Path:
    """Festival's Russian voice (festvox-ru) saying `text`, as a 16 kHz mono PCM16 WAV; reused when it exists."""
    if path.exists():
        return path
    for tool in ('text2wave', 'sox'):
        if shutil.which(tool) is None:
            raise SystemExit(f'{tool} is not installed (apt-get install festival festvox-ru sox)')
    source, raw = path.with_suffix('.txt'), path.with_suffix('.raw.wav')
    source.write_text(text + '\n', encoding='utf-8')
    subprocess.run(['text2wave', '-eval', '(voice_msu_ru_nsh_clunits)', str(source), '-o', str(raw)], check=True)
    subprocess.run(['sox', str(raw), '-r', str(RATE), '-c', '1', '-b', '16', str(path)], check=True)
    return path


def voiced_end(samples: np.ndarray) -> float:
    """Seconds to the end of the last 10 ms frame with speech energy: where the speaker stops."""
    frames = samples[:len(samples) // 160 * 160].astype(np.float32).reshape(-1, 160) / 32768
    energy = np.sqrt((frames ** 2).mean(axis=1))
    loud = np.nonzero(energy > max(0.01, energy.max() * 0.05))[0]
    return float((loud[-1] + 1) * 0.01) if len(loud) else len(samples) / RATE


async def run(url: str, token: str, cases: list[Case], concurrency: int, ready_timeout: float) -> list[Result]:
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=url, headers={'Authorization': f'Bearer {token}'}, timeout=30) as http:
        async def one(case: Case) -> Result:
            async with semaphore:
                try:
                    return await stream_case(http, url, case, ready_timeout)
                except Exception as e:
                    return Result(case, error=f'{type(e).__name__}: {e}')
        return await asyncio.gather(*(one(c) for c in cases))


async def stream_case(http: httpx.AsyncClient, url: str, case: Case, ready_timeout: float) -> Result:
    from websockets.asyncio.client import connect

    created = (await http.post('/api/v1/interviews/', json={
        'candidate_name': 'Bench Speaker', 'candidate_id': f'bench-{case.path.stem}', 'position': 'Benchmark',
        'recommended_duration': 30, 'language': case.language,
        'knowledge_base': TERMS_KB if case.terms is not None else ''})).raise_for_status().json()
    (await http.patch(f'/api/v1/interviews/{created["id"]}/start')).raise_for_status()
    result = Result(case)
    finals: list[tuple[float, dict]] = []
    ws_url = url.replace('http', 'ws', 1).rstrip('/') + f'/api/v1/speech/{created["unique_link"]}/ws'
    try:
        async with connect(ws_url, max_size=2 ** 20) as ws:
            await wait_ready(ws, ready_timeout)
            receiver = asyncio.create_task(receive_finals(ws, finals))
            result.late = await send_realtime(ws, case.audio)
            started_waiting = time.monotonic()
            while time.monotonic() - started_waiting < 10 and not finals_complete(finals, case):
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.3)
            receiver.cancel()
    finally:
        await http.delete(f'/api/v1/interviews/{created["id"]}')
    return score(result, finals)


async def wait_ready(ws, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.monotonic())))
        if message.get('type') == 'state':
            if message['state'] in ('listening', 'recognising'):
                return
            if message['state'] in ('off', 'unavailable'):
                raise RuntimeError(f'speech recognition is {message["state"]}: {message.get("detail")}')


async def send_realtime(ws, audio: np.ndarray) -> float:
    """Send 40 ms frames on a real-time schedule; returns how late the last frame went out (s)."""
    step = int(FRAME_SECONDS * RATE)
    ws.bench_started = time.monotonic()
    late = 0.0
    for k, start in enumerate(range(0, len(audio), step)):
        due = ws.bench_started + k * FRAME_SECONDS
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        late = max(late, time.monotonic() - due)
        await ws.send(audio[start:start + step].astype('<i2').tobytes())
    return late


async def receive_finals(ws, finals: list[tuple[float, dict]]) -> None:
    async for raw in ws:
        if isinstance(raw, str):
            message = json.loads(raw)
            if message.get('type') == 'final':
                finals.append((time.monotonic() - ws.bench_started, message))


def finals_complete(finals: list[tuple[float, dict]], case: Case) -> bool:
    return bool(finals) and finals[-1][0] > case.speech_end


def score(result: Result, finals: list[tuple[float, dict]]) -> Result:
    case = result.case
    result.text = ' '.join(m['text'] for _, m in finals)
    result.errors, result.words = word_errors(case.reference, result.text, case.language)
    result.wer = result.errors / max(1, result.words)
    if finals:
        result.latency = finals[-1][0] - case.speech_end
        result.server_latency = finals[-1][1].get('meta', {}).get('latency_seconds')
        result.compute = sum(m.get('meta', {}).get('compute_seconds') or 0 for _, m in finals)
    else:
        result.error = 'no final text'
    return result


def normalize(text: str, language: str) -> list[str]:
    text = text.lower().replace('ё', 'е')
    return re.sub(r"[^\w\s']", ' ', text).split()


def word_errors(reference: str, hypothesis: str, language: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference words): word-level Levenshtein distance."""
    ref, hyp = normalize(reference, language), normalize(hypothesis, language)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1], len(ref)


def print_report(results: list[Result], concurrency: int) -> None:
    print(f'{"file":<10} {"lang":<4} {"speech":>6} {"latency":>8} {"server":>7} {"RTF":>5} {"WER":>5}  text')
    for r in results:
        c = r.case
        speech = c.speech_end - LEAD_SILENCE
        if r.error and r.latency is None:
            print(f'{c.path.stem:<10} {c.language:<4} {speech:6.2f}  ERROR {r.error}')
            continue
        print(f'{c.path.stem:<10} {c.language:<4} {speech:6.2f} {r.latency:8.2f} {r.server_latency or 0:7.2f} '
              f'{r.compute / speech:5.2f} {r.wer:5.2f}  {r.text}')
    print(f'\nconcurrency {concurrency}, {len(results)} utterances')
    print_terms([r for r in results if r.case.terms is not None])
    for language in sorted({r.case.language for r in results}) + ['all']:
        chosen = [r for r in results if language in ('all', r.case.language)]
        latencies = [r.latency for r in chosen if r.latency is not None]
        if not latencies:
            print(f'{language}: no final text at all')
            continue
        errors, words = sum(r.errors for r in chosen), sum(r.words for r in chosen)
        speech = sum(r.case.speech_end - LEAD_SILENCE for r in chosen)
        print(f'{language:>3}: speech end -> final p50 {statistics.median(latencies):.2f} s, '
              f'p95 {percentile(latencies, 0.95):.2f} s, max {max(latencies):.2f} s | '
              f'RTF {sum(r.compute for r in chosen) / speech:.3f} | WER {errors / max(1, words):.3f} '
              f'({errors}/{words}) | missing {len(chosen) - len(latencies)} | '
              f'sender late max {max(r.late for r in chosen):.3f} s')


def print_terms(results: list[Result]) -> None:
    """Term recall (terms spelled right / terms said) and terms inserted where none was said."""
    if not results:
        return
    known = set(re.findall(r'[A-Za-z]+', TERMS_KB)) - {'Стек'}
    said = right = inserted = 0
    for r in results:
        found = set(re.findall(r'[A-Za-z]+', r.text)) & known
        said += len(r.case.terms)
        right += len(set(r.case.terms) & found)
        inserted += len(found - set(r.case.terms))
        missed = set(r.case.terms) - found
        if missed or found - set(r.case.terms):
            print(f'  terms {r.case.path.stem}: missed {sorted(missed)} inserted {sorted(found - set(r.case.terms))}')
    print(f'terms (Festival ru): recall {right}/{said} = {right / max(1, said):.0%}, inserted where none was said '
          f'{inserted}')


def _token_from_data_dir() -> str | None:
    path = Path(os.environ.get('AISOBES_DATA_DIR', 'data')) / 'api_token'
    return path.read_text().strip() if path.is_file() else None


if __name__ == '__main__':
    sys.exit(asyncio.run(main()))
