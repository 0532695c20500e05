"""Recognition confidence: when it counts as low, and how the admin chat view recognises such a message."""
from __future__ import annotations

from datetime import UTC, datetime

from aisobes.models import Role, Source
from aisobes.schemas import MessageOut
from aisobes.speech.transcriber import Confidence
from pages.chat_view import low_confidence


def test_low_confidence_follows_whispers_figures() -> None:
    assert not Confidence(-0.3, 0.01, 1.1).low
    assert Confidence(-1.2, 0.01, 1.1).low  # unsure tokens
    assert Confidence(-0.3, 0.7, 1.1).low  # probably not speech
    assert Confidence(-0.3, 0.01, 2.8).low  # a loop
    assert not Confidence().low  # an engine that reports nothing is not doubted
    assert Confidence(-1.2, 0.01, 1.1).as_meta() == {'avg_logprob': -1.2, 'no_speech_prob': 0.01,
                                                      'compression_ratio': 1.1, 'low': True}


def message(source: Source, meta: dict | None) -> MessageOut:
    return MessageOut(id=1, content='x', role=Role.CANDIDATE, timestamp=datetime.now(UTC), interview_id=1,
                      source=source, meta=meta)


def test_the_chat_view_marks_only_doubtful_speech() -> None:
    low = {'confidence': Confidence(-1.2).as_meta()}
    assert low_confidence(message(Source.SPEECH, low))
    assert not low_confidence(message(Source.SPEECH, {'confidence': Confidence(-0.2).as_meta()}))
    assert not low_confidence(message(Source.TYPED, low))
    assert not low_confidence(message(Source.SPEECH, None))
