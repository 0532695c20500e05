"""The brains, keyed by `AISOBES_LLM`, and the report builder of whichever is in use.

A new brain is a module implementing `brain.Brain` and one line in BRAINS; nothing else changes. This module imports
every brain, and no brain imports it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..config import Settings
from ..interviews import ReportBuilder
from ..models import Interview
from ..schemas import MessageOut
from .brain import Brain
from .openai_brain import OpenAIBrain
from .plan import Plan
from .report import heuristic_report
from .scripted import ScriptedBrain

BRAINS: dict[str, Callable[[Settings], Brain]] = {
    'scripted': ScriptedBrain.from_settings,  # offline, deterministic, Russian and English
    # any OpenAI-compatible chat-completions server; the scripted words speak a turn the model could not
    'openai': lambda settings: OpenAIBrain.from_settings(settings, fallback=ScriptedBrain()),
}


def make_brain(settings: Settings) -> Brain:
    factory = BRAINS.get(settings.llm)
    if factory is None:
        raise ValueError(f'unknown AISOBES_LLM {settings.llm!r} (one of: {", ".join(BRAINS)})')
    return factory(settings)


def instant_report_builder(brain: Brain) -> ReportBuilder:
    """The report finish stores at once: the deterministic one when the brain writes its own in the background
    (report_jobs.py), else the brain's (the scripted brain's is the deterministic one anyway)."""
    if getattr(brain, 'writes_report', False):
        async def build(interview: Interview, messages: Sequence[MessageOut]) -> dict[str, Any]:
            return heuristic_report(Plan.for_interview(interview), interview, messages)
        return build
    return report_builder(brain)


def report_builder(brain: Brain) -> ReportBuilder:
    """The report of a finished interview: the brain's own when it writes one, else the heuristic report."""

    async def build(interview: Interview, messages: Sequence[MessageOut]) -> dict[str, Any]:
        plan = Plan.for_interview(interview)
        return await brain.report(plan, interview, messages) or heuristic_report(plan, interview, messages)
    return build
