"""The transcription queue (fair, finals first, bounded) and the speech socket's frame rules."""
from __future__ import annotations

import numpy as np
import pytest

from aisobes.speech.framing import CLOSE_NOT_PCM16, CLOSE_TOO_FAST, CLOSE_TOO_LARGE, FrameGuard
from aisobes.speech.queue import FairQueue, Job, Overloaded

AUDIO = np.zeros(160, dtype=np.float32)


def job(interview: int, final: bool, outcomes: list | None = None) -> Job:
    return Job(interview, final, AUDIO, 'en', lambda text, error: outcomes.append(error) if outcomes is not None
               else None)


def test_interviews_take_turns_and_finals_come_first():
    queue = FairQueue(16)
    a1, a2, a3 = job(1, True), job(1, True), job(1, True)
    b1, c1 = job(2, True), job(3, True)
    pa, pb = job(1, False), job(2, False)
    for j in (a1, a2, a3, pa, b1, pb, c1):
        queue.push(j)
    order = [queue.pop() for _ in range(7)]
    assert order[:5] == [a1, b1, c1, a2, a3]  # round robin: interview 1 does not starve 2 and 3
    assert set(order[5:]) == {pa, pb}  # previews only when no final waits
    assert queue.pop() is None and len(queue) == 0


def test_a_new_partial_replaces_the_queued_partial_of_the_same_interview():
    queue, outcomes = FairQueue(16), []
    old = job(1, False, outcomes)
    queue.push(old)
    dropped = queue.push(job(1, False))
    assert dropped == [old] and len(queue) == 1


def test_full_queue_drops_partials_before_any_final():
    queue = FairQueue(3)
    partial = job(1, False)
    queue.push(partial)
    queue.push(job(2, True))
    queue.push(job(3, True))
    assert queue.push(job(4, True)) == [partial]
    assert queue.finals == 3 and queue.dropped_partials == 1
    with pytest.raises(Overloaded):
        queue.push(job(5, False))  # full of finals: a preview is refused
    with pytest.raises(Overloaded):
        queue.push(job(5, True))  # and so, only now, is a final
    assert queue.dropped_finals == 1 and queue.finals == 3


def test_cancelled_job_leaves_the_queue():
    queue = FairQueue(4)
    j = job(1, True)
    queue.push(j)
    assert queue.remove(j) and len(queue) == 0 and queue.pop() is None
    assert not queue.remove(j)


def test_real_time_frames_pass():
    guard = FrameGuard()
    for k in range(500):  # 20 s of 40 ms frames, on time
        assert guard.check(b'\0' * 1280, now=k * 0.04) is None


def test_odd_length_frame_is_not_pcm16():
    assert FrameGuard().check(b'\0' * 1281, now=0).code == CLOSE_NOT_PCM16


def test_frame_over_64_kib_is_refused():
    guard = FrameGuard()
    assert guard.check(b'\0' * 65536, now=0) is None
    assert guard.check(b'\0' * 65538, now=10).code == CLOSE_TOO_LARGE


def test_audio_faster_than_four_times_real_time_is_refused():
    guard = FrameGuard()
    refusal = None
    for k in range(200):  # 40 ms of audio every 5 ms: 8x real time
        refusal = guard.check(b'\0' * 1280, now=k * 0.005)
        if refusal:
            break
    assert refusal is not None and refusal.code == CLOSE_TOO_FAST
    assert 'real time' in refusal.reason
    relaxed = FrameGuard()  # 3.5x real time, the upper end of a client catching up, is fine
    assert all(relaxed.check(b'\0' * 1280, now=k * 0.04 / 3.5) is None for k in range(300))
