"""/api/v1/interviews: create, read, start, finish, list, messages, transcripts, delete.

Thin: parse, call the service, read the response from the row. Domain errors become 404 / 409 / 422 in
aisobes.api.errors; the token check is the router's dependency.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse

from ..audit import AuditAction, interview_target
from ..edges import MAX_OFFSET
from ..models import Interview, Status
from ..schemas import (
    Deleted,
    FinishOut,
    InterviewAdmin,
    InterviewCreate,
    InterviewCreated,
    InterviewPage,
    InterviewPublic,
    MessageOut,
    SearchText,
    StatusOut,
)
from ..services import Services
from ..transcripts import transcript_file
from .deps import RECRUITER, VIEWER, ActorDep, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/interviews', tags=['interviews'])


@router.post('/', response_model=InterviewCreated, dependencies=RECRUITER, responses=responses(400, 401, 403))
async def create_interview(data: InterviewCreate, services: ServicesDep, actor: ActorDep) -> InterviewCreated:
    interview = await services.interviews.create(data)
    await services.audit.record(AuditAction.CREATE, actor, interview_target(interview.id))
    return InterviewCreated.model_validate(interview, context=_links(services))


@router.get('/', response_model=InterviewPage, dependencies=VIEWER, responses=responses(401, 403))
async def list_interviews(services: ServicesDep, status: Status | None = None,
                          search: Annotated[SearchText, Query(max_length=200)] = '',
                          limit: Annotated[int, Query(ge=1, le=200)] = 50,
                          offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> InterviewPage:
    items, total = await services.interviews.list(status=status, search=search, limit=limit, offset=offset)
    return InterviewPage(items=[InterviewAdmin.model_validate(i, context=_links(services)) for i in items],
                         total=total, limit=limit, offset=offset)


@router.get('/{unique_link}', response_model=InterviewPublic, responses=responses(404))
async def get_by_link(unique_link: str, services: ServicesDep) -> InterviewPublic:
    return InterviewPublic.model_validate(await services.interviews.get_by_link(unique_link))


@router.get('/{interview_id}/details', response_model=InterviewAdmin, dependencies=VIEWER,
            responses=responses(401, 403, 404))
async def get_details(interview_id: int, services: ServicesDep, actor: ActorDep) -> InterviewAdmin:
    interview = await services.interviews.get(interview_id)
    await services.audit.record(AuditAction.DETAILS, actor, interview_target(interview_id))
    return InterviewAdmin.model_validate(interview, context=_links(services))


@router.patch('/{interview_id}/start', response_model=StatusOut, dependencies=RECRUITER,
              responses=responses(401, 403, 404, 409))
async def start_interview(interview_id: int, services: ServicesDep, actor: ActorDep) -> StatusOut:
    interview = await services.interviews.start(interview_id)
    await services.audit.record(AuditAction.START, actor, interview_target(interview_id))
    return StatusOut.model_validate(interview)


@router.patch('/{interview_id}/finish', response_model=FinishOut, dependencies=RECRUITER,
              responses=responses(401, 403, 404, 507))
async def finish_interview(interview_id: int, services: ServicesDep, actor: ActorDep) -> FinishOut:
    await services.interviews.get(interview_id)  # a 404 is not an action
    await services.audit.record(AuditAction.FINISH, actor, interview_target(interview_id))
    try:
        interview = await services.interviews.finish(interview_id)
    except OSError as e:
        raise HTTPException(507, f'The interview is finished but its transcript could not be written ({e}); '
                                 'retry finish') from e
    return FinishOut.model_validate(interview)


@router.get('/{interview_id}/status', response_model=StatusOut, dependencies=VIEWER, responses=responses(401, 403, 404))
async def get_status(interview_id: int, services: ServicesDep) -> StatusOut:
    return StatusOut.model_validate(await services.interviews.get(interview_id))


@router.get('/{interview_id}/messages', response_model=list[MessageOut], dependencies=VIEWER,
            responses=responses(401, 403, 404))
async def get_messages(interview_id: int, services: ServicesDep) -> list[MessageOut]:
    await services.interviews.get(interview_id)
    return await services.chat.history(interview_id)


@router.get('/{interview_id}/transcript.json', dependencies=VIEWER, response_class=FileResponse,
            responses=responses(401, 403, 404, 409))
async def download_json(interview_id: int, services: ServicesDep, actor: ActorDep) -> FileResponse:
    response = _file(await services.interviews.get(interview_id), 'json')
    await services.audit.record(AuditAction.DOWNLOAD_JSON, actor, interview_target(interview_id))
    return response


@router.get('/{interview_id}/transcript.txt', dependencies=VIEWER, response_class=FileResponse,
            responses=responses(401, 403, 404, 409))
async def download_txt(interview_id: int, services: ServicesDep, actor: ActorDep) -> FileResponse:
    response = _file(await services.interviews.get(interview_id), 'txt')
    await services.audit.record(AuditAction.DOWNLOAD_TXT, actor, interview_target(interview_id))
    return response


@router.delete('/{interview_id}', response_model=Deleted, dependencies=RECRUITER, responses=responses(401, 403, 404))
async def delete_interview(interview_id: int, services: ServicesDep, actor: ActorDep) -> Deleted:
    await services.interviews.delete(interview_id)
    await services.audit.record(AuditAction.DELETE, actor, interview_target(interview_id))
    return Deleted(deleted=interview_id)


def _links(services: Services) -> dict[str, str]:
    return {'base_url': services.settings.base_url}


def _file(interview: Interview, kind: str) -> FileResponse:
    found = transcript_file(interview, kind)
    if found is None:
        raise HTTPException(409, 'No transcript yet: the interview is not finished (or its files are not written)')
    path, media_type = found
    return FileResponse(path, media_type=media_type, filename=path.name)
