"""/api/v1/interviews: create, read, start, finish, list, messages, transcripts, delete.

Thin: parse, call the service, read the response from the row. Domain errors become 404 / 409 / 422 in
aisobes.api.errors; the token check is the router's dependency.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse

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
from .deps import TOKEN, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/interviews', tags=['interviews'])
ADMIN = [TOKEN]


@router.post('/', response_model=InterviewCreated, dependencies=ADMIN, responses=responses(400, 401))
async def create_interview(data: InterviewCreate, services: ServicesDep) -> InterviewCreated:
    interview = await services.interviews.create(data)
    return InterviewCreated.model_validate(interview, context=_links(services))


@router.get('/', response_model=InterviewPage, dependencies=ADMIN, responses=responses(401))
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


@router.get('/{interview_id}/details', response_model=InterviewAdmin, dependencies=ADMIN,
            responses=responses(401, 404))
async def get_details(interview_id: int, services: ServicesDep) -> InterviewAdmin:
    return InterviewAdmin.model_validate(await services.interviews.get(interview_id), context=_links(services))


@router.patch('/{interview_id}/start', response_model=StatusOut, dependencies=ADMIN,
              responses=responses(401, 404, 409))
async def start_interview(interview_id: int, services: ServicesDep) -> StatusOut:
    return StatusOut.model_validate(await services.interviews.start(interview_id))


@router.patch('/{interview_id}/finish', response_model=FinishOut, dependencies=ADMIN,
              responses=responses(401, 404, 507))
async def finish_interview(interview_id: int, services: ServicesDep) -> FinishOut:
    try:
        interview = await services.interviews.finish(interview_id)
    except OSError as e:
        raise HTTPException(507, f'The interview is finished but its transcript could not be written ({e}); '
                                 'retry finish') from e
    return FinishOut.model_validate(interview)


@router.get('/{interview_id}/status', response_model=StatusOut, dependencies=ADMIN, responses=responses(401, 404))
async def get_status(interview_id: int, services: ServicesDep) -> StatusOut:
    return StatusOut.model_validate(await services.interviews.get(interview_id))


@router.get('/{interview_id}/messages', response_model=list[MessageOut], dependencies=ADMIN,
            responses=responses(401, 404))
async def get_messages(interview_id: int, services: ServicesDep) -> list[MessageOut]:
    await services.interviews.get(interview_id)
    return await services.chat.history(interview_id)


@router.get('/{interview_id}/transcript.json', dependencies=ADMIN, response_class=FileResponse,
            responses=responses(401, 404, 409))
async def download_json(interview_id: int, services: ServicesDep) -> FileResponse:
    return _file(await services.interviews.get(interview_id), 'json')


@router.get('/{interview_id}/transcript.txt', dependencies=ADMIN, response_class=FileResponse,
            responses=responses(401, 404, 409))
async def download_txt(interview_id: int, services: ServicesDep) -> FileResponse:
    return _file(await services.interviews.get(interview_id), 'txt')


@router.delete('/{interview_id}', response_model=Deleted, dependencies=ADMIN, responses=responses(401, 404))
async def delete_interview(interview_id: int, services: ServicesDep) -> Deleted:
    await services.interviews.delete(interview_id)
    return Deleted(deleted=interview_id)


def _links(services: Services) -> dict[str, str]:
    return {'base_url': services.settings.base_url}


def _file(interview: Interview, kind: str) -> FileResponse:
    found = transcript_file(interview, kind)
    if found is None:
        raise HTTPException(409, 'No transcript yet: the interview is not finished (or its files are not written)')
    path, media_type = found
    return FileResponse(path, media_type=media_type, filename=path.name)
