"""/api/v1/interviews: create, read, start, finish, list, messages, transcripts, delete."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse

from ..errors import Conflict, NotFound
from ..models import Interview, Status
from ..schemas import (FinishOut, InterviewAdmin, InterviewCreate, InterviewCreated, InterviewPage, InterviewPublic,
                       MessageOut, StatusOut)
from ..services import Services
from ..transcripts import transcript_file
from .deps import get_services, require_token

router = APIRouter(prefix='/api/v1/interviews', tags=['interviews'])
admin = [Depends(require_token)]


@router.post('/', response_model=InterviewCreated, dependencies=admin)
def create_interview(data: InterviewCreate, services: Services = Depends(get_services)) -> InterviewCreated:
    interview = services.interviews.create(data)
    return InterviewCreated(id=interview.id, unique_link=interview.unique_link,
                            full_link=services.interviews.full_link(interview), candidate_name=interview.candidate_name,
                            position=interview.position, status=str(interview.status),
                            recommended_duration=interview.recommended_duration, created_at=interview.created_at)


@router.get('/', response_model=InterviewPage, dependencies=admin)
def list_interviews(status: Optional[Status] = None, search: str = Query('', max_length=200),
                    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0),
                    services: Services = Depends(get_services)) -> InterviewPage:
    items, total = services.interviews.list(status=status, search=search, limit=limit, offset=offset)
    return InterviewPage(items=[admin_view(services, i) for i in items], total=total, limit=limit, offset=offset)


@router.get('/{unique_link}', response_model=InterviewPublic)
def get_by_link(unique_link: str, services: Services = Depends(get_services)) -> InterviewPublic:
    return public_view(_found(lambda: services.interviews.get_by_link(unique_link)))


@router.get('/{interview_id}/details', response_model=InterviewAdmin, dependencies=admin)
def get_details(interview_id: int, services: Services = Depends(get_services)) -> InterviewAdmin:
    return admin_view(services, _found(lambda: services.interviews.get(interview_id)))


@router.patch('/{interview_id}/start', response_model=StatusOut, dependencies=admin)
async def start_interview(interview_id: int, services: Services = Depends(get_services)) -> StatusOut:
    _found(lambda: services.interviews.get(interview_id))
    try:
        interview = await services.interviews.start(interview_id)
    except Conflict as e:
        raise HTTPException(409, e.message) from e
    return status_view(interview)


@router.patch('/{interview_id}/finish', response_model=FinishOut, dependencies=admin)
async def finish_interview(interview_id: int, services: Services = Depends(get_services)) -> FinishOut:
    _found(lambda: services.interviews.get(interview_id))
    try:
        interview = await services.interviews.finish(interview_id)
    except OSError as e:
        raise HTTPException(500, f'The interview is finished but its transcript could not be written ({e}); '
                                 'retry finish') from e
    return FinishOut(**status_view(interview).model_dump(), transcript_path=interview.transcript_path,
                     text_transcript_path=interview.text_transcript_path)


@router.get('/{interview_id}/status', response_model=StatusOut, dependencies=admin)
def get_status(interview_id: int, services: Services = Depends(get_services)) -> StatusOut:
    return status_view(_found(lambda: services.interviews.get(interview_id)))


@router.get('/{interview_id}/messages', response_model=list[MessageOut], dependencies=admin)
def get_messages(interview_id: int, services: Services = Depends(get_services)) -> list[MessageOut]:
    _found(lambda: services.interviews.get(interview_id))
    return services.chat.history(interview_id)


@router.get('/{interview_id}/transcript.json', dependencies=admin, response_class=FileResponse)
def download_json(interview_id: int, services: Services = Depends(get_services)) -> FileResponse:
    return _file(_found(lambda: services.interviews.get(interview_id)), 'json')


@router.get('/{interview_id}/transcript.txt', dependencies=admin, response_class=FileResponse)
def download_txt(interview_id: int, services: Services = Depends(get_services)) -> FileResponse:
    return _file(_found(lambda: services.interviews.get(interview_id)), 'txt')


@router.delete('/{interview_id}', dependencies=admin)
async def delete_interview(interview_id: int, services: Services = Depends(get_services)) -> dict:
    _found(lambda: services.interviews.get(interview_id))
    await services.interviews.delete(interview_id)
    return {'deleted': interview_id}


def public_view(interview: Interview) -> InterviewPublic:
    return InterviewPublic(id=interview.id, unique_link=interview.unique_link,
                           candidate_name=interview.candidate_name, position=interview.position,
                           status=str(interview.status), recommended_duration=interview.recommended_duration,
                           language=interview.language, created_at=interview.created_at,
                           started_at=interview.started_at, finished_at=interview.finished_at,
                           actual_duration=interview.actual_duration)


def admin_view(services: Services, interview: Interview) -> InterviewAdmin:
    return InterviewAdmin(**public_view(interview).model_dump(), candidate_id=interview.candidate_id,
                          full_link=services.interviews.full_link(interview), knowledge_base=interview.knowledge_base,
                          description=interview.description, transcript_path=interview.transcript_path,
                          text_transcript_path=interview.text_transcript_path, report=interview.report)


def status_view(interview: Interview) -> StatusOut:
    return StatusOut(interview_id=interview.id, status=str(interview.status), started_at=interview.started_at,
                     finished_at=interview.finished_at, actual_duration=interview.actual_duration)


def _found(get):
    try:
        return get()
    except NotFound as e:
        raise HTTPException(404, e.message) from e


def _file(interview: Interview, kind: str) -> FileResponse:
    found = transcript_file(interview, kind)
    if found is None:
        raise HTTPException(404, 'No transcript yet: the interview is not finished')
    path, media_type = found
    return FileResponse(path, media_type=media_type, filename=path.name)
