"""Decides the next AI turn from the plan, the progress read from the chat, the trigger and the time.

Deterministic and brain-independent: the scripted and the openai brain put the same decision into words, so the
structure of the interview (and its resume after a restart) does not depend on a language model behaving.
"""
from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from ..rooms import MilestoneName
from .plan import MAX_CANDIDATE_QUESTIONS, MAX_FOLLOW_UPS, Phase, Plan, Progress, Step, StepKind
from .signals import analyse, next_focus


class Trigger(StrEnum):
    """What makes the interviewer consider a turn."""
    START = 'start'  # the interview started (or the interviewer resumed it)
    ANSWER = 'answer'  # the candidate's answer is over
    RECRUITER = 'recruiter'  # a recruiter wrote to the AI
    WRAP_UP = 'wrap_up'  # timer milestones
    TIME_UP = 'time_up'

    @classmethod
    def of(cls, milestone: MilestoneName) -> Trigger:
        return cls(milestone.value)

_NO_QUESTIONS = re.compile(
    r'^\W*(нет|неа|no|nope|nothing|none|всё|все|всё понятно|все понятно|вопросов нет|нет вопросов|'
    r'no questions|no more questions|that\'?s all|that is all|i\'?m good|больше нет|пока нет|не имею)\b', re.I)
_NO_QUESTIONS_ANYWHERE = re.compile(r'(вопросов нет|нет вопросов|вопросов больше нет|больше вопросов нет|'
                                    r'no (more )?questions|nothing else|больше ничего)', re.I)
_ADDRESSED = re.compile(r'^\s*@?(ai[\s_-]*hr|ai|ии|аи)\b[\s,:.!—-]*', re.I)
_CMD_NEXT = re.compile(r'(дальше|следующ|перейд|next|move on|skip|пропуст)', re.I)
_CMD_QUESTIONS = re.compile(r'(вопрос[а-я]* кандидат|вопросы|candidate.?s questions|questions)', re.I)
_CMD_CLOSE = re.compile(r'(заверш|закругл|закрыв|заканчив|wrap up|wrap-up|close|finish|end the interview)', re.I)
_CMD_ASK = re.compile(r'(?:спроси|уточни|задай вопросы?|пусть расскажет|попроси рассказать)'
                      r'(?:\s*,?\s*пожалуйста\s*,?)?'  # «спроси, пожалуйста, про…»
                      r'(?:\s+(?:у\s+)?(?:его|её|ее|их|него|неё|нее|кандидата|кандидатку))?'  # «спроси его про…»
                      r'\s*(?:про|по|(о|об|обо|насчёт|насчет))?\s+(.+)|'  # «о/об» + prepositional: kept
                      r'\b(?:ask(?: him| her| them| the candidate)?(?: about)?)\s+(.+)', re.I)


def decide(plan: Plan, progress: Progress, trigger: Trigger, now: datetime, started_at: datetime | None,
           recruiter_text: str = '') -> Step | None:
    """The next step, or None when this trigger needs no turn (nothing new to answer, already past it)."""
    elapsed = (now - started_at).total_seconds() if started_at else 0.0
    last_id = progress.last_candidate_id
    if trigger == Trigger.RECRUITER:
        return _recruiter(plan, progress, elapsed, addressed_text(recruiter_text) or '')
    if not progress.greeted:
        return Step(Phase.GREETING, StepKind.GREETING, reply_to=last_id)
    if trigger == Trigger.TIME_UP:
        return None if progress.closed else Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id,
                                                 milestone=MilestoneName.TIME_UP)
    if trigger == Trigger.WRAP_UP:
        if progress.phase in (Phase.QUESTIONS, Phase.CLOSING):
            return None
        return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id, milestone=MilestoneName.WRAP_UP)
    if not progress.pending:
        return None  # 'start' after the greeting or a resume with nothing unanswered
    answer = progress.pending_text
    if progress.closed:
        if progress.last_kind == StepKind.AFTER_CLOSE:
            return None
        return Step(Phase.CLOSING, StepKind.AFTER_CLOSE, reply_to=last_id, answer=answer)
    if elapsed >= plan.duration_seconds:
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id, answer=answer)
    if progress.phase == Phase.QUESTIONS:
        return _candidate_questions(plan, progress, elapsed, answer)
    if _asks_back(answer) and progress.last_kind != StepKind.CLARIFY:
        # a question instead of an answer: clarify ours, or keep theirs for the end; the plan stays where it is
        return Step(progress.phase, StepKind.CLARIFY, competency=progress.competency, reply_to=last_id, answer=answer)
    if progress.phase == Phase.GREETING:
        return _next_competency(plan, -1, elapsed, last_id, answer)
    return _competency_answer(plan, progress, elapsed, answer, now)


