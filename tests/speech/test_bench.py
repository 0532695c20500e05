"""The benchmark's own arithmetic: word error rate and where the speech in a file ends."""
from __future__ import annotations

import numpy as np

from aisobes.speech.stats import LatencyStats, percentile
from bench.stt_latency import voiced_end, word_errors


def test_word_errors_count_substitutions_deletions_and_insertions():
    assert word_errors('I like Python', 'i like python.', 'en') == (0, 3)
    assert word_errors('I like Python a lot', 'I liked Python lot today', 'en') == (3, 5)
    assert word_errors('Ещё раз', 'еще раз', 'ru') == (0, 2)
    assert word_errors('one two', '', 'en') == (2, 2)


def test_voiced_end_finds_the_last_loud_frame():
    rate = 16000
    tone = (0.3 * np.sin(np.arange(int(1.25 * rate)) * 2 * np.pi * 200 / rate) * 32767).astype(np.int16)
    samples = np.concatenate([np.zeros(rate // 2, np.int16), tone, np.zeros(rate, np.int16)])
    assert abs(voiced_end(samples) - 1.75) <= 0.01


def test_percentile():
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.95) == 95.0
    stats = LatencyStats()
    for i in range(1, 101):
        stats.add(float(i))
    assert stats.summary()['p95'] == 95.0  # /api/v1/metrics and the benchmark agree
