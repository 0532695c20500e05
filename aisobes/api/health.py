from __future__ import annotations

from fastapi import APIRouter

from .. import __version__
from ..schemas import Health
from .deps import ServicesDep

router = APIRouter(tags=['health'])


@router.get('/health', response_model=Health)
async def health(services: ServicesDep) -> Health:
    return Health(status='ok', version=__version__, instance=services.instance_id, bus=services.bus.kind.value)
