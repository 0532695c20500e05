"""Request and response models of the API, kept apart from the tables.

Responses are read straight from the rows (`Model.model_validate(row, from_attributes=True)`), so a new REST field is
a column in models.py and a field here. Views of an interview that carry the candidate's link (`full_link`) take the
server's base URL from the validation context: `context={'base_url': ...}`.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from .edges import text_problem
from .languages import Language
from .models import ReportStatus, Role, Source, Status


def _one_line(value: str) -> str:
    if problem := text_problem(value, single_line=True):
        raise ValueError(problem)
    return value


def _text(value: str) -> str:
    if problem := text_problem(value):
        raise ValueError(problem)
    return value


# names and ids end up in headers and single lines (TXT transcript, page titles): no control characters at all;
# free text may have line breaks but no other control character (PostgreSQL refuses NUL, UTF-8 lone surrogates)
# the same rules as JSON-schema patterns (ECMA syntax), so the OpenAPI document says what is accepted; the
# validators above give the clear message
_LINE = r'[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*'
LINE_PATTERN = rf'^{_LINE}$'
NAME_PATTERN = rf'^(?=[\s\S]*\S){_LINE}$'  # and not only white space
TEXT_PATTERN = r'^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$'
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), AfterValidator(_one_line),
                 Field(json_schema_extra={'pattern': NAME_PATTERN})]
CandidateId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
                        AfterValidator(_one_line), Field(json_schema_extra={'pattern': NAME_PATTERN})]
SearchText = Annotated[str, AfterValidator(_one_line), Field(json_schema_extra={'pattern': LINE_PATTERN})]

MAX_MESSAGE_CHARS = 4000
DURATION_MIN, DURATION_MAX = 5, 240  # minutes


NOT_BLANK_TEXT_PATTERN = r'^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$'
# free text: line breaks allowed, no other control character (the same rule as the knowledge base)
FreeText = Annotated[str, AfterValidator(_text), Field(json_schema_extra={'pattern': TEXT_PATTERN})]
QuestionText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
                         AfterValidator(_text), Field(json_schema_extra={'pattern': NOT_BLANK_TEXT_PATTERN})]
MAX_COMPETENCIES = 10


class DecisionKind(StrEnum):
    ADVANCE = 'advance'
    HOLD = 'hold'
    REJECT = 'reject'


class CompetencyIn(BaseModel):
    """One competency of the recruiter's plan."""
    model_config = ConfigDict(extra='forbid')

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
                    AfterValidator(_one_line), Field(json_schema_extra={'pattern': NAME_PATTERN})]
    questions: list[QuestionText] = Field(default_factory=list, max_length=5,
                                          description='asked verbatim, in order, as the first questions')
    rubric: FreeText = Field('', max_length=1_000, description='what a strong answer shows; points split by commas or '
                                                          'lines')
    weight: int = Field(1, ge=1, le=3, strict=True,
                        description='share of the competency time and of the recommendation')


Competencies = Annotated[list[CompetencyIn], Field(min_length=1, max_length=MAX_COMPETENCIES)]


class InterviewCreate(BaseModel):
    """What a recruiter gives to create an interview (the original design's payload, plus an optional plan)."""
    model_config = ConfigDict(extra='forbid')

    candidate_name: Name
    candidate_id: CandidateId
    position: Name
    recommended_duration: int = Field(ge=DURATION_MIN, le=DURATION_MAX, description='minutes')
    knowledge_base: Annotated[str, AfterValidator(_text)] = Field('', max_length=20_000,
                                                                  json_schema_extra={'pattern': TEXT_PATTERN})
    description: Annotated[str, AfterValidator(_text)] = Field('', max_length=5_000,
                                                               json_schema_extra={'pattern': TEXT_PATTERN})
    language: Language | None = None
    competencies: Competencies | None = None  # without it the plan comes from knowledge_base


