"""The transcription queue: bounded, fair across interviews, finals before partials.

Pure data structure (no locking, no threads): the Transcriber base class guards it with its lock.

- One queue per interview, served round-robin, so one talkative candidate cannot starve the others.
- Finals (the words that go into the chat) are served before any partial (the live preview).
- A new partial replaces the queued partial of the same interview: only the latest preview matters.
- When the queue is full, partial work is dropped before any final; a final is refused only when every queued job
  is a final.
"""
from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import numpy as np


class Overloaded(Exception):
    """The job was not admitted, or was pushed out by more important work."""


@dataclass(eq=False)
class Job:
    interview_id: Hashable
    final: bool
    audio: np.ndarray = field(repr=False)
    language: str | None
    on_done: Callable[[Any, BaseException | None], None] = field(repr=False)  # (Transcript, error)
    enqueued_at: float = field(default_factory=time.monotonic)
    prompt: str = ''  # the interview's terms, for engines that take Whisper's initial prompt
    cancelled: bool = False

    def drop(self, reason: str) -> None:
        self.on_done(None, Overloaded(reason))


class FairQueue:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._by_interview: dict[Hashable, deque[Job]] = {}
        self._turns: deque[Hashable] = deque()  # round-robin order of interviews
        self.dropped_partials = 0
        self.dropped_finals = 0

    def __len__(self) -> int:
        return sum(len(jobs) for jobs in self._by_interview.values())

    @property
    def finals(self) -> int:
        return sum(job.final for jobs in self._by_interview.values() for job in jobs)

    def push(self, job: Job) -> list[Job]:
        """Admit a job; returns the jobs pushed out to make room (the caller tells their owners).
        Raises Overloaded when the job itself cannot be admitted."""
        dropped: list[Job] = []
        jobs = self._by_interview.get(job.interview_id)
        if not job.final and jobs:
            for old in [j for j in jobs if not j.final]:
                jobs.remove(old)
                dropped.append(old)
        if len(self) >= self.capacity:
            victim = self._oldest_partial()
            if victim is None:
                self._count(job)
                raise Overloaded('transcription queue full')
            self._remove(victim)
            dropped.append(victim)
        if job.interview_id not in self._by_interview:
            self._by_interview[job.interview_id] = deque()
            self._turns.append(job.interview_id)
        self._by_interview[job.interview_id].append(job)
        for old in dropped:
            self._count(old)
        return dropped

    def pop(self) -> Job | None:
        """The next job: a final if any (round-robin among interviews), else a partial (round-robin)."""
        for want_final in (True, False):
            for interview_id in list(self._turns):
                jobs = self._by_interview[interview_id]
                job = next((j for j in jobs if j.final == want_final), None)
                if job is not None:
                    jobs.remove(job)
                    self._turns.remove(interview_id)
                    if jobs:
                        self._turns.append(interview_id)
                    else:
                        del self._by_interview[interview_id]
                    return job
        return None

    def remove(self, job: Job) -> bool:
        jobs = self._by_interview.get(job.interview_id)
        if not jobs or job not in jobs:
            return False
        self._remove(job)
        return True

    def drain(self) -> list[Job]:
        jobs = [job for queue in self._by_interview.values() for job in queue]
        self._by_interview.clear()
        self._turns.clear()
        return jobs

    def _remove(self, job: Job) -> None:
        jobs = self._by_interview[job.interview_id]
        jobs.remove(job)
        if not jobs:
            del self._by_interview[job.interview_id]
            self._turns.remove(job.interview_id)

    def _oldest_partial(self) -> Job | None:
        partials = [j for jobs in self._by_interview.values() for j in jobs if not j.final]
        return min(partials, key=lambda j: j.enqueued_at, default=None)

    def _count(self, job: Job) -> None:
        if job.final:
            self.dropped_finals += 1
        else:
            self.dropped_partials += 1
