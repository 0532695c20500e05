"""FastAPI dependencies shared by the routers, as typed `Annotated` aliases."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from ..audit import Actor
from ..auth import secret_ok
from ..services import Services

_bearer = HTTPBearer(auto_error=False, description='AISOBES_API_TOKEN')

SERVICE_ACTOR = 'api'  # who the audit log names for the service token


def get_services(connection: HTTPConnection) -> Services:
    return connection.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def client_ip(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


def require_token(connection: HTTPConnection, services: ServicesDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None) -> Actor:
    if credentials is None or not secret_ok(services.settings.api_token, credentials.credentials):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, 'Missing or invalid API token',
                            headers={'WWW-Authenticate': 'Bearer'})
    return Actor(SERVICE_ACTOR, client_ip(connection))


TOKEN = Depends(require_token)
ActorDep = Annotated[Actor, Depends(require_token)]