class PlanIn(BaseModel):
    """PUT /interviews/{id}/plan: the recruiter's competencies replace the plan (before the start); null goes back to
    the plan from knowledge_base."""
    model_config = ConfigDict(extra='forbid')

    competencies: Competencies | None


class PlanCompetency(BaseModel):
    name: str
    questions: list[str]
    rubric: list[str]  # the rubric split into points
    weight: int
    minutes: float


class PlanPhase(BaseModel):
    phase: str
    minutes: float


class PlanOut(BaseModel):
    """The plan the AI follows: phases and minutes, competencies with questions, rubric points, weights."""
    source: Literal['recruiter', 'knowledge_base']
    language: str
    duration_minutes: int
    phases: list[PlanPhase]
    competencies: list[PlanCompetency]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra='forbid')

    decision: DecisionKind
    note: FreeText = Field('', max_length=2_000)


class DecisionOut(BaseModel):
    decision: DecisionKind
    note: str
    by: str
    at: datetime


class RowView(BaseModel):
    """A response read from a row's attributes."""
    model_config = ConfigDict(from_attributes=True)


class LinkedView(RowView):
    """A view of an interview row that also carries the candidate's link, made from the row's `unique_link` and the
    `base_url` in the validation context."""

    @model_validator(mode='before')
    @classmethod
    def _with_link(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            return data
        values = {name: getattr(data, name) for name in cls.model_fields if hasattr(data, name)}
        base_url = (info.context or {}).get('base_url')
        if base_url is None:
            raise ValueError('an interview view with full_link needs base_url in the validation context')
        values['full_link'] = f'{base_url}/interview/{data.unique_link}'
        return values


class InterviewCreated(LinkedView):
    id: int
    unique_link: str
    full_link: str
    candidate_name: str
    position: str
    status: Status
    recommended_duration: int
    created_at: datetime


class InterviewPublic(RowView):
    """What the candidate may see: never the knowledge base, the description, file paths or the report."""
    id: int
    unique_link: str
    candidate_name: str
    position: str
    status: Status
    recommended_duration: int
    language: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    actual_duration: int | None


class InterviewRecord(InterviewPublic):
    """The interview as the transcript JSON records it."""
    candidate_id: str
    knowledge_base: str
    description: str


class InterviewAdmin(InterviewRecord, LinkedView):
    """Everything the recruiter may see."""
    full_link: str
    transcript_path: str | None
    text_transcript_path: str | None
    report: dict[str, Any] | None
    report_status: ReportStatus | None = None  # pending: the model's report is still being written
    competencies: list[dict[str, Any]] | None = None
    decision: DecisionOut | None = None
    human_requested_at: datetime | None = None  # the candidate asked for a human interviewer

    @model_validator(mode='after')
    def _older_reports_are_final(self) -> InterviewAdmin:
        if self.report is not None and self.report_status is None:
            self.report_status = ReportStatus.FINAL  # stored before report_status existed
        return self


class InterviewPage(BaseModel):
    items: list[InterviewAdmin]
    total: int
    limit: int
    offset: int


class StatusOut(RowView):
    interview_id: int = Field(validation_alias=AliasChoices('interview_id', 'id'))
    status: Status
    started_at: datetime | None
    finished_at: datetime | None
    actual_duration: int | None


class FinishOut(StatusOut):
    transcript_path: str | None
    text_transcript_path: str | None


class Deleted(BaseModel):
    deleted: int


class MessageOut(RowView):
    id: int
    content: str
    role: Role
    timestamp: datetime
    interview_id: int
    source: Source
    meta: dict[str, Any] | None = None


class Health(BaseModel):
    status: Literal['ok']
    version: str
    instance: str = ''  # this server process (several instances: see README "Several instances")
    bus: str = ''  # how the live room reaches the other instances: local or postgres


class ErrorOut(BaseModel):
    """Every error answer: a message for people (422 from validation carries FastAPI's list of field errors)."""
    detail: Any