def addressed_text(text: str) -> str | None:
    """The rest of a recruiter's message when it is addressed to the AI ("AI, ...", "ИИ: ..."), else None."""
    match = _ADDRESSED.match(text or '')
    return text[match.end():].strip() if match else None


def _asks_back(text: str) -> bool:
    text = text.strip()
    return text.endswith('?') and len(text.split()) <= 25


def no_more_questions(text: str) -> bool:
    return bool(_NO_QUESTIONS.match(text.strip()) or _NO_QUESTIONS_ANYWHERE.search(text)) and '?' not in text


# --- helpers ---------------------------------------------------------------------------------------------------

def _competency_answer(plan: Plan, progress: Progress, elapsed: float, answer: str, now: datetime) -> Step:
    index = progress.competency if progress.competency is not None else 0
    last_id = progress.last_candidate_id
    if elapsed >= plan.wrap_up_at:
        return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id, answer=answer)
    competency = plan.competencies[index]
    signals = analyse(answer, competency.keywords)
    if progress.competency_started_at is not None:
        spent = (now - progress.competency_started_at).total_seconds()
    else:
        spent = elapsed - (plan.competency_end(index) - plan.competency_seconds)
    on_schedule = elapsed < plan.competency_end(index)
    within_share = spent < plan.competency_seconds and on_schedule
    if within_share and progress.follow_ups < MAX_FOLLOW_UPS:
        focus = next_focus(signals, progress.focuses)
        # a thin answer gets a follow-up; a good one gets one deepening question while the share has room
        if focus and (signals.thin or (progress.follow_ups == 0 and spent < plan.competency_seconds / 2)):
            return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, competency=index, focus=focus, reply_to=last_id,
                        answer=answer)
    return _next_competency(plan, index, elapsed, last_id, answer)


def _next_competency(plan: Plan, index: int, elapsed: float, last_id: int, answer: str) -> Step:
    following = index + 1
    if following < len(plan.competencies) and elapsed < plan.questions_start:
        return Step(Phase.COMPETENCY, StepKind.QUESTION, competency=following, reply_to=last_id, answer=answer)
    return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id, answer=answer)


def _candidate_questions(plan: Plan, progress: Progress, elapsed: float, answer: str) -> Step:
    last_id = progress.last_candidate_id
    if no_more_questions(answer) or elapsed >= plan.closing_start:
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id, answer=answer)
    if progress.candidate_questions + 1 >= MAX_CANDIDATE_QUESTIONS:
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id, answer=answer)
    return Step(Phase.QUESTIONS, StepKind.ANSWER, reply_to=last_id, answer=answer)


def _recruiter(plan: Plan, progress: Progress, elapsed: float, text: str) -> Step | None:
    keep = progress.answered_up_to
    last_id = progress.last_candidate_id
    if progress.closed:
        return Step(Phase.CLOSING, StepKind.RECRUITER_ACK, reply_to=keep)
    if progress.phase is None:
        return Step(Phase.GREETING, StepKind.GREETING, reply_to=last_id)
    ask = _CMD_ASK.search(text)
    if ask:
        kept, russian, english = ask.groups()
        topic = ' '.join(filter(None, (kept, (russian or english or '').strip(' .?!'))))
        return Step(progress.phase, StepKind.RECRUITER_QUESTION, competency=progress.competency, reply_to=last_id,
                    topic=topic)
    if _CMD_CLOSE.search(text):
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id)
    if _CMD_QUESTIONS.search(text) and progress.phase != Phase.QUESTIONS:
        return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id)
    if _CMD_NEXT.search(text):
        if progress.phase == Phase.GREETING:
            return _next_competency(plan, -1, 0, last_id, '')
        if progress.phase == Phase.COMPETENCY:
            return _next_competency(plan, progress.competency or 0, elapsed, last_id, '')
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id)
    return Step(progress.phase, StepKind.RECRUITER_ACK, competency=progress.competency, reply_to=keep)

