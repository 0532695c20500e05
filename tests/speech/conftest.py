"""Speech test fixtures: espeak-ng speech (skipped without espeak-ng/sox unless AISOBES_REQUIRE_E2E=1) and one
loaded Whisper model for the whole session (it takes a second or two to load; tests share it)."""
from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from aisobes.speech.audio import read_wav
from aisobes.speech.local import LocalTranscriber
from aisobes.speech.transcriber import Transcriber, TranscriberState, TranscriberUnavailable

from ..helpers import require_binary

SpeakFn = Callable[[str, str], np.ndarray]


@pytest.fixture(scope='session')
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp('speech')


@pytest.fixture
def speak(speech_dir: Path) -> SpeakFn:
    """`speak(text, language)` -> float32 16 kHz mono audio of espeak-ng saying it."""
    espeak, sox = require_binary('espeak-ng'), require_binary('sox')
    return lambda text, language='en': espeak_audio(espeak, sox, speech_dir, text, language)


def espeak_audio(espeak: str, sox: str, directory: Path, text: str, language: str) -> np.ndarray:
    name = f'{language}-{abs(hash(text)) % 10 ** 10}'
    wav = directory / f'{name}.wav'
    if not wav.exists():
        raw = directory / f'{name}.raw.wav'
        subprocess.run([espeak, '-v', language, '-s', '150', '-w', str(raw), text], check=True)
        subprocess.run([sox, str(raw), '-r', '16000', '-c', '1', '-b', '16', str(wav)], check=True)
    return read_wav(str(wav))


async def wait_ready(transcriber: Transcriber, timeout: float = 120.0) -> None:
    """Wait while the engine is starting; raise TranscriberUnavailable unless it ends up ready."""
    deadline = time.monotonic() + timeout
    while transcriber.state == TranscriberState.STARTING and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    if not transcriber.ready:
        raise TranscriberUnavailable(f'{transcriber.state}: {transcriber.detail}')


@pytest.fixture(scope='session')
def transcriber() -> Iterator[LocalTranscriber]:
    """The default model (multilingual base from the PyPI packages), loaded once, ready."""
    local = LocalTranscriber('base', threads=0, workers=1, queue_size=16)
    asyncio.run(local.start())
    deadline = time.monotonic() + 120
    while local.state == TranscriberState.STARTING and time.monotonic() < deadline:
        time.sleep(0.05)
    assert local.ready, f'model did not load: {local.state} {local.detail}'
    yield local
    asyncio.run(local.close())


def pcm16(audio: np.ndarray) -> bytes:
    return (np.clip(audio, -1, 32767 / 32768) * 32768).astype('<i2').tobytes()


def with_silence(audio: np.ndarray, before: float = 0.3, after: float = 1.2) -> np.ndarray:
    return np.concatenate([np.zeros(int(before * 16000), np.float32), audio,
                           np.zeros(int(after * 16000), np.float32)])


def words(text: str) -> set[str]:
    return set(''.join(c if c.isalnum() else ' ' for c in text.lower()).split())


@pytest.fixture
def say_ru(speech_dir: Path) -> SpeakFn:
    """`say_ru(text)` -> float32 16 kHz audio of Festival's Russian voice (festvox-ru) saying it; espeak-ng's
    Russian is unintelligible to Whisper."""
    text2wave, sox = require_binary('text2wave'), require_binary('sox')
    return lambda text, language='ru': festival_audio(text2wave, sox, speech_dir, text)


def festival_audio(text2wave: str, sox: str, directory: Path, text: str) -> np.ndarray:
    name = f'festival-{abs(hash(text)) % 10 ** 10}'
    wav = directory / f'{name}.wav'
    if not wav.exists():
        source, raw = directory / f'{name}.txt', directory / f'{name}.raw.wav'
        source.write_text(text + '\n', encoding='utf-8')
        subprocess.run([text2wave, '-eval', '(voice_msu_ru_nsh_clunits)', str(source), '-o', str(raw)], check=True)
        subprocess.run([sox, str(raw), '-r', '16000', '-c', '1', '-b', '16', str(wav)], check=True)
    return read_wav(str(wav))
