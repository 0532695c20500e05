"""The recruiter's plan and decision: GET/PUT /api/v1/interviews/{id}/plan, POST /api/v1/plans/preview,
PUT /api/v1/interviews/{id}/decision. Thin: parse, authorize (reading: viewer, changing: recruiter), call the service;
a plan edit and a decision are audit entries."""
from __future__ import annotations

from fastapi import APIRouter

from ..audit import AuditAction, interview_target
from ..schemas import DecisionIn, DecisionOut, InterviewCreate, PlanIn, PlanOut
from .deps import RECRUITER, VIEWER, ActorDep, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1', tags=['plans'])


@router.get('/interviews/{interview_id}/plan', response_model=PlanOut, dependencies=VIEWER,
            responses=responses(401, 403, 404))
async def get_plan(interview_id: int, services: ServicesDep) -> PlanOut:
    return await services.plans.get(interview_id)


@router.put('/interviews/{interview_id}/plan', response_model=PlanOut, dependencies=RECRUITER,
            responses=responses(401, 403, 404, 409))
async def put_plan(interview_id: int, data: PlanIn, services: ServicesDep, actor: ActorDep) -> PlanOut:
    plan = await services.plans.replace(interview_id, data)
    await services.audit.record(AuditAction.PLAN_EDIT, actor, interview_target(interview_id))
    return plan


@router.post('/plans/preview', response_model=PlanOut, dependencies=RECRUITER, responses=responses(401, 403))
async def preview_plan(data: InterviewCreate, services: ServicesDep) -> PlanOut:
    return services.plans.preview(data)


@router.put('/interviews/{interview_id}/decision', response_model=DecisionOut, dependencies=RECRUITER,
            responses=responses(401, 403, 404, 409))
async def put_decision(interview_id: int, data: DecisionIn, services: ServicesDep, actor: ActorDep) -> DecisionOut:
    interview = await services.decisions.record(interview_id, data, by=actor.name)
    await services.audit.record(AuditAction.DECISION, actor, interview_target(interview_id))
    return DecisionOut.model_validate(interview.decision)
