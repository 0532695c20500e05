"""Request and response models of the API, kept apart from the tables."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
CandidateId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]

MAX_MESSAGE_CHARS = 4000
DURATION_MIN, DURATION_MAX = 5, 240  # minutes


class InterviewCreate(BaseModel):
    model_config = ConfigDict(extra='forbid')

    candidate_name: Name
    candidate_id: CandidateId
    position: Name
    recommended_duration: int = Field(ge=DURATION_MIN, le=DURATION_MAX, description='minutes')
    knowledge_base: str = Field('', max_length=20_000)
    description: str = Field('', max_length=5_000)
    language: Optional[Literal['ru', 'en']] = None


class InterviewCreated(BaseModel):
    id: int
    unique_link: str
    full_link: str
    candidate_name: str
    position: str
    status: str
    recommended_duration: int
    created_at: datetime


class InterviewPublic(BaseModel):
    """What the candidate may see: never the knowledge base, the description, file paths or the report."""
    id: int
    unique_link: str
    candidate_name: str
    position: str
    status: str
    recommended_duration: int
    language: str
    created_at: datetime
    started_at: Optional[datetime]
    finished_at: Optional[datetime]
    actual_duration: Optional[int]


class InterviewAdmin(InterviewPublic):
    candidate_id: str
    full_link: str
    knowledge_base: str
    description: str
    transcript_path: Optional[str]
    text_transcript_path: Optional[str]
    report: Optional[dict[str, Any]]


class InterviewPage(BaseModel):
    items: list[InterviewAdmin]
    total: int
    limit: int
    offset: int


class StatusOut(BaseModel):
    interview_id: int
    status: str
    started_at: Optional[datetime]
    finished_at: Optional[datetime]
    actual_duration: Optional[int]


class FinishOut(StatusOut):
    transcript_path: Optional[str]
    text_transcript_path: Optional[str]


class MessageOut(BaseModel):
    id: int
    content: str
    role: Literal['candidate', 'ai_hr', 'recruiter']
    timestamp: datetime
    interview_id: int
    source: Literal['typed', 'speech', 'system']
    meta: Optional[dict[str, Any]] = None


class Health(BaseModel):
    status: Literal['ok']
    version: str
