"""Errors to HTTP, in one place: NotFound -> 404, Conflict -> 409, InvalidInput -> 422, each answered as
`{"detail": "<message for people>"}` (the shape FastAPI uses for its own errors); the database out of reach -> 503;
a validation error echoes the input made printable (a lone surrogate in it would otherwise crash the renderer)."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.requests import HTTPConnection
from starlette.routing import Match
from starlette.websockets import WebSocket

from ..db import UNREACHABLE
from ..edges import printable
from ..errors import AisobesError, Conflict, InvalidInput, NotFound, TooMany
from ..schemas import ErrorOut

log = logging.getLogger(__name__)
STATUS_OF: dict[type[AisobesError], int] = {NotFound: 404, Conflict: 409, InvalidInput: 422, TooMany: 429}

_DESCRIPTIONS = {400: 'The body is not JSON text (not UTF-8, or broken)',
                 401: 'Missing or invalid API token', 403: 'The role of this token may not do this',
                 404: 'No such interview, link, user or vacancy',
                 409: 'The interview is in a state that does not allow this (or the name is taken)',
                 422: 'The input breaks a rule (length, type, range)', 429: 'Too many requests; slow down',
                 503: 'The database is unreachable; try again shortly',
                 507: 'Finished, but the transcript files could not be written (disk full or read-only); retry finish'}
DB_DOWN = UNREACHABLE
DB_DOWN_MESSAGE = 'The database is unreachable right now; nothing was changed, try again shortly'


def status_of(error: AisobesError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400


async def domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AisobesError)
    return JSONResponse({'detail': error.message}, status_code=status_of(error))


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse({'detail': printable(jsonable_encoder(error.errors()))}, status_code=422)


async def method_not_allowed(request: Request, error: Exception) -> JSONResponse:
    """405 with an `Allow` that lists the methods of every route of the path (Starlette names only the first's)."""
    allowed: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches({**request.scope, 'method': '\0'})  # a method no route has: path matches only
        if match != Match.NONE and getattr(route, 'methods', None):
            allowed |= set(route.methods)
    return JSONResponse({'detail': 'Method Not Allowed'}, status_code=405,
                        headers={'Allow': ', '.join(sorted(allowed))})


async def database_down(request: HTTPConnection, error: Exception) -> JSONResponse | None:
    """503 for a request; a socket (whose handler met the outage) is closed with 1013, try again later."""
    if isinstance(request, WebSocket):
        log.warning('socket %s: database unreachable (%s); closing with 1013', request.url.path, type(error).__name__)
        try:
            await request.close(code=1013, reason='database unreachable')
        except RuntimeError:  # already closed or never accepted: nothing more to tell
            pass
        return None
    log.warning('%s %s: database unreachable (%s)', request.scope.get('method'), request.url.path,
                type(error).__name__)
    return JSONResponse({'detail': DB_DOWN_MESSAGE}, status_code=503, headers={'Retry-After': '5'})


def install(app: FastAPI) -> None:
    app.add_exception_handler(AisobesError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(405, method_not_allowed)
    for kind in DB_DOWN:
        app.add_exception_handler(kind, database_down)


def document_body_errors(router: APIRouter) -> None:
    """Every route that reads a JSON body can answer 400 (the body is not JSON text): say so in the OpenAPI document
    once here, for each router before it is included, instead of on each route."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.body_field is not None:
            route.responses.setdefault(400, {'model': ErrorOut, 'description': _DESCRIPTIONS[400]})


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that can answer these error statuses, for the OpenAPI document; every route
    that reads the database can also answer 503."""
    return {code: {'model': ErrorOut, 'description': _DESCRIPTIONS[code]} for code in (*codes, 503)}
