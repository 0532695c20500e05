"""Request and response models of vacancies and the candidates' comparison (kept apart from schemas.py, which other
work changes at the same time)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .languages import Language
from .models import Status
from .schemas import DURATION_MAX, DURATION_MIN, CandidateId, Competencies, FreeText, Name, RowView

MAX_CANDIDATES = 200


class VacancyCreate(BaseModel):
    model_config = ConfigDict(extra='forbid')

    title: Name
    description: FreeText = Field('', max_length=5_000)
    knowledge_base: FreeText = Field('', max_length=20_000)
    competencies: Competencies | None = None  # the interview's plan fields (schemas.CompetencyIn)
    recommended_duration: int = Field(ge=DURATION_MIN, le=DURATION_MAX, description='minutes')
    language: Language | None = None


class VacancyUpdate(BaseModel):
    """PATCH: only the fields given change (interviews already created keep the plan they were made with)."""
    model_config = ConfigDict(extra='forbid')

    # left out: kept; these four a vacancy always has, so null is refused (422), not stored. Null clears competencies
    # (back to the knowledge-base plan) and language (the default).
    title: Name = None  # type: ignore[assignment]
    description: FreeText = Field(None, max_length=5_000)  # type: ignore[assignment]
    knowledge_base: FreeText = Field(None, max_length=20_000)  # type: ignore[assignment]
    competencies: Competencies | None = None
    recommended_duration: int = Field(None, ge=DURATION_MIN, le=DURATION_MAX)  # type: ignore[assignment]
    language: Language | None = None


class VacancyOut(RowView):
    id: int
    title: str
    description: str
    knowledge_base: str
    competencies: list[dict[str, Any]] | None
    recommended_duration: int
    language: str | None
    created_at: datetime


class CandidateIn(BaseModel):
    model_config = ConfigDict(extra='forbid')

    candidate_name: Name
    candidate_id: CandidateId


class CandidatesIn(BaseModel):
    model_config = ConfigDict(extra='forbid')

    candidates: list[CandidateIn] = Field(min_length=1, max_length=MAX_CANDIDATES)


class CandidateRow(BaseModel):
    """One interview of the vacancy, for the comparison."""
    interview_id: int
    candidate_name: str
    candidate_id: str
    status: Status
    recommendation: str | None
    decision: str | None
    competencies: dict[str, str]  # competency name -> confirmed / partial / not_confirmed
    human_requested: bool = False
