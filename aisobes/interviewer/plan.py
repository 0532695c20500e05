"""The interview plan and where the interview stands in it.

The plan is a pure function of the interview row (competencies, time split); the position in the plan is a pure
function of the stored chat: every AI turn carries a small `meta` ({"phase", "kind", "competency", "focus",
"reply_to", ...}), so after a restart the interviewer resumes exactly where the chat says it was.

Time split of the recommended duration: 5 % greeting, 70 % competency questions (an equal share each), 15 % the
candidate's questions, 10 % closing. Wrap-up milestone at 85 %, time up at 100 %.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..languages import Language, normalize_language
from ..models import Interview, Role
from ..rooms import MilestoneName
from ..schemas import MessageOut
from .competencies import Competency, competencies_for, from_recruiter

GREETING_SHARE, COMPETENCY_SHARE, QUESTIONS_SHARE, CLOSING_SHARE = 0.05, 0.70, 0.15, 0.10
WRAP_UP_SHARE = 0.85
MAX_FOLLOW_UPS = 2  # per competency
MAX_CANDIDATE_QUESTIONS = 3



class Phase(StrEnum):
    GREETING = 'greeting'
    COMPETENCY = 'competency'
    QUESTIONS = 'questions'  # the candidate's questions
    CLOSING = 'closing'


class StepKind(StrEnum):
    GREETING = 'greeting'
    QUESTION = 'question'  # the first question on a competency
    FOLLOW_UP = 'follow_up'
    CLARIFY = 'clarify'  # the candidate asked back instead of answering
    INVITE_QUESTIONS = 'invite_questions'
    ANSWER = 'answer'  # an answer to the candidate's question
    CLOSING = 'closing'
    AFTER_CLOSE = 'after_close'
    RECRUITER_QUESTION = 'recruiter_question'
    RECRUITER_ACK = 'recruiter_ack'
    PLANNED = 'planned_question'  # a recruiter's must-ask question after the competency's first one
    ADJACENT = 'adjacent'  # after "no experience": one question on adjacent experience
    REPEAT = 'repeat'  # the last question again, in other words
    WAIT = 'wait'  # the candidate is not ready or has a technical problem
    INTRO_AGAIN = 'intro_again'  # a bare "ready" to the introduction request


class Focus(StrEnum):
    """What a follow-up asks for."""
    EXAMPLE = 'example'
    RESULT = 'result'
    NUMBERS = 'numbers'
    TRADEOFFS = 'tradeoffs'
    POINT = 'point'  # an uncovered rubric point


# kinds of AI turns that put a question to the candidate
QUESTION_KINDS = (StepKind.GREETING, StepKind.QUESTION, StepKind.FOLLOW_UP, StepKind.RECRUITER_QUESTION,
                  StepKind.PLANNED, StepKind.ADJACENT, StepKind.INTRO_AGAIN)
# kinds that answer something aside and leave the plan where it was
ASIDE_KINDS = (StepKind.RECRUITER_ACK, StepKind.RECRUITER_QUESTION, StepKind.AFTER_CLOSE, StepKind.CLARIFY,
               StepKind.REPEAT, StepKind.WAIT, StepKind.INTRO_AGAIN)


@dataclass(frozen=True)
class Plan:
    candidate_name: str
    position: str
    language: Language
    duration_seconds: int
    competencies: tuple[Competency, ...]
    description: str = ''

    @classmethod
    def for_interview(cls, interview: Interview) -> Plan:
        language = normalize_language(interview.language)
        return cls(candidate_name=interview.candidate_name, position=interview.position, language=language,
                   duration_seconds=int(interview.recommended_duration) * 60,
                   competencies=tuple(from_recruiter(interview.competencies) if getattr(interview, 'competencies', None)
                                      else competencies_for(interview.knowledge_base, interview.position,
                                                            interview.description, language)),
                   description=interview.description or '')

    @property
    def minutes(self) -> int:
        return self.duration_seconds // 60

    @property
    def competency_seconds(self) -> float:
        """The share of one competency of weight 1."""
        return self.duration_seconds * COMPETENCY_SHARE / sum(c.weight for c in self.competencies)

    def seconds_for(self, index: int) -> float:
        """Competency `index`'s share of the time: weighted."""
        return self.competency_seconds * self.competencies[index].weight

    def competency_end(self, index: int) -> float:
        """Seconds after the start by which competency `index` should be done, on schedule."""
        return self.duration_seconds * GREETING_SHARE + sum(self.seconds_for(i) for i in range(index + 1))

    @property
    def questions_start(self) -> float:
        return self.duration_seconds * (GREETING_SHARE + COMPETENCY_SHARE)

    @property
    def closing_start(self) -> float:
        return self.duration_seconds * (GREETING_SHARE + COMPETENCY_SHARE + QUESTIONS_SHARE)

    @property
    def wrap_up_at(self) -> float:
        return self.duration_seconds * WRAP_UP_SHARE


