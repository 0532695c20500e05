"""/api/v1/vacancies: a plan reused for many candidates, bulk interviews (1–200, all or nothing) and the comparison of
the candidates. Reading needs the viewer role, changing the recruiter role; every change is an audit entry."""
from __future__ import annotations

from fastapi import APIRouter

from ..audit import AuditAction, interview_target
from ..comparison import candidate_row
from ..schemas import Deleted, InterviewCreated
from ..vacancy_schemas import CandidateRow, CandidatesIn, VacancyCreate, VacancyOut, VacancyUpdate
from .deps import RECRUITER, VIEWER, ActorDep, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/vacancies', tags=['vacancies'])


@router.post('', response_model=VacancyOut, dependencies=RECRUITER, responses=responses(401, 403))
async def create_vacancy(data: VacancyCreate, services: ServicesDep, actor: ActorDep) -> VacancyOut:
    vacancy = await services.vacancies.create(data)
    await services.audit.record(AuditAction.VACANCY_CREATE, actor, f'vacancy:{vacancy.id}')
    return VacancyOut.model_validate(vacancy)


@router.get('', response_model=list[VacancyOut], dependencies=VIEWER, responses=responses(401, 403))
async def list_vacancies(services: ServicesDep) -> list[VacancyOut]:
    return [VacancyOut.model_validate(vacancy) for vacancy in await services.vacancies.list()]


@router.get('/{vacancy_id}', response_model=VacancyOut, dependencies=VIEWER, responses=responses(401, 403, 404))
async def get_vacancy(vacancy_id: int, services: ServicesDep) -> VacancyOut:
    return VacancyOut.model_validate(await services.vacancies.get(vacancy_id))


@router.patch('/{vacancy_id}', response_model=VacancyOut, dependencies=RECRUITER,
              responses=responses(401, 403, 404))
async def update_vacancy(vacancy_id: int, data: VacancyUpdate, services: ServicesDep, actor: ActorDep) -> VacancyOut:
    vacancy = await services.vacancies.update(vacancy_id, data)
    await services.audit.record(AuditAction.PLAN_EDIT, actor, f'vacancy:{vacancy_id}')
    return VacancyOut.model_validate(vacancy)


@router.delete('/{vacancy_id}', response_model=Deleted, dependencies=RECRUITER, responses=responses(401, 403, 404))
async def delete_vacancy(vacancy_id: int, services: ServicesDep, actor: ActorDep) -> Deleted:
    await services.vacancies.delete(vacancy_id)
    await services.audit.record(AuditAction.VACANCY_DELETE, actor, f'vacancy:{vacancy_id}')
    return Deleted(deleted=vacancy_id)


@router.post('/{vacancy_id}/interviews', response_model=list[InterviewCreated], dependencies=RECRUITER,
             responses=responses(401, 403, 404))
async def add_candidates(vacancy_id: int, data: CandidatesIn, services: ServicesDep,
                         actor: ActorDep) -> list[InterviewCreated]:
    created = await services.vacancies.add_candidates(vacancy_id, data.candidates)
    for interview in created:
        await services.audit.record(AuditAction.CREATE, actor, interview_target(interview.id))
    context = {'base_url': services.settings.base_url}
    return [InterviewCreated.model_validate(interview, context=context) for interview in created]


@router.get('/{vacancy_id}/candidates', response_model=list[CandidateRow], dependencies=VIEWER,
            responses=responses(401, 403, 404))
async def list_candidates(vacancy_id: int, services: ServicesDep) -> list[CandidateRow]:
    return [candidate_row(interview) for interview in await services.vacancies.interviews_of(vacancy_id)]
