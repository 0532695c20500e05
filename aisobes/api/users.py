"""/api/v1/users (admin only): accounts and roles. A user's API token is in the answer of create and of
`POST /{id}/token` only: it is stored as a hash. Every change is an audit entry."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..audit import AuditAction
from ..schemas import Deleted, FreeText, RowView
from ..users import MIN_PASSWORD, UserRole
from .deps import ADMIN, ActorDep, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/users', tags=['users'])

Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=100,
                                            pattern=r'^[\w.@+-]+$')]
Password = Annotated[FreeText, Field(min_length=MIN_PASSWORD, max_length=200)]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra='forbid')

    username: Username
    password: Password
    role: UserRole


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra='forbid')

    role: UserRole | None = None
    password: Password | None = None
    disabled: bool | None = None


class UserOut(RowView):
    id: int
    username: str
    role: UserRole
    disabled: bool
    created_at: datetime


class UserWithToken(UserOut):
    api_token: str = Field(description='shown once; only its hash is stored')


@router.post('', response_model=UserWithToken, dependencies=ADMIN, responses=responses(401, 403, 409))
async def create_user(data: UserCreate, services: ServicesDep, actor: ActorDep) -> UserWithToken:
    user, token = await services.users.create(data.username, data.password, data.role)
    await services.audit.record(AuditAction.USER_CREATE, actor, f'user:{user.username}')
    return UserWithToken(**UserOut.model_validate(user).model_dump(), api_token=token)


@router.get('', response_model=list[UserOut], dependencies=ADMIN, responses=responses(401, 403))
async def list_users(services: ServicesDep) -> list[UserOut]:
    return [UserOut.model_validate(user) for user in await services.users.list()]


@router.patch('/{user_id}', response_model=UserOut, dependencies=ADMIN, responses=responses(401, 403, 404))
async def update_user(user_id: int, data: UserUpdate, services: ServicesDep, actor: ActorDep) -> UserOut:
    user = await services.users.update(user_id, role=data.role, password=data.password, disabled=data.disabled)
    await services.audit.record(AuditAction.USER_UPDATE, actor, f'user:{user.username}')
    return UserOut.model_validate(user)


@router.delete('/{user_id}', response_model=Deleted, dependencies=ADMIN, responses=responses(401, 403, 404))
async def delete_user(user_id: int, services: ServicesDep, actor: ActorDep) -> Deleted:
    user = await services.users.delete(user_id)
    await services.audit.record(AuditAction.USER_DELETE, actor, f'user:{user.username}')
    return Deleted(deleted=user_id)


@router.post('/{user_id}/token', response_model=UserWithToken, dependencies=ADMIN,
             responses=responses(401, 403, 404))
async def new_token(user_id: int, services: ServicesDep, actor: ActorDep) -> UserWithToken:
    user, token = await services.users.new_token(user_id)
    await services.audit.record(AuditAction.USER_TOKEN, actor, f'user:{user.username}')
    return UserWithToken(**UserOut.model_validate(user).model_dump(), api_token=token)