@dataclass(frozen=True)
class Step:
    """The next AI turn, decided by the plan; a brain only puts it into words."""
    phase: Phase
    kind: StepKind
    competency: int | None = None
    focus: Focus | None = None
    reply_to: int = 0  # id of the last candidate message this turn takes into account
    answer: str = ''  # the candidate's (merged) words this turn responds to
    milestone: MilestoneName | None = None  # set when a timer milestone triggered the turn
    topic: str = ''  # a recruiter's topic for recruiter_question; the rubric point of a 'point' follow-up
    heard: str = ''  # the understood kind of `answer` (understanding.AnswerKind)
    question: int | None = None  # index of the recruiter's must-ask question this turn asks
    mention: str = ''  # something the candidate said that the turn refers to
    repeats: str = ''  # for 'repeat': the kind of the question asked again

    def meta(self, plan: Plan, brain: str) -> dict[str, Any]:
        meta: dict[str, Any] = {'phase': self.phase, 'kind': self.kind, 'reply_to': self.reply_to, 'brain': brain}
        if self.competency is not None:
            meta['competency'] = self.competency
            meta['competency_name'] = plan.competencies[self.competency].name
        for key in ('focus', 'milestone', 'topic', 'heard', 'mention', 'repeats'):
            if getattr(self, key):
                meta[key] = getattr(self, key)
        if self.question is not None:
            meta['question'] = self.question
        return meta


@dataclass
class Progress:
    """Where the interview stands, read back from the chat history."""
    phase: Phase | None = None  # None before the greeting
    competency: int | None = None
    follow_ups: int = 0
    focuses: list[Focus] = field(default_factory=list)
    competency_started_at: datetime | None = None
    candidate_questions: int = 0
    last_kind: StepKind | None = None
    answered_up_to: int = 0
    pending: list[MessageOut] = field(default_factory=list)  # candidate messages no AI turn has answered yet
    planned_asked: int = 0  # must-ask questions of the current competency asked so far
    adjacent_asked: bool = False
    points_asked: list[str] = field(default_factory=list)  # rubric points follow-ups asked for
    last_question: dict[str, Any] = field(default_factory=dict)  # meta of the last turn that asked something
    competency_answers: list[str] = field(default_factory=list)  # the candidate's words on the current competency
    more_questions_said: bool = False

    @property
    def greeted(self) -> bool:
        return self.phase is not None

    @property
    def closed(self) -> bool:
        return self.phase == Phase.CLOSING

    @property
    def last_candidate_id(self) -> int:
        return max([self.answered_up_to] + [m.id for m in self.pending])

    @property
    def pending_text(self) -> str:
        return '\n'.join(m.content for m in self.pending)

    @classmethod
    def from_history(cls, messages: Sequence[MessageOut]) -> Progress:
        progress = cls()
        for message in messages:
            if message.role == Role.AI_HR and message.meta and 'phase' in message.meta:
                progress._apply(message.meta, message.timestamp)
            elif message.role == Role.CANDIDATE and progress.phase == Phase.COMPETENCY:
                progress.competency_answers.append(message.content)
        progress.pending = [m for m in messages if m.role == Role.CANDIDATE and m.id > progress.answered_up_to]
        return progress

    def _apply(self, meta: dict[str, Any], timestamp: datetime) -> None:
        try:
            phase, kind = Phase(meta['phase']), StepKind(meta.get('kind'))
        except ValueError:  # a turn written by another version: it still counts as answering what it answered
            self.answered_up_to = max(self.answered_up_to, int(meta.get('reply_to') or 0))
            return
        self.answered_up_to = max(self.answered_up_to, int(meta.get('reply_to') or 0))
        self.last_kind = kind
        if kind in QUESTION_KINDS:
            self.last_question = dict(meta)
        if kind == StepKind.ANSWER and meta.get('question') == 0:  # 'any other questions?' was said
            self.more_questions_said = True
        if kind in ASIDE_KINDS:
            self.phase = self.phase or phase
            if kind == StepKind.RECRUITER_QUESTION:
                self.follow_ups += 1
            return
        self.phase = phase
        if kind == StepKind.QUESTION:
            self.competency = meta.get('competency')
            self.follow_ups, self.focuses, self.competency_started_at = 0, [], timestamp
            self.planned_asked = 1 if meta.get('question') is not None else 0
            self.adjacent_asked, self.points_asked, self.competency_answers = False, [], []
        elif kind == StepKind.PLANNED:
            self.planned_asked += 1
        elif kind == StepKind.ADJACENT:
            self.adjacent_asked = True
        elif kind == StepKind.FOLLOW_UP:
            self.follow_ups += 1
            if meta.get('focus') in Focus._value2member_map_:
                self.focuses.append(Focus(meta['focus']))
            if meta.get('focus') == Focus.POINT and meta.get('topic'):
                self.points_asked.append(meta['topic'])
        elif kind == StepKind.ANSWER:
            self.candidate_questions += 1
