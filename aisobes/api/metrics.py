"""/api/v1/metrics (Bearer AISOBES_API_TOKEN): what an operator watches about speech recognition.

Transcriber state and model load time, queue depth and drops, per-utterance speech end -> chat latency,
transcription compute time and queue wait (count / p50 / p95 / max over the last 500)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .. import __version__
from .deps import TOKEN, ServicesDep
from .errors import responses

router = APIRouter(prefix='/api/v1', tags=['metrics'], dependencies=[TOKEN])


@router.get('/metrics', responses=responses(401, 403))
async def metrics(services: ServicesDep) -> dict[str, Any]:
    return {'version': __version__, 'speech': services.speech.metrics()}
