"""/api/v1/metrics (Bearer AISOBES_API_TOKEN): what an operator watches about speech recognition.

Transcriber state and model load time, queue depth and drops, per-utterance speech end -> chat latency,
transcription compute time and queue wait (count / p50 / p95 / max over the last 500)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from .. import __version__
from ..services import Services
from .deps import get_services, require_token

router = APIRouter(prefix='/api/v1', tags=['metrics'], dependencies=[Depends(require_token)])


@router.get('/metrics')
async def metrics(services: Services = Depends(get_services)) -> dict[str, Any]:
    return {'version': __version__, 'speech': services.speech.metrics()}
