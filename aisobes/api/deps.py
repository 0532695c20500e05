"""FastAPI dependencies shared by the routers, as typed `Annotated` aliases.

Who calls: `AISOBES_API_TOKEN` (the service token, admin rights, actor `api`) or a user's own token (its role, actor
its name); anything else is 401. What they may do: `require(role)` on each route, 403 below that role.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, params, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.requests import HTTPConnection

from ..audit import Actor
from ..auth import secret_ok
from ..services import Services
from ..users import UserRole

_bearer = HTTPBearer(auto_error=False, description="AISOBES_API_TOKEN or a user's API token")

SERVICE_ACTOR = 'api'  # who the audit log names for the service token


@dataclass(frozen=True)
class Principal:
    actor: Actor
    role: UserRole


def get_services(connection: HTTPConnection) -> Services:
    return connection.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def client_ip(connection: HTTPConnection) -> str | None:
    return connection.client.host if connection.client else None


async def token_role(services: Services, token: str | None) -> tuple[str, UserRole] | None:
    """(actor, role) of a token: the service token or an enabled user's; None for anything else."""
    if token is None:
        return None
    if secret_ok(services.settings.api_token, token):
        return SERVICE_ACTOR, UserRole.ADMIN
    user = await services.users.by_token(token) if token else None
    return (user.username, user.role) if user is not None else None


async def authenticate(connection: HTTPConnection, services: ServicesDep,
                       credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None
                       ) -> Principal:
    found = await token_role(services, credentials.credentials if credentials is not None else None)
    if found is None:  # no token, or unknown, or a deleted or disabled user's
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, 'Missing or invalid API token',
                            headers={'WWW-Authenticate': 'Bearer'})
    return Principal(Actor(found[0], client_ip(connection)), found[1])


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require(role: UserRole) -> params.Depends:
    """A route's dependency: the caller's role includes `role` (admin > recruiter > viewer), else 403."""
    def check(principal: PrincipalDep) -> Principal:
        if not principal.role.allows(role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f'The {principal.role} role may not do this '
                                                           f'({role} or above is needed)')
        return principal
    return Depends(check)


def actor_of(principal: PrincipalDep) -> Actor:
    return principal.actor


VIEWER = [require(UserRole.VIEWER)]
RECRUITER = [require(UserRole.RECRUITER)]
ADMIN = [require(UserRole.ADMIN)]
TOKEN = require(UserRole.ADMIN)  # the service token's routes (metrics): admin rights
ActorDep = Annotated[Actor, Depends(actor_of)]
