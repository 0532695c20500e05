"""The interview plan and where the interview stands in it.

The plan is a pure function of the interview row (competencies, time split); the position in the plan is a pure
function of the stored chat: every AI turn carries a small `meta` ({"phase", "kind", "competency", "focus",
"reply_to", ...}), so after a restart the interviewer resumes exactly where the chat says it was.

Time split of the recommended duration: 5 % greeting, 70 % competency questions (an equal share each), 15 % the
candidate's questions, 10 % closing. Wrap-up milestone at 85 %, time up at 100 %.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional, Sequence

from .competencies import Competency, competencies_for

GREETING_SHARE, COMPETENCY_SHARE, QUESTIONS_SHARE, CLOSING_SHARE = 0.05, 0.70, 0.15, 0.10
WRAP_UP_SHARE = 0.85
MAX_FOLLOW_UPS = 2  # per competency
MAX_CANDIDATE_QUESTIONS = 3

# kinds of AI turns that put a question to the candidate
QUESTION_KINDS = ('greeting', 'question', 'follow_up', 'recruiter_question')


@dataclass(frozen=True)
class Plan:
    candidate_name: str
    position: str
    language: str  # 'ru' | 'en'
    duration_seconds: int
    competencies: tuple[Competency, ...]
    description: str = ''

    @classmethod
    def for_interview(cls, interview: Any) -> 'Plan':
        language = interview_language(interview)
        return cls(candidate_name=interview.candidate_name, position=interview.position, language=language,
                   duration_seconds=int(interview.recommended_duration) * 60,
                   competencies=tuple(competencies_for(interview.knowledge_base, interview.position,
                                                       interview.description, language)),
                   description=interview.description or '')

    @property
    def minutes(self) -> int:
        return self.duration_seconds // 60

    @property
    def competency_seconds(self) -> float:
        return self.duration_seconds * COMPETENCY_SHARE / len(self.competencies)

    def competency_end(self, index: int) -> float:
        """Seconds after the start by which competency `index` should be done, on schedule."""
        return self.duration_seconds * GREETING_SHARE + self.competency_seconds * (index + 1)

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
    phase: str
    kind: str  # greeting | question | follow_up | clarify | invite_questions | answer | closing | after_close |
    #            recruiter_question | recruiter_ack
    competency: Optional[int] = None
    focus: Optional[str] = None  # follow-up focus: example | result | numbers | tradeoffs
    reply_to: int = 0  # id of the last candidate message this turn takes into account
    answer: str = ''  # the candidate's (merged) words this turn responds to
    milestone: Optional[str] = None
    topic: str = ''  # a recruiter's topic for recruiter_question

    def meta(self, plan: Plan, brain: str) -> dict[str, Any]:
        meta: dict[str, Any] = {'phase': self.phase, 'kind': self.kind, 'reply_to': self.reply_to, 'brain': brain}
        if self.competency is not None:
            meta['competency'] = self.competency
            meta['competency_name'] = plan.competencies[self.competency].name
        for key in ('focus', 'milestone', 'topic'):
            if getattr(self, key):
                meta[key] = getattr(self, key)
        return meta


@dataclass
class Progress:
    """Where the interview stands, read back from the chat history."""
    phase: str = ''  # '' before the greeting
    competency: Optional[int] = None
    follow_ups: int = 0
    focuses: list[str] = field(default_factory=list)
    competency_started_at: Optional[datetime] = None
    candidate_questions: int = 0
    last_kind: str = ''
    answered_up_to: int = 0
    pending: list[Any] = field(default_factory=list)  # candidate messages no AI turn has taken into account

    @property
    def greeted(self) -> bool:
        return bool(self.phase)

    @property
    def closed(self) -> bool:
        return self.phase == 'closing'

    @property
    def last_candidate_id(self) -> int:
        return max([self.answered_up_to] + [m.id for m in self.pending])

    @property
    def pending_text(self) -> str:
        return '\n'.join(m.content for m in self.pending)

    @classmethod
    def from_history(cls, messages: Sequence[Any]) -> 'Progress':
        progress = cls()
        for message in messages:
            meta = message.meta or {}
            if role_of(message) != 'ai_hr' or 'phase' not in meta:
                continue
            progress._apply(meta, message.timestamp)
        progress.pending = [m for m in messages if role_of(m) == 'candidate' and m.id > progress.answered_up_to]
        return progress

    def _apply(self, meta: dict[str, Any], timestamp: datetime) -> None:
        kind = meta.get('kind', '')
        self.answered_up_to = max(self.answered_up_to, int(meta.get('reply_to') or 0))
        self.last_kind = kind
        if kind in ('recruiter_ack', 'recruiter_question', 'after_close', 'clarify'):
            self.phase = self.phase or meta['phase']
            if kind == 'recruiter_question':
                self.follow_ups += 1
            return
        self.phase = meta['phase']
        if kind == 'question':
            self.competency = meta.get('competency')
            self.follow_ups, self.focuses, self.competency_started_at = 0, [], timestamp
        elif kind == 'follow_up':
            self.follow_ups += 1
            if meta.get('focus'):
                self.focuses.append(meta['focus'])
        elif kind == 'answer':
            self.candidate_questions += 1


def role_of(message: Any) -> str:
    return str(message.role)  # a Role (StrEnum) or its plain value


def source_of(message: Any) -> str:
    return str(message.source)


def interview_language(interview: Any) -> str:
    return 'en' if (getattr(interview, 'language', 'ru') or 'ru') == 'en' else 'ru'
