"""/api/v1/audit: the audit log, newest first, filtered by actor, action and target (admin only)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from ..audit import AuditAction
from ..edges import MAX_OFFSET
from ..schemas import RowView, SearchText
from .deps import ADMIN, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1/audit', tags=['audit'])


class AuditOut(RowView):
    at: datetime
    actor: str
    action: AuditAction
    target: str
    ip: str | None


class AuditPage(BaseModel):
    items: list[AuditOut]
    total: int
    limit: int
    offset: int


@router.get('', response_model=AuditPage, dependencies=ADMIN, responses=responses(401, 403))
async def list_audit(services: ServicesDep, actor: Annotated[SearchText, Query(max_length=100)] = '',
                     action: AuditAction | None = None, target: Annotated[SearchText, Query(max_length=200)] = '',
                     limit: Annotated[int, Query(ge=1, le=500)] = 100,
                     offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> AuditPage:
    items, total = await services.audit.query(actor=actor or None, action=action, target=target or None,
                                              limit=limit, offset=offset)
    return AuditPage(items=[AuditOut.model_validate(i) for i in items], total=total, limit=limit, offset=offset)
