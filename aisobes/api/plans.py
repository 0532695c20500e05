"""The recruiter's plan and decision: GET/PUT /api/v1/interviews/{id}/plan, POST /api/v1/plans/preview,
PUT /api/v1/interviews/{id}/decision. Thin: parse, call the service."""
from __future__ import annotations

from fastapi import APIRouter

from ..schemas import DecisionIn, DecisionOut, InterviewCreate, PlanIn, PlanOut
from .deps import TOKEN, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1', tags=['plans'], dependencies=[TOKEN])


@router.get('/interviews/{interview_id}/plan', response_model=PlanOut, responses=responses(401, 404))
async def get_plan(interview_id: int, services: ServicesDep) -> PlanOut:
    return await services.plans.get(interview_id)


@router.put('/interviews/{interview_id}/plan', response_model=PlanOut, responses=responses(401, 404, 409))
async def put_plan(interview_id: int, data: PlanIn, services: ServicesDep) -> PlanOut:
    return await services.plans.replace(interview_id, data)


@router.post('/plans/preview', response_model=PlanOut, responses=responses(401))
async def preview_plan(data: InterviewCreate, services: ServicesDep) -> PlanOut:
    return services.plans.preview(data)


@router.put('/interviews/{interview_id}/decision', response_model=DecisionOut, responses=responses(401, 404, 409))
async def put_decision(interview_id: int, data: DecisionIn, services: ServicesDep) -> DecisionOut:
    interview = await services.decisions.record(interview_id, data, by='api')
    return DecisionOut.model_validate(interview.decision)
