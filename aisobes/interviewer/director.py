"""Decides the next AI turn from the plan, the progress read from the chat, the trigger and the time.

Deterministic and brain-independent: the scripted and the openai brain put the same decision into words, so the
structure of the interview (and its resume after a restart) does not depend on a language model behaving.
"""
from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

from ..rooms import MilestoneName
from .plan import MAX_CANDIDATE_QUESTIONS, MAX_FOLLOW_UPS, Focus, Phase, Plan, Progress, Step, StepKind
from .understanding import NO_SUBSTANCE, AnswerKind, Understanding, coverage, understand


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
           recruiter_text: str = '', heard: Understanding | None = None) -> Step | None:
    """The next step, or None when this trigger needs no turn (nothing new to answer, already past it). `heard` is
    a brain's judgement of the pending answer (brain.Judge); without it the deterministic one is used."""
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
    heard = heard or _understand(plan, progress, answer)
    aside = _aside(progress, heard, answer)
    if aside is not None:
        return aside
    if progress.phase == Phase.QUESTIONS:
        return _candidate_questions(plan, progress, elapsed, answer, heard)
    if progress.phase == Phase.GREETING:
        if heard.kind == AnswerKind.READY and progress.last_kind != StepKind.INTRO_AGAIN:
            return Step(Phase.GREETING, StepKind.INTRO_AGAIN, reply_to=last_id, answer=answer, heard=heard.kind)
        return _next_competency(plan, -1, elapsed, last_id, answer)
    return _competency_answer(plan, progress, elapsed, answer, now, heard)


def addressed_text(text: str) -> str | None:
    """The rest of a recruiter's message when it is addressed to the AI ("AI, ...", "ИИ: ..."), else None."""
    match = _ADDRESSED.match(text or '')
    return text[match.end():].strip() if match else None


def no_more_questions(text: str) -> bool:
    return bool(_NO_QUESTIONS.match(text.strip()) or _NO_QUESTIONS_ANYWHERE.search(text)) and '?' not in text


# --- helpers ---------------------------------------------------------------------------------------------------

def _understand(plan: Plan, progress: Progress, answer: str) -> Understanding:
    if progress.phase == Phase.COMPETENCY and progress.competency is not None:
        competency = plan.competencies[progress.competency]
        return understand(answer, competency.keywords, competency.rubric)
    return understand(answer)


def _aside(progress: Progress, heard: Understanding, answer: str) -> Step | None:
    """Turns that answer the candidate's aside and leave the plan where it is: wait, repeat, defer a job question."""
    last_id, phase, index = progress.last_candidate_id, progress.phase, progress.competency
    kind = heard.kind
    if kind == AnswerKind.NOT_READY:
        return Step(phase, StepKind.WAIT, competency=index, reply_to=last_id, answer=answer, heard=kind)
    if phase == Phase.QUESTIONS:
        return None
    again = kind == AnswerKind.REPEAT or (kind == AnswerKind.READY and progress.last_kind == StepKind.WAIT)
    if again and progress.last_kind != StepKind.REPEAT:
        last = progress.last_question
        if last.get('kind') in (StepKind.GREETING, StepKind.INTRO_AGAIN) or phase == Phase.GREETING:
            return Step(Phase.GREETING, StepKind.INTRO_AGAIN, reply_to=last_id, answer=answer, heard=kind)
        focus = last.get('focus')
        return Step(phase, StepKind.REPEAT, competency=index, reply_to=last_id, answer=answer, heard=kind,
                    repeats=str(last.get('kind') or StepKind.QUESTION),
                    focus=Focus(focus) if focus in Focus._value2member_map_ else None,
                    question=last.get('question'), topic=str(last.get('topic') or ''),
                    mention=str(last.get('mention') or ''))
    if kind in (AnswerKind.JOB_QUESTION, AnswerKind.REPEAT) and progress.last_kind != StepKind.CLARIFY:
        return Step(phase, StepKind.CLARIFY, competency=index, reply_to=last_id, answer=answer, heard=kind)
    return None


