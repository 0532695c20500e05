"""The admin page's downloads, served behind the admin session (like every /admin path): the transcript pair and the
PDF report. Each download is recorded in the audit log with the logged-in user."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse, RedirectResponse
from nicegui import app

from aisobes.api.reports import pdf_response
from aisobes.audit import Actor, AuditAction, interview_target
from aisobes.errors import NotFound
from aisobes.services import Services
from aisobes.transcripts import transcript_file

from .session import SHARED_ADMIN, USER_KEY

DOWNLOAD_PATH = '/admin/interviews/{interview_id}/transcript.{kind}'
PDF_PATH = '/admin/interviews/{interview_id}/report.pdf'
DOWNLOADS = {'json': AuditAction.DOWNLOAD_JSON, 'txt': AuditAction.DOWNLOAD_TXT}


def register(services: Services) -> None:
    app.remove_route(DOWNLOAD_PATH)  # a test run registers the app more than once
    app.remove_route(PDF_PATH)

    @app.get(DOWNLOAD_PATH, include_in_schema=False)
    async def download_transcript(request: Request, interview_id: int, kind: str):
        try:
            interview = await services.interviews.get(interview_id)
        except NotFound:
            return RedirectResponse('/admin', status_code=303)
        found = transcript_file(interview, kind)
        if found is None or kind not in DOWNLOADS:
            return RedirectResponse(f'/admin/interviews/{interview_id}', status_code=303)
        path, media_type = found
        await services.audit.record(DOWNLOADS[kind], request_actor(request), interview_target(interview_id))
        return FileResponse(path, media_type=media_type, filename=path.name)

    @app.get(PDF_PATH, include_in_schema=False)
    async def download_pdf(request: Request, interview_id: int):
        try:
            return await pdf_response(services, interview_id, request_actor(request))
        except NotFound:
            return RedirectResponse('/admin', status_code=303)


def request_actor(request: Request) -> Actor:
    return Actor(app.storage.user.get(USER_KEY) or SHARED_ADMIN, request.client.host if request.client else None)
