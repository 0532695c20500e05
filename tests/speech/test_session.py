"""SpeechSession: real VAD and the real model; the chat is a list that records what would be posted."""
from __future__ import annotations

import asyncio

import numpy as np

from aisobes.rooms import SpeechPartial, SpeechState, SpeechStatus
from aisobes.speech.local import LocalTranscriber
from aisobes.speech.session import SpeechSession
from aisobes.speech.transcriber import OffTranscriber
from aisobes.speech.vad import SileroModel
from aisobes.tasks import Tasks

from .conftest import pcm16, with_silence, words

FRAME = 640  # 40 ms


class Recorder:
    def __init__(self) -> None:
        self.posts: list[tuple[str, dict]] = []
        self.events: list = []

    async def post(self, text: str, meta: dict) -> None:
        self.posts.append((text, meta))

    @property
    def states(self) -> list[SpeechStatus]:
        return [e.state for e in self.events if isinstance(e, SpeechState)]


def make_session(transcriber, recorder: Recorder, language: str | None = 'en') -> SpeechSession:
    """Called inside the test's loop: the session's tasks are bound to it."""
    tasks = Tasks()
    tasks.bind()
    return SpeechSession(7, language, transcriber, SileroModel(), recorder.post, recorder.events.append, tasks)


async def stream(session: SpeechSession, source: str, audio: np.ndarray, speed: float = 4.0) -> None:
    data = pcm16(audio)
    for i in range(0, len(data), FRAME * 2):
        session.feed(source, data[i:i + FRAME * 2])
        await asyncio.sleep(FRAME / 16000 / speed)


async def test_spoken_sentence_becomes_one_final_with_latency_meta(transcriber: LocalTranscriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder)
    session.attach('tab')
    audio = speak('I enjoy working with distributed systems and databases.', 'en')
    await stream(session, 'tab', with_silence(audio, after=1.5), speed=1.5)
    await session.drain()
    assert len(recorder.posts) == 1, recorder.posts
    text, meta = recorder.posts[0]
    assert len(words(text) & {'enjoy', 'working', 'distributed', 'systems', 'databases'}) >= 4, text
    assert meta['utterance'] == 1 and meta['language'] == 'en' and meta['transcriber'] == 'local'
    assert meta['speculative'] is True  # the pause held: the speculative transcription was used
    assert 0 < meta['latency_seconds'] < 10 and meta['compute_seconds'] > 0
    assert abs(meta['audio_seconds'] - len(audio) / 16000) < 0.6
    assert recorder.states[0] == SpeechStatus.LISTENING and SpeechStatus.RECOGNISING in recorder.states
    assert recorder.states[-1] == SpeechStatus.LISTENING
    previews = [e.text for e in recorder.events if isinstance(e, SpeechPartial) and e.text]
    assert previews and words(previews[0]) & {'i', 'enjoy', 'working'}, previews  # live text while speaking
    assert SpeechPartial('', 1) in recorder.events  # the preview is cleared when the final is posted


async def test_two_sentences_with_a_pause_are_two_messages_in_order(transcriber: LocalTranscriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder)
    session.attach('tab')
    first, second = speak('Good morning.', 'en'), speak('Thank you for the invitation.', 'en')
    await stream(session, 'tab', np.concatenate([with_silence(first, after=1.0), with_silence(second, after=1.0)]))
    await session.drain()
    assert [m['utterance'] for _, m in recorder.posts] == [1, 2]
    assert 'morning' in words(recorder.posts[0][0]) and 'invitation' in words(recorder.posts[1][0])


async def test_closing_mid_sentence_still_posts_the_words(transcriber: LocalTranscriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder)
    session.attach('tab')
    await stream(session, 'tab', with_silence(speak('My favourite language is Python.', 'en'), after=0.1))
    session.detach('tab')
    await session.drain()
    assert len(recorder.posts) == 1 and 'python' in words(recorder.posts[0][0])


async def test_only_the_latest_tab_is_the_microphone_and_mute_stops_listening(transcriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder)
    session.attach('old-tab')
    session.attach('new-tab')
    sentence = with_silence(speak('Hello there.', 'en'))
    await stream(session, 'old-tab', sentence)  # ignored: another tab is the live microphone
    session.set_muted('new-tab', True)
    await stream(session, 'new-tab', sentence)  # ignored: muted
    await session.drain()
    assert recorder.posts == []
    session.set_muted('new-tab', False)
    await stream(session, 'new-tab', sentence)
    await session.drain()
    assert len(recorder.posts) == 1 and 'hello' in words(recorder.posts[0][0])


async def test_noise_and_abandoned_audio_post_nothing(transcriber: LocalTranscriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder)
    session.attach('tab')
    noise = np.random.default_rng(0).normal(0, 0.02, 3 * 16000).astype(np.float32)
    await stream(session, 'tab', noise)
    await stream(session, 'tab', speak('This will be thrown away.', 'en'))
    session.detach('tab', abandon=True)  # closed for bad input: half-words must not reach the chat
    await session.drain()
    await asyncio.sleep(0.5)
    assert recorder.posts == []


async def test_with_speech_off_the_room_says_so_and_nothing_is_posted(speak):
    recorder = Recorder()
    session = make_session(OffTranscriber(), recorder)
    session.attach('tab')
    await stream(session, 'tab', with_silence(speak('Hello.', 'en')))
    await session.drain()
    assert recorder.posts == [] and recorder.states == [SpeechStatus.OFF]
    assert all(isinstance(e, SpeechState) for e in recorder.events)  # the audio was not even segmented


async def test_auto_language_is_detected_and_then_used_for_previews(transcriber: LocalTranscriber, speak):
    recorder = Recorder()
    session = make_session(transcriber, recorder, language=None)
    session.attach('tab')
    await stream(session, 'tab', with_silence(speak('Thank you for the invitation.', 'en')))
    await session.drain()
    assert len(recorder.posts) == 1 and 'invitation' in words(recorder.posts[0][0])
    assert recorder.posts[0][1]['language'] == 'en'  # the language detected, for the report
    assert session._detected == 'en'


async def test_russian_terms_are_prompted_and_corrected_and_confidence_is_in_meta(transcriber, say_ru):
    from types import SimpleNamespace

    from aisobes.speech.terms import TermCorrector, find_terms, prompt_for
    terms = find_terms(SimpleNamespace(position='Backend', knowledge_base='Стек: Python, PostgreSQL, Kafka.'))
    recorder = Recorder()
    tasks = Tasks()
    tasks.bind()
    session = SpeechSession(7, 'ru', transcriber, SileroModel(), recorder.post, recorder.events.append, tasks,
                            terms=TermCorrector(terms), prompt=prompt_for(terms, 'ru'))
    session.attach('tab')
    await stream(session, 'tab', with_silence(say_ru('пишу на пайтоне, база у нас постгрес.'), after=1.5))
    await session.drain()
    assert len(recorder.posts) == 1, recorder.posts
    text, meta = recorder.posts[0]
    assert 'Python' in text and 'PostgreSQL' in text, (text, meta)
    assert meta['language'] == 'ru'
    confidence = meta['confidence']
    assert -3 < confidence['avg_logprob'] < 0 and 0 <= confidence['no_speech_prob'] <= 1
    assert confidence['compression_ratio'] > 0 and isinstance(confidence['low'], bool)
