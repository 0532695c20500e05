"""The contract of a brain: what the interviewer hands it for a turn, what it gives back, and its report.

A brain only puts the director's decision into words (`say`) and may write the report of a finished interview
(`report`); the plan, the structure and the resume after a restart stay with the director, whatever the brain.
A new brain is a module with a class that has these methods, plus one line in `brains.BRAINS`.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..models import Interview
from ..schemas import MessageOut
from .plan import Plan, Progress, Step
from .understanding import Understanding

OnPartial = Callable[[str], None]  # the reply so far, while it is generated ('' = thinking)


@dataclass(frozen=True)
class TurnContext:
    plan: Plan
    history: Sequence[MessageOut]  # oldest first
    now: datetime
    started_at: datetime | None
    recruiter_text: str = ''

    @property
    def seconds_left(self) -> float | None:
        if self.started_at is None:
            return None
        return self.plan.duration_seconds - (self.now - self.started_at).total_seconds()


@dataclass(frozen=True)
class Said:
    text: str
    brain: str  # which brain produced the words
    fallback: bool = False  # the brain failed and the scripted words spoke instead
    meta: dict[str, Any] | None = None  # how the words came (the openai brain: time to first token, guards, ...)


class Brain(Protocol):
    name: str

    async def say(self, step: Step, context: TurnContext, on_partial: OnPartial | None = None) -> Said:
        """The words of one AI turn."""
        ...

    async def report(self, plan: Plan, interview: Interview,
                     messages: Sequence[MessageOut]) -> dict[str, Any] | None:
        """This brain's report of a finished interview, or None to use the deterministic (heuristic) report."""
        ...

    async def aclose(self) -> None:
        ...


@runtime_checkable
class Judge(Protocol):
    """Optional, for a brain that judges the candidate's answers itself (the openai brain): the director then decides
    from this judgement instead of the deterministic one. A brain without it needs nothing more."""

    async def judge(self, plan: Plan, progress: Progress) -> Understanding:
        """The judgement of `progress.pending_text`, never raising: the deterministic one when in doubt."""
        ...
