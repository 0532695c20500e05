"""When the candidate's answer is over: decided from the text of the last final and the pause so far, not timed.

Pure. A spoken final that reads as a complete sentence gets a short wait (`complete_wait`, counted from the end of
speech, so the endpointing and the transcription already spent count); one that stops mid-clause (a conjunction,
a preposition, a comma, "that / which / because", «что», «который», «потому что», «и», «а», a filler «эээ» / "um")
gets the long one (`unfinished_wait`): the candidate is thinking. Speech resuming postpones the turn (the engine
asks again with `resumed`); a typed message is answered after `typed_wait` (0: at once).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..models import Source

UNFINISHED_WORDS = frozenset('''
    and or but because that which who whom whose where when while if than as although though unless until
    whether nor the a an of to in on at for with from by about into over under between my our their your
    um uh erm er hmm mm
    и а но или что чтобы который которая которое которые которого которой которых которым потому поэтому
    когда если хотя пока где куда откуда чем либо причём причем притом
    в во на с со к ко по о об обо от до из за под над при про для без через между у перед около
    мой моя мои наш наша наши этот эта эти
    эээ ээ э эм ммм мм хм ну типа короче
'''.split())
_FILLER = re.compile(r'^(э+|э+м+|м+|ммм+|u+m+|u+h+|e+r+m*|h+m+)$')
_WORDS = re.compile(r"[\w']+")


class Ending(StrEnum):
    COMPLETE = 'complete'  # a sentence that reads as finished: reply right after the endpoint
    UNFINISHED = 'unfinished'  # a clause left open, a filler: wait for more


def ending_of(text: str) -> Ending:
    """How a spoken final ends."""
    stripped = text.strip()
    if not stripped:
        return Ending.UNFINISHED
    if stripped.endswith(('...', '…', ',', ';', ':', '-', '—', '–')):
        return Ending.UNFINISHED
    words = _WORDS.findall(stripped.lower())
    if not words:
        return Ending.COMPLETE
    last = words[-1]
    if last in UNFINISHED_WORDS or _FILLER.match(last):
        return Ending.UNFINISHED
    if len(words) >= 2 and ' '.join(words[-2:]) in ('потому что', 'так что', 'для того', 'кроме того', 'such as'):
        return Ending.UNFINISHED
    return Ending.COMPLETE


@dataclass(frozen=True)
class TurnPolicy:
    complete_wait: float = 0.5  # seconds after the end of speech before replying to a complete sentence
    unfinished_wait: float = 4.0  # seconds after the end of speech before replying to an unfinished clause
    typed_wait: float = 0.0  # seconds a typed message waits for more typing

    def wait(self, text: str, source: Source, since_speech_end: float = 0.0) -> float:
        """Seconds still to wait before the AI takes its turn after this candidate message."""
        if source != Source.SPEECH:
            return self.typed_wait
        limit = self.complete_wait if ending_of(text) == Ending.COMPLETE else self.unfinished_wait
        return max(0.0, limit - max(0.0, since_speech_end))

    def resumed(self) -> float:
        """The candidate speaks again: wait at most this long for the next final (it sets the wait anew); if none
        comes (the sound was noise), the turn is taken after it."""
        return self.unfinished_wait
