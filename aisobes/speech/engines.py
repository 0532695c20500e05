"""The speech engines, keyed by `AISOBES_WHISPER`. A new engine is a `Transcriber` subclass and one line here.

This module imports every engine, and no engine imports it, so the contract (transcriber.py) stays free of them.
"""
from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from .local import LocalTranscriber
from .remote import RemoteTranscriber
from .transcriber import OffTranscriber, Transcriber

ENGINES: dict[str, Callable[[Settings], Transcriber]] = {
    'local': LocalTranscriber.from_settings,  # faster-whisper in this process
    'remote': RemoteTranscriber.from_settings,  # a Whisper WebSocket server (the original protocol)
    'off': lambda settings: OffTranscriber(),
}


def create_transcriber(settings: Settings) -> Transcriber:
    """The engine `settings.whisper` names (built, not started)."""
    factory = ENGINES.get(settings.whisper)
    if factory is None:
        raise ValueError(f'unknown AISOBES_WHISPER {settings.whisper!r} (one of: {", ".join(ENGINES)})')
    return factory(settings)
