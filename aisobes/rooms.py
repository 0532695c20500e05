"""Live rooms: a small UI-free publish/subscribe per interview.

Every change that someone watching an interview should see (a chat message, a status change, partial speech
text, the AI's streaming reply, a timer milestone) is published to the interview's room. The NiceGUI pages,
the chat WebSocket and the AI interviewer are all subscribers of the same room.

Handlers are plain callables run synchronously inside `publish`; they must not block (a WebSocket handler puts
the event on its own queue, a page handler updates its elements). One handler that raises is logged and does
not stop the others.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Optional, Union

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MessagePosted:
    message: Any  # aisobes.schemas.MessageOut


@dataclass(frozen=True)
class StatusChanged:
    status: str
    started_at: Optional[datetime]
    finished_at: Optional[datetime]
    actual_duration: Optional[int]


@dataclass(frozen=True)
class TranscriptWritten:
    """A finished interview's report and transcript files are stored (finish publishes the status change first)."""
    transcript_path: str
    text_transcript_path: str


@dataclass(frozen=True)
class SpeechPartial:
    """Text of the utterance the candidate is speaking right now; empty text clears it."""
    text: str
    utterance: int = 0


@dataclass(frozen=True)
class SpeechState:
    """State of speech recognition for this interview: starting | listening | recognising | reconnecting |
    unavailable | off."""
    state: str
    detail: str = ''


@dataclass(frozen=True)
class AiStreaming:
    """The AI's reply while it is being generated; `done` once the final message is posted."""
    text: str
    done: bool = False


@dataclass(frozen=True)
class Milestone:
    """A timer milestone: 'wrap_up' (about 85 % of the time) or 'time_up' (100 %)."""
    name: str
    at: datetime = field(default=None)  # type: ignore[assignment]


RoomEvent = Union[MessagePosted, StatusChanged, TranscriptWritten, SpeechPartial, SpeechState, AiStreaming, Milestone]
Handler = Callable[[RoomEvent], None]


class InterviewRoom:
    def __init__(self, interview_id: int) -> None:
        self.interview_id = interview_id
        self._handlers: list[Handler] = []
        self.last_speech_state: Optional[SpeechState] = None

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        self._handlers.append(handler)

        def unsubscribe() -> None:
            if handler in self._handlers:
                self._handlers.remove(handler)
        return unsubscribe

    @property
    def subscriber_count(self) -> int:
        return len(self._handlers)

    def publish(self, event: RoomEvent) -> None:
        if isinstance(event, SpeechState):
            self.last_speech_state = event
        for handler in list(self._handlers):
            try:
                handler(event)
            except Exception:  # one broken subscriber must not silence the room
                log.exception('room %s: subscriber failed on %s', self.interview_id, type(event).__name__)


class RoomHub:
    """All live rooms of this server, by interview id."""

    def __init__(self) -> None:
        self._rooms: dict[int, InterviewRoom] = {}
        self._on_room_created: list[Callable[[InterviewRoom], None]] = []
        self._list_watchers: list[Callable[[], None]] = []

    def room(self, interview_id: int) -> InterviewRoom:
        room = self._rooms.get(interview_id)
        if room is None:
            room = self._rooms[interview_id] = InterviewRoom(interview_id)
            for callback in list(self._on_room_created):
                try:
                    callback(room)
                except Exception:
                    log.exception('room %s: on_room_created callback failed', interview_id)
        return room

    def on_room_created(self, callback: Callable[[InterviewRoom], None]) -> None:
        """Call `callback(room)` whenever a room is created (e.g. so the AI interviewer can join it at once)."""
        self._on_room_created.append(callback)

    def publish(self, interview_id: int, event: RoomEvent) -> None:
        self.room(interview_id).publish(event)

    def watch_list(self, handler: Callable[[], None]) -> Callable[[], None]:
        """Call `handler()` (from any thread) whenever an interview is created, changes status or is deleted, so that
        lists of interviews can follow live. Returns unsubscribe."""
        self._list_watchers.append(handler)

        def unsubscribe() -> None:
            if handler in self._list_watchers:
                self._list_watchers.remove(handler)
        return unsubscribe

    def list_changed(self) -> None:
        for handler in list(self._list_watchers):
            try:
                handler()
            except Exception:
                log.exception('interview list watcher failed')

    def discard(self, interview_id: int) -> None:
        self._rooms.pop(interview_id, None)