def _competency_answer(plan: Plan, progress: Progress, elapsed: float, answer: str, now: datetime,
                       heard: Understanding) -> Step:
    index = progress.competency if progress.competency is not None else 0
    last_id = progress.last_candidate_id
    if elapsed >= plan.wrap_up_at:
        return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id, answer=answer, heard=heard.kind)
    competency = plan.competencies[index]
    if progress.planned_asked < len(competency.questions):  # the recruiter's questions come first, always
        return Step(Phase.COMPETENCY, StepKind.PLANNED, competency=index, reply_to=last_id, answer=answer,
                    question=progress.planned_asked, heard=heard.kind)
    if progress.competency_started_at is not None:
        spent = (now - progress.competency_started_at).total_seconds()
    else:
        spent = elapsed - (plan.competency_end(index) - plan.seconds_for(index))
    within_share = spent < plan.seconds_for(index) and elapsed < plan.competency_end(index)
    if heard.kind in NO_SUBSTANCE:  # a bare «Да» to a yes/no question is a thin answer: it gets a follow-up
        adjacent = heard.kind in (AnswerKind.NO_EXPERIENCE, AnswerKind.DONT_KNOW)
        if adjacent and within_share and not progress.adjacent_asked and progress.last_kind != StepKind.ADJACENT:
            return Step(Phase.COMPETENCY, StepKind.ADJACENT, competency=index, reply_to=last_id, answer=answer,
                        heard=heard.kind)
        return _next_competency(plan, index, elapsed, last_id, answer, heard.kind)
    if progress.last_kind == StepKind.ADJACENT:
        return _next_competency(plan, index, elapsed, last_id, answer, heard.kind)
    if within_share and progress.follow_ups < MAX_FOLLOW_UPS:
        step = _follow_up(plan, progress, index, answer, heard, spent)
        if step is not None:
            return step
    return _next_competency(plan, index, elapsed, last_id, answer, heard.kind)


def _follow_up(plan: Plan, progress: Progress, index: int, answer: str, heard: Understanding,
               spent: float) -> Step | None:
    """A follow-up on what the answers on this competency lack: an uncovered rubric point, else the result or the
    numbers, else (for a thin answer only) an example; never an example right after one."""
    competency = plan.competencies[index]
    so_far = '\n'.join(progress.competency_answers + [answer])
    whole = understand(so_far, competency.keywords)
    make = dict(competency=index, reply_to=progress.last_candidate_id, answer=answer, heard=heard.kind,
                mention=heard.mention)
    if competency.rubric:
        covered = {c.point for c in coverage(so_far, competency.rubric)}
        for point in competency.rubric:
            if point not in covered and point not in progress.points_asked:
                return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, focus=Focus.POINT, topic=point, **make)
        if not (whole.result or whole.numbers) and Focus.RESULT not in progress.focuses:
            return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, focus=Focus.RESULT, **make)
        return None  # the rubric is what the recruiter asked for, and it is covered
    thin = heard.words < 25
    if not thin and progress.follow_ups and spent >= plan.seconds_for(index) / 2:
        return None
    if thin and not whole.example and not heard.example and Focus.EXAMPLE not in progress.focuses:
        return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, focus=Focus.EXAMPLE, **make)
    if not whole.result and Focus.RESULT not in progress.focuses:
        return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, focus=Focus.RESULT, **make)
    if not whole.numbers and Focus.NUMBERS not in progress.focuses:
        return Step(Phase.COMPETENCY, StepKind.FOLLOW_UP, focus=Focus.NUMBERS, **make)
    return None


def _next_competency(plan: Plan, index: int, elapsed: float, last_id: int, answer: str, heard: str = '') -> Step:
    following = index + 1
    if following < len(plan.competencies) and elapsed < plan.questions_start:
        first = 0 if plan.competencies[following].questions else None
        return Step(Phase.COMPETENCY, StepKind.QUESTION, competency=following, reply_to=last_id, answer=answer,
                    question=first, heard=heard)
    return Step(Phase.QUESTIONS, StepKind.INVITE_QUESTIONS, reply_to=last_id, answer=answer, heard=heard)


def _candidate_questions(plan: Plan, progress: Progress, elapsed: float, answer: str,
                         heard: Understanding) -> Step:
    last_id = progress.last_candidate_id
    nothing_more = heard.kind in (AnswerKind.NOTHING_MORE, AnswerKind.REFUSAL) or no_more_questions(answer)
    if nothing_more or elapsed >= plan.closing_start:
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id, answer=answer, heard=heard.kind)
    if progress.candidate_questions + 1 >= MAX_CANDIDATE_QUESTIONS:
        return Step(Phase.CLOSING, StepKind.CLOSING, reply_to=last_id, answer=answer, heard=heard.kind)
    # «Есть ли у вас ещё вопросы?» is asked once; later answers end with a softer open door (question=None)
    return Step(Phase.QUESTIONS, StepKind.ANSWER, reply_to=last_id, answer=answer, heard=heard.kind,
                question=None if progress.more_questions_said else 0)


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

