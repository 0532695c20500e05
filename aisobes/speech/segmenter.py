"""Cuts a stream of VAD-scored chunks into utterances. Pure: no model, no clock, no I/O.

Endpointing is speculative to keep it fast: after a short pause (~300 ms) the utterance is handed over for its
final transcription at once (`Speculate`); if the pause holds (~640 ms in all) the result is kept (`Commit`), and
if the candidate goes on speaking it is thrown away (`Cancel`). The audio of a `Commit` that follows a `Speculate`
is exactly the audio that was speculated on, so the early result is valid. While the candidate speaks, a `Partial`
about once a second carries the audio so far. A very long utterance is cut at `max_utterance` seconds.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from .audio import SAMPLE_RATE
from .vad import CHUNK

CHUNK_SECONDS = CHUNK / SAMPLE_RATE


@dataclass(frozen=True)
class SegmenterConfig:
    threshold: float = 0.5  # a chunk this likely to be speech starts (or continues) an utterance
    end_threshold: float = 0.35  # below this a chunk counts as silence (hysteresis, as Silero recommends)
    start_chunks: int = 2  # consecutive speech chunks needed to start: a click is not an utterance
    preroll: float = 0.25  # seconds kept from before the start, so the first syllable is not clipped
    tail: float = 0.15  # seconds of silence kept after the last speech chunk
    speculate_after: float = 0.3  # pause that starts the final transcription speculatively
    final_after: float = 0.64  # pause that ends the utterance
    partial_every: float = 1.0
    min_partial: float = 0.6  # no partial of less audio than this
    min_speech: float = 0.25  # voiced seconds below which an utterance is dropped as noise
    max_utterance: float = 25.0  # Whisper sees 30 s at most; cut long monologues before that


@dataclass(frozen=True)
class Started:
    utterance: int


@dataclass(frozen=True)
class Partial:
    utterance: int
    audio: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Speculate:
    utterance: int
    audio: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class Cancel:
    utterance: int


@dataclass(frozen=True)
class Commit:
    utterance: int
    audio: np.ndarray = field(repr=False)
    speech_end: float  # stream time (s) where the speech ended
    speculated: bool  # a Speculate with this very audio came before
    forced: bool = False  # cut at max_utterance or at the end of the stream


@dataclass(frozen=True)
class Discard:
    utterance: int


SegmentEvent = Started | Partial | Speculate | Cancel | Commit | Discard


class Segmenter:
    def __init__(self, config: SegmenterConfig | None = None) -> None:
        self.config = config or SegmenterConfig()
        c = self.config
        self._chunks = lambda seconds: max(1, round(seconds / CHUNK_SECONDS))
        self._preroll: deque[np.ndarray] = deque(maxlen=self._chunks(c.preroll))
        self._buffer: list[np.ndarray] = []
        self.utterance = 0
        self.speaking = False
        self._run = 0  # consecutive speech chunks while idle
        self._voiced = 0
        self._silence = 0
        self._last_voiced = 0  # chunks in the buffer up to and including the last voiced one
        self._speculated = False
        self._partial_at = 0
        self.chunks_seen = 0

    @property
    def now(self) -> float:
        """Stream time in seconds: how much audio has been scored."""
        return self.chunks_seen * CHUNK_SECONDS

    def push(self, chunk: np.ndarray, probability: float) -> list[SegmentEvent]:
        self.chunks_seen += 1
        if not self.speaking:
            return self._idle(chunk, probability)
        return self._speaking(chunk, probability)

    def flush(self) -> list[SegmentEvent]:
        """End of stream (or mute): finish the utterance in progress."""
        if not self.speaking:
            return []
        return self._end(forced=True)

    def _idle(self, chunk: np.ndarray, probability: float) -> list[SegmentEvent]:
        self._run = self._run + 1 if probability >= self.config.threshold else 0
        self._preroll.append(chunk)
        if self._run < self.config.start_chunks:
            return []
        self.utterance += 1
        self.speaking = True
        self._buffer = list(self._preroll)
        self._preroll.clear()
        self._voiced = self._run
        self._run = 0
        self._silence = 0
        self._last_voiced = len(self._buffer)
        self._speculated = False
        self._partial_at = len(self._buffer)
        return [Started(self.utterance)]

    def _speaking(self, chunk: np.ndarray, probability: float) -> list[SegmentEvent]:
        c = self.config
        events: list[SegmentEvent] = []
        self._buffer.append(chunk)
        if probability >= c.end_threshold:
            self._voiced += 1
            self._silence = 0
            self._last_voiced = len(self._buffer)
            if self._speculated:
                self._speculated = False
                events.append(Cancel(self.utterance))
        else:
            self._silence += 1
        if self._silence >= self._chunks(c.final_after):
            return events + self._end(forced=False)
        if (self._silence >= self._chunks(c.speculate_after) and not self._speculated
                and self._voiced * CHUNK_SECONDS >= c.min_speech):
            self._speculated = True
            events.append(Speculate(self.utterance, self._audio()))
        elif (self._silence == 0 and len(self._buffer) - self._partial_at >= self._chunks(c.partial_every)
              and len(self._buffer) >= self._chunks(c.min_partial)):
            self._partial_at = len(self._buffer)
            events.append(Partial(self.utterance, np.concatenate(self._buffer)))
        if len(self._buffer) >= self._chunks(c.max_utterance):
            events += self._end(forced=True)
            self._restart_after_cut(events)
        return events

    def _audio(self) -> np.ndarray:
        end = min(len(self._buffer), self._last_voiced + self._chunks(self.config.tail))
        return np.concatenate(self._buffer[:end])

    def _end(self, *, forced: bool) -> list[SegmentEvent]:
        utterance = self.utterance
        audio = self._audio()
        # a speculation is only ever made during a pause and cancelled when speech resumes, so a cut now (mute, a
        # closed socket, the length cap) ends the very audio it is transcribing: keep it, don't transcribe twice
        speculated = self._speculated
        speech_end = self.now - (len(self._buffer) - self._last_voiced) * CHUNK_SECONDS
        too_short = self._voiced * CHUNK_SECONDS < self.config.min_speech
        self.speaking = False
        self._speculated = False
        self._preroll.extend(self._buffer[-self._preroll.maxlen:])
        self._buffer = []
        if too_short:
            return [Discard(utterance)]
        return [Commit(utterance, audio, speech_end=speech_end, speculated=speculated, forced=forced)]

    def _restart_after_cut(self, events: list[SegmentEvent]) -> None:
        """A forced cut in the middle of speech: the next chunk continues in a new utterance."""
        self._preroll.clear()
        self.utterance += 1
        self.speaking = True
        self._buffer = []
        self._voiced = 0
        self._silence = 0
        self._last_voiced = 0
        self._partial_at = 0
        events.append(Started(self.utterance))
