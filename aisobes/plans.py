"""The interview plan as the recruiter sees and shapes it: read it, replace it before the start, preview it from the
create fields without storing anything. The plan itself is computed by interviewer.plan, the one the AI follows."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from .config import Settings
from .db import Database
from .errors import Conflict
from .interviewer.plan import CLOSING_SHARE, COMPETENCY_SHARE, GREETING_SHARE, QUESTIONS_SHARE, Phase, Plan
from .interviews import InterviewService
from .models import Interview, Status
from .schemas import InterviewCreate, PlanCompetency, PlanIn, PlanOut, PlanPhase


class PlanService:
    def __init__(self, settings: Settings, db: Database, interviews: InterviewService) -> None:
        self.settings = settings
        self.db = db
        self.interviews = interviews

    async def get(self, interview_id: int) -> PlanOut:
        return plan_view(await self.interviews.get(interview_id))

    async def replace(self, interview_id: int, data: PlanIn) -> PlanOut:
        """Only before the start: a conditional UPDATE, so a start racing with it wins cleanly (409 here)."""
        competencies = None if data.competencies is None else [c.model_dump() for c in data.competencies]
        if not await self.db.run(self._replace, interview_id, competencies):
            interview = await self.interviews.get(interview_id)  # NotFound when it is gone
            raise Conflict(f'Interview {interview_id} is {interview.status}: the plan can only change before the '
                           'start')
        return await self.get(interview_id)

    def preview(self, data: InterviewCreate) -> PlanOut:
        """The plan these create fields would give; nothing is stored."""
        values: dict[str, Any] = data.model_dump(exclude={'language'})
        return plan_view(Interview(**values, language=data.language or self.settings.language))

    def _replace(self, interview_id: int, competencies: list[dict[str, Any]] | None) -> bool:
        with self.db.session() as session:
            result = session.exec(sa.update(Interview).where(col(Interview.id) == interview_id,
                                                             col(Interview.status) == Status.NOT_STARTED)
                                  .values(competencies=competencies))
            session.commit()
            return result.rowcount == 1


def plan_view(interview: Interview) -> PlanOut:
    plan = Plan.for_interview(interview)
    minutes = plan.duration_seconds / 60
    phases = [PlanPhase(phase=phase, minutes=round(minutes * share, 1)) for phase, share in
              ((Phase.GREETING, GREETING_SHARE), (Phase.COMPETENCY, COMPETENCY_SHARE),
               (Phase.QUESTIONS, QUESTIONS_SHARE), (Phase.CLOSING, CLOSING_SHARE))]
    competencies = [PlanCompetency(name=c.name, questions=list(c.questions), rubric=list(c.rubric), weight=c.weight,
                                   minutes=round(plan.seconds_for(i) / 60, 1)) for i, c in enumerate(plan.competencies)]
    return PlanOut(source='recruiter' if interview.competencies else 'knowledge_base', language=plan.language,
                   duration_minutes=plan.minutes, phases=phases, competencies=competencies)
