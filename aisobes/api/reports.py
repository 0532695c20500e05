"""/api/v1/interviews/{id}/report.pdf: the interview report as a PDF (aisobes.pdf_report), recorded in the audit log."""
from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from ..audit import Actor, AuditAction, interview_target
from ..pdf_report import FontMissing, render_pdf
from ..services import Services
from .deps import VIEWER, ActorDep, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/interviews', tags=['interviews'])


@router.get('/{interview_id}/report.pdf', response_class=Response, dependencies=VIEWER, responses={
    **responses(401, 403, 404), 200: {'content': {'application/pdf': {}}, 'description': 'The report as a PDF'},
    503: {'description': 'The PDF font is not installed on the server'}})
async def report_pdf(interview_id: int, services: ServicesDep, actor: ActorDep) -> Response:
    return await pdf_response(services, interview_id, actor)


async def pdf_response(services: Services, interview_id: int, actor: Actor) -> Response:
    """The PDF download, for this route and the admin page's button alike."""
    interview = await services.interviews.get(interview_id)
    try:
        content = await asyncio.to_thread(render_pdf, interview)
    except FontMissing as e:
        raise HTTPException(503, str(e)) from e
    await services.audit.record(AuditAction.DOWNLOAD_PDF, actor, interview_target(interview_id))
    return Response(content, media_type='application/pdf',
                    headers={'Content-Disposition': f'attachment; filename="interview_{interview_id}_report.pdf"'})
