"""Domain errors to HTTP, in one place: NotFound -> 404, Conflict -> 409, InvalidInput -> 422, each answered as
`{"detail": "<message for people>"}` (the shape FastAPI uses for its own errors)."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..errors import AisobesError, Conflict, InvalidInput, NotFound
from ..schemas import ErrorOut

STATUS_OF: dict[type[AisobesError], int] = {NotFound: 404, Conflict: 409, InvalidInput: 422}

_DESCRIPTIONS = {401: 'Missing or invalid API token', 403: 'The role of this token may not do this',
                 404: 'No such interview, link, user or vacancy',
                 409: 'The interview is in a state that does not allow this (or the name is taken)',
                 422: 'The input breaks a rule (length, type, range)'}


def status_of(error: AisobesError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400


async def domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AisobesError)
    return JSONResponse({'detail': error.message}, status_code=status_of(error))


def install(app: FastAPI) -> None:
    app.add_exception_handler(AisobesError, domain_error)


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that can answer these error statuses, for the OpenAPI document."""
    return {code: {'model': ErrorOut, 'description': _DESCRIPTIONS[code]} for code in codes}
