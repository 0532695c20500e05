"""FastAPI dependencies shared by the routers, as typed `Annotated` aliases."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from ..auth import secret_ok
from ..services import Services

_bearer = HTTPBearer(auto_error=False, description='AISOBES_API_TOKEN')


def get_services(connection: HTTPConnection) -> Services:
    return connection.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def require_token(services: ServicesDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None) -> None:
    if credentials is None or not secret_ok(services.settings.api_token, credentials.credentials):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, 'Missing or invalid API token',
                            headers={'WWW-Authenticate': 'Bearer'})


TOKEN = Depends(require_token)
