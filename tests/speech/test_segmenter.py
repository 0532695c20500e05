"""Segmentation on generated audio: scripted VAD probabilities drive the pure segmenter, so every timing rule
(speech start, partials, speculative final, cancel, commit, length cap, noise) is checked exactly."""
from __future__ import annotations

import numpy as np

from aisobes.speech.segmenter import (
    CHUNK_SECONDS,
    Cancel,
    Commit,
    Discard,
    Partial,
    Segmenter,
    SegmenterConfig,
    Speculate,
    Started,
)
from aisobes.speech.vad import CHUNK


def run(pattern: list[tuple[float, float]], config: SegmenterConfig | None = None, flush: bool = False):
    """pattern: (seconds, probability) runs. Each chunk's samples carry its index, to check the audio cut."""
    segmenter = Segmenter(config)
    events, index = [], 0
    for seconds, probability in pattern:
        for _ in range(round(seconds / CHUNK_SECONDS)):
            chunk = np.full(CHUNK, index, dtype=np.float32)
            events += [(index, e) for e in segmenter.push(chunk, probability)]
            index += 1
    if flush:
        events += [(index, e) for e in segmenter.flush()]
    return events


def kinds(events) -> list[str]:
    return [type(e).__name__ for _, e in events]


def test_one_utterance_is_speculated_then_committed_with_the_same_audio():
    events = run([(1.0, 0.05), (3.0, 0.9), (1.0, 0.05)])
    assert kinds(events) == ['Started', 'Partial', 'Partial', 'Speculate', 'Commit']
    (_, speculate), (at, commit) = events[-2], events[-1]
    assert isinstance(speculate, Speculate) and isinstance(commit, Commit)
    assert commit.speculated and np.array_equal(speculate.audio, commit.audio)
    # committed after ~0.64 s of silence, speculated after ~0.3 s
    start_of_silence = round(4.0 / CHUNK_SECONDS)
    assert at - start_of_silence + 1 == round(0.64 / CHUNK_SECONDS)
    assert events[-2][0] - start_of_silence + 1 == round(0.3 / CHUNK_SECONDS)
    # the audio: pre-roll before the start, all the speech, a short tail of silence; nothing after
    chunks = np.unique(commit.audio)
    first_speech = round(1.0 / CHUNK_SECONDS)
    assert chunks[0] < first_speech and chunks[0] >= first_speech - round(0.25 / CHUNK_SECONDS)
    assert chunks[-1] == start_of_silence - 1 + round(0.15 / CHUNK_SECONDS)
    assert abs(commit.speech_end - 4.0) < CHUNK_SECONDS


def test_partials_about_once_a_second_while_speaking():
    events = run([(0.2, 0.0), (6.0, 0.9), (1.0, 0.0)])
    partials = [(at, e) for at, e in events if isinstance(e, Partial)]
    assert 5 <= len(partials) <= 6
    gaps = np.diff([at for at, _ in partials]) * CHUNK_SECONDS
    assert all(0.9 < gap < 1.1 for gap in gaps)
    lengths = [len(e.audio) for _, e in partials]
    assert lengths == sorted(lengths)


def test_a_short_pause_does_not_end_the_utterance():
    events = run([(0.5, 0.0), (1.5, 0.9), (0.2, 0.1), (1.5, 0.9), (1.0, 0.0)])
    assert kinds(events).count('Started') == 1
    assert kinds(events).count('Commit') == 1
    assert 'Cancel' not in kinds(events)


def test_speech_after_the_speculation_cancels_it_and_the_final_has_all_words():
    events = run([(0.5, 0.0), (1.5, 0.9), (0.45, 0.1), (1.5, 0.9), (1.0, 0.0)])
    names = kinds(events)
    assert names.count('Speculate') == 2 and names.count('Cancel') == 1 and names.count('Commit') == 1
    assert names.index('Cancel') < names.index('Commit')
    commit = events[-1][1]
    assert len(commit.audio) / 16000 > 3.4


def test_long_monologue_is_cut_at_the_cap_and_goes_on_in_a_new_utterance():
    config = SegmenterConfig(max_utterance=5.0)
    events = run([(0.5, 0.0), (12.0, 0.9), (1.0, 0.0)], config)
    commits = [e for _, e in events if isinstance(e, Commit)]
    assert [c.forced for c in commits] == [True, True, False]
    assert [c.utterance for c in commits] == [1, 2, 3]
    assert all(len(c.audio) <= 5.0 * 16000 for c in commits)
    assert sum(len(c.audio) for c in commits) / 16000 > 12.0


def test_clicks_and_short_noise_are_not_utterances():
    events = run([(0.5, 0.0), (CHUNK_SECONDS, 0.9), (0.5, 0.0), (0.13, 0.9), (1.0, 0.0)])
    assert kinds(events) == ['Started', 'Discard']  # one chunk never starts; four chunks are too little speech


def test_flush_ends_the_utterance_in_progress():
    events = run([(0.3, 0.0), (1.0, 0.9)], flush=True)
    assert kinds(events)[-1] == 'Commit'
    assert events[-1][1].forced and not events[-1][1].speculated
    assert run([(1.0, 0.0)], flush=True) == []


def test_a_cut_during_a_pause_keeps_the_speculation():
    """Muting or leaving 0.3-0.64 s into a pause: the final already under way is the one to keep."""
    events = run([(0.3, 0.0), (1.0, 0.9), (0.45, 0.0)], flush=True)
    assert kinds(events)[-2:] == ['Speculate', 'Commit']
    commit = events[-1][1]
    assert commit.forced and commit.speculated


def test_hysteresis_keeps_middling_probabilities_inside_speech():
    events = run([(0.5, 0.0), (1.0, 0.9), (1.0, 0.4), (1.0, 0.0)])
    commit = [e for _, e in events if isinstance(e, Commit)][0]
    assert abs(commit.speech_end - 2.5) < CHUNK_SECONDS
    assert isinstance(events[0][1], Started) and not any(isinstance(e, (Cancel, Discard)) for _, e in events)
