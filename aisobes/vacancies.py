"""Vacancies: one plan (title, description, knowledge base, competencies, duration, language) reused for many
candidates, and the comparison of those candidates.

Competencies are a validated list of `{name, questions, rubric, weight}` (the interview's own plan fields,
`schemas.CompetencyIn`), given to each interview as its plan. (Should `InterviewCreate` ever lack the field, they are
copied into the knowledge base as `Name: rubric` lines, which the plan reads as competencies with their keywords.)
Bulk creation is all or nothing: every candidate is validated first and the interviews are added in one transaction.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel, col, select

from .db import Database
from .edges import id_in_range
from .errors import NotFound
from .interviews import InterviewService
from .models import Interview, UTCDateTime, utcnow
from .rooms import RoomHub
from .schemas import InterviewCreate
from .vacancy_schemas import CandidateIn, VacancyCreate, VacancyUpdate

log = logging.getLogger(__name__)


class Vacancy(SQLModel, table=True):
    __tablename__ = 'vacancies'

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(default='', sa_column=Column(sa.Text, nullable=False, default=''))
    knowledge_base: str = Field(default='', sa_column=Column(sa.Text, nullable=False, default=''))
    competencies: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(sa.JSON, nullable=True))
    recommended_duration: int  # minutes
    language: str | None = Field(default=None, max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True))


class VacancyLink(SQLModel, table=True):
    """Which vacancy an interview was made for (a table of its own: the interview row stays as it is, and deleting
    the interview or the vacancy drops the link)."""
    __tablename__ = 'vacancy_interviews'

    interview_id: int = Field(sa_column=Column(sa.Integer, sa.ForeignKey('interviews.id', ondelete='CASCADE'),
                                               primary_key=True))
    vacancy_id: int = Field(sa_column=Column(sa.Integer, sa.ForeignKey('vacancies.id', ondelete='CASCADE'),
                                             nullable=False, index=True))


def knowledge_base_of(vacancy: Vacancy) -> str:
    """The knowledge base each interview of the vacancy gets: its competencies as `Name: rubric` lines, else the
    vacancy's own knowledge base."""
    if not vacancy.competencies:
        return vacancy.knowledge_base
    lines = []
    for item in vacancy.competencies:
        rubric = ', '.join(part.strip() for part in str(item.get('rubric') or '').replace('\n', ',').split(',')
                           if part.strip())
        lines.append(f'- {item["name"]}: {rubric}' if rubric else f'- {item["name"]}')
    return '\n'.join(lines)


def interview_data(vacancy: Vacancy, candidate: CandidateIn) -> InterviewCreate:
    values: dict[str, Any] = {'candidate_name': candidate.candidate_name, 'candidate_id': candidate.candidate_id,
                              'position': vacancy.title, 'recommended_duration': vacancy.recommended_duration,
                              'knowledge_base': knowledge_base_of(vacancy)[:20_000],
                              'description': vacancy.description, 'language': vacancy.language}
    if vacancy.competencies and 'competencies' in InterviewCreate.model_fields:  # the AI HR issue's plan field
        values.update(competencies=vacancy.competencies, knowledge_base=vacancy.knowledge_base)
    return InterviewCreate(**values)


class VacancyService:
    def __init__(self, db: Database, rooms: RoomHub, interviews: InterviewService) -> None:
        self.db = db
        self.rooms = rooms
        self.interviews = interviews

    async def create(self, data: VacancyCreate) -> Vacancy:
        return await self.db.run(self._add, Vacancy(**data.model_dump(mode='json')))

    async def list(self) -> list[Vacancy]:
        return await self.db.run(self._list)

    async def get(self, vacancy_id: int) -> Vacancy:
        return await self.db.run(self._get, vacancy_id)

    async def update(self, vacancy_id: int, data: VacancyUpdate) -> Vacancy:
        await self.get(vacancy_id)
        values = data.model_dump(mode='json', exclude_unset=True)
        if values:
            await self.db.run(self._update, vacancy_id, values)
        return await self.get(vacancy_id)

    async def delete(self, vacancy_id: int) -> None:
        """The vacancy goes; its interviews stay (they are the candidates' records), unlinked."""
        await self.get(vacancy_id)
        await self.db.run(self._delete, vacancy_id)

    async def add_candidates(self, vacancy_id: int, candidates: list[CandidateIn]) -> list[Interview]:
        """One interview per candidate with the vacancy's plan, all in one transaction."""
        vacancy = await self.get(vacancy_id)
        rows = [Interview(**data.model_dump(exclude={'language'}), language=data.language
                          or self.interviews.settings.language)
                for data in (interview_data(vacancy, candidate) for candidate in candidates)]
        created = await self.db.run(self._add_interviews, vacancy_id, rows)
        log.info('vacancy %s: %d interviews created', vacancy_id, len(created))
        self.rooms.list_changed()
        return created

    async def interviews_of(self, vacancy_id: int) -> list[Interview]:
        await self.get(vacancy_id)
        return await self.db.run(self._interviews_of, vacancy_id)

    # --- blocking parts, run on the database threads -------------------------------------------------------

    def _add(self, vacancy: Vacancy) -> Vacancy:
        with self.db.session() as session:
            session.add(vacancy)
            session.commit()
            session.refresh(vacancy)
        return vacancy

    def _list(self) -> list[Vacancy]:
        with self.db.session() as session:
            return list(session.exec(select(Vacancy).order_by(col(Vacancy.created_at).desc(),
                                                              col(Vacancy.id).desc())).all())

    def _get(self, vacancy_id: int) -> Vacancy:
        with self.db.session() as session:
            vacancy = session.get(Vacancy, vacancy_id) if id_in_range(vacancy_id) else None  # a huge id: no such row
        if vacancy is None:
            raise NotFound(f'Vacancy {vacancy_id} not found')
        return vacancy

    def _update(self, vacancy_id: int, values: dict) -> None:
        with self.db.session() as session:
            session.exec(sa.update(Vacancy).where(col(Vacancy.id) == vacancy_id).values(**values))
            session.commit()

    def _delete(self, vacancy_id: int) -> None:
        with self.db.session() as session:
            session.exec(sa.delete(VacancyLink).where(col(VacancyLink.vacancy_id) == vacancy_id))
            session.exec(sa.delete(Vacancy).where(col(Vacancy.id) == vacancy_id))
            session.commit()

    def _add_interviews(self, vacancy_id: int, rows: list[Interview]) -> list[Interview]:
        with self.db.session() as session:
            session.add_all(rows)
            session.flush()
            session.add_all([VacancyLink(interview_id=row.id, vacancy_id=vacancy_id) for row in rows])
            session.commit()
            for row in rows:
                session.refresh(row)
        return rows

    def _interviews_of(self, vacancy_id: int) -> list[Interview]:
        with self.db.session() as session:
            query = (select(Interview).join(VacancyLink, col(VacancyLink.interview_id) == col(Interview.id))
                     .where(col(VacancyLink.vacancy_id) == vacancy_id).order_by(col(Interview.id)))
            return list(session.exec(query).all())
