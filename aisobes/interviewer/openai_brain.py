"""The openai brain: the same planned step, put into words by an OpenAI-compatible model, streamed into the room.

The plan (and so the structure, the meta and the resume) stays with the director; the model judges each answer
(judge_llm.py: kind, rubric points covered, verbatim quotes) and phrases the turn, from a prompt laid out for the
server's prefix cache (prompt.py: static prefix, conversation, then the clock and the director's note, in the system
role only; candidate text that imitates the note is neutralised). Every reply passes the output guards (guards.py):
repaired when it can be, retried once with a note when it cannot (a repeat, «ты», nothing), then the scripted words
speak. No first token within `first_token_timeout` -> the scripted words speak at once and the late answer is dropped;
any other timeout or error falls back the same way. All of it is logged and recorded in the turn's meta (`llm`).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

import httpx

from ..config import Settings
from ..models import Interview, Role
from ..schemas import MessageOut
from .brain import Brain, OnPartial, Said, TurnContext
from .guards import REPEAT_WINDOW, Finding, guard, streamable
from .judge_llm import model_judgement
from .llm import ChatCompletions, FirstTokenTimeout, LLMError
from .plan import Plan, Progress, Step, StepKind
from .prompt import build_messages, static_prompt, warm_up_messages
from .report_llm import model_report
from .understanding import Understanding

log = logging.getLogger(__name__)

MAX_REPLY_CHARS = 3000
STREAM_EVERY = 0.05  # seconds between AiStreaming updates: smooth for the eye, light for the room
# when the candidate's wait for this turn began (the judgement of the answer, or the turn itself): set and read within
# one turn's task, so interviews answered at the same time do not share it
_turn_began: ContextVar[float | None] = ContextVar('turn_began', default=None)

_RETRY_NOTES = {
    Finding.REPEAT: 'Your previous reply repeated one of your earlier turns word for word: say something new that '
                    'follows from the candidate\'s last message.',
    Finding.INFORMAL: 'Your previous reply addressed the candidate with «ты»: use the formal «вы».',
    Finding.EMPTY: 'Your previous reply was empty: write the reply.',
}


class OpenAIBrain:
    name = 'openai'
    writes_report = True  # finish stores the deterministic report at once; this one follows (report_jobs.py)

    def __init__(self, client: ChatCompletions, fallback: Brain, judge_timeout: float = 8.0,
                 report_timeout: float | None = None, first_token_timeout: float | None = None,
                 layout: str = 'cached') -> None:
        self.client = client
        self.fallback = fallback  # speaks a turn the model could not
        self.judge_timeout = judge_timeout
        self.report_timeout = report_timeout
        self.first_token_timeout = first_token_timeout
        self.layout = layout
        self._warmed: set[int] = set()

    @classmethod
    def from_settings(cls, settings: Settings, fallback: Brain) -> OpenAIBrain:
        return cls(ChatCompletions.from_settings(settings), fallback, settings.llm_judge_timeout,
                   settings.llm_report_timeout, settings.llm_first_token_timeout, settings.llm_prompt_layout)

    async def judge(self, plan: Plan, progress: Progress) -> Understanding:
        """The model's judgement of the pending answer. It runs before the turn, so it spends the candidate's wait:
        at most half of the first-token deadline, and the turn's first words get what is left of it."""
        _turn_began.set(time.monotonic())
        timeout = self.judge_timeout
        if self.first_token_timeout:
            timeout = min(timeout, self.first_token_timeout / 2)
        return await model_judgement(self.client, plan, progress, timeout)

    def _first_token_budget(self) -> float | None:
        """Seconds the next attempt may wait for its first words: the deadline counts from the start of the turn
        (the judgement and a refused first attempt included), so the candidate never waits longer than it."""
        if not self.first_token_timeout:
            return None
        began = _turn_began.get()
        spent = time.monotonic() - began if began is not None else 0.0
        return self.first_token_timeout - spent

    async def say(self, step: Step, context: TurnContext, on_partial: OnPartial | None = None) -> Said:
        try:
            return await self._say(step, context, on_partial)
        finally:
            _turn_began.set(None)  # the next turn's wait starts afresh

    async def _say(self, step: Step, context: TurnContext, on_partial: OnPartial | None) -> Said:
        recent = [m.content for m in context.history if m.role == Role.AI_HR][-REPEAT_WINDOW:]
        stats: dict[str, Any] = {'attempts': 0, 'guards': []}
        started = time.monotonic()
        began = _turn_began.get()
        judged_just_now = began is not None and started - began <= (self.first_token_timeout or 0) / 2 + 1
        if not judged_just_now:
            _turn_began.set(started)  # no judgement right before this turn (or a stale one): the wait starts now
        retry_note = ''
        for _ in range(2):
            stats['attempts'] += 1
            try:
                budget = self._first_token_budget()
                if budget is not None and budget <= 0.2:
                    raise FirstTokenTimeout('the first-token deadline was spent before this attempt')
                text = await self._stream(build_messages(step, context, self.layout, retry_note), on_partial, stats,
                                          started)
            except FirstTokenTimeout:
                log.warning('openai brain: no first token on %s within %s s; the scripted brain speaks this turn',
                            step.kind, self.first_token_timeout)
                return await self._fallback(step, context, stats, started, 'first_token_deadline')
            except (TimeoutError, httpx.HTTPError, LLMError) as error:
                log.warning('openai brain failed on %s (%s: %s); the scripted brain speaks this turn', step.kind,
                            type(error).__name__, error)
                return await self._fallback(step, context, stats, started, 'error')
            guarded = guard(text[:MAX_REPLY_CHARS], language=context.plan.language, recent=recent, kind=step.kind)
            stats['guards'] += [str(f) for f in guarded.findings]
            if guarded.ok and (must_ask := _must_ask(step, context.plan)) and must_ask not in guarded.text:
                log.warning('openai brain: the recruiter\'s question on %s was not asked verbatim; the scripted brain '
                            'speaks this turn', step.kind)
                return await self._fallback(step, context, stats, started, 'must_ask')
            if guarded.ok:
                stats['total'] = round(time.monotonic() - started, 3)
                return Said(guarded.text, self.name, meta=stats)
            log.info('openai brain: the reply on %s failed the guards (%s): %r', step.kind,
                     ', '.join(guarded.problems), text[:200])
            retry_note = ' '.join(_RETRY_NOTES[p] for p in guarded.problems)
            if on_partial is not None:
                on_partial('')  # the refused words leave the screen
        log.warning('openai brain: the reply on %s failed the guards twice; the scripted brain speaks this turn',
                    step.kind)
        return await self._fallback(step, context, stats, started, 'guards')

    async def warm_up(self, plan: Plan) -> None:
        """Fill the server's prefix cache with this interview's static prompt (once per prompt, never raising), so
        that the greeting does not pay for a cold prompt. Called when the candidate opens the lobby."""
        key = hash((self.layout, static_prompt(plan)))
        if self.layout == 'legacy' or key in self._warmed:
            return
        self._warmed.add(key)
        started = time.monotonic()
        try:
            await self.client.stream(warm_up_messages(plan), max_tokens=1)
            log.info('openai brain: prompt warmed up in %.1f s', time.monotonic() - started)
        except (TimeoutError, httpx.HTTPError, LLMError) as error:
            self._warmed.discard(key)
            log.warning('openai brain: the warm-up request failed (%s: %s)', type(error).__name__, error)

    async def report(self, plan: Plan, interview: Interview,
                     messages: Sequence[MessageOut]) -> dict[str, Any] | None:
        return await model_report(self.client, plan, interview, messages, self.report_timeout)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _stream(self, messages: list[dict[str, str]], on_partial: OnPartial | None, stats: dict[str, Any],
                      started: float) -> str:
        last_sent = 0.0
        if on_partial is not None:
            on_partial('')  # thinking: pages show it until the first words stream in

        def on_text(text_so_far: str) -> None:
            nonlocal last_sent
            stats['chunks'] = stats.get('chunks', 0) + 1  # one token per chunk on llama.cpp, vLLM, Ollama
            stats.setdefault('ttft', round(time.monotonic() - started, 3))
            if on_partial is not None and time.monotonic() - last_sent >= STREAM_EVERY:
                last_sent = time.monotonic()
                on_partial(streamable(text_so_far))

        return _clean(await self.client.stream(messages, on_text, first_token_timeout=self._first_token_budget()))

    async def _fallback(self, step: Step, context: TurnContext, stats: dict[str, Any], started: float,
                        reason: str) -> Said:
        said = await self.fallback.say(step, context)
        stats.update(fallback=reason, total=round(time.monotonic() - started, 3))
        return Said(said.text, said.brain, fallback=True, meta=stats)


def _clean(text: Any) -> str:
    text = str(text or '').strip().strip('"').strip()
    for prefix in ('AI HR:', 'AI:', 'Assistant:'):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    return text[:MAX_REPLY_CHARS]


def _must_ask(step: Step, plan: Plan) -> str:
    """The recruiter's question this turn asks verbatim, if any (the scripted words speak it when the model's
    reply does not hold it word for word)."""
    if step.kind in (StepKind.PLANNED, StepKind.QUESTION) and step.question is not None and step.competency is not None:
        questions = plan.competencies[step.competency].questions
        return questions[step.question] if step.question < len(questions) else ''
    return ''

