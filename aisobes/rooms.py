"""Live rooms: a small UI-free publish/subscribe per interview.

Every change that someone watching an interview should see (a chat message, a status change, partial speech
text, the AI's streaming reply, a timer milestone) is published to the interview's room. The NiceGUI pages,
the chat WebSocket and the AI interviewer are all subscribers of the same room.

Publishers may be anywhere (a request on a database thread, a speech worker): the hub hands every event over to the
event loop (`Tasks.call_soon`, in order), so handlers always run on the loop and never need to hop themselves.
Handlers are plain callables and must not block (a WebSocket handler puts the event on its own queue, a page
handler updates its elements). One handler that raises is logged and does not stop the others.

With several instances the hub also hands every event to a bus (aisobes.bus: in-process, or PostgreSQL
LISTEN/NOTIFY): events published here reach this instance's subscribers at once and the other instances' through
the bus; events from the bus reach local subscribers only. When the bus had to reconnect (events may have been
missed) every room gets `Resync`: subscribers reload what is stored (messages, status) from the database.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from .models import Status
from .schemas import MessageOut
from .tasks import Tasks

log = logging.getLogger(__name__)


class SpeechStatus(StrEnum):
    """Speech recognition as the room shows it."""
    STARTING = 'starting'
    LISTENING = 'listening'
    RECOGNISING = 'recognising'
    RECONNECTING = 'reconnecting'
    UNAVAILABLE = 'unavailable'
    OFF = 'off'


class MilestoneName(StrEnum):
    WRAP_UP = 'wrap_up'  # about 85 % of the time
    TIME_UP = 'time_up'  # 100 %


@dataclass(frozen=True)
class MessagePosted:
    message: MessageOut


@dataclass(frozen=True)
class StatusChanged:
    status: Status
    started_at: datetime | None
    finished_at: datetime | None
    actual_duration: int | None


@dataclass(frozen=True)
class RoomDeleted:
    """The interview was deleted with its messages and files; the room is closed."""


@dataclass(frozen=True)
class TranscriptWritten:
    """A finished interview's report and transcript files are stored (finish publishes the status change first)."""
    transcript_path: str
    text_transcript_path: str


@dataclass(frozen=True)
class ReportReady:
    """A finished interview's report is final now (the model's, or the deterministic one when the model failed)."""
    by_model: bool


@dataclass(frozen=True)
class SpeechPartial:
    """Text of the utterance the candidate is speaking right now; empty text clears it."""
    text: str
    utterance: int = 0


@dataclass(frozen=True)
class SpeechState:
    state: SpeechStatus
    detail: str = ''


@dataclass(frozen=True)
class AiStreaming:
    """The AI's reply while it is being generated; `done` once the final message is posted."""
    text: str
    done: bool = False


@dataclass(frozen=True)
class Milestone:
    name: MilestoneName
    at: datetime


@dataclass(frozen=True)
class Resync:
    """Events may have been missed (the bus reconnected): reload the stored state (messages, status) of the room.
    `interview_id` None on the bus means every room; a room's subscribers get it with their interview's id."""
    interview_id: int | None = None


@dataclass(frozen=True)
class ListChanged:
    """On the bus only: an interview was created, changed status or was deleted (the hub's `list_changed`)."""


RoomEvent = (MessagePosted | StatusChanged | RoomDeleted | TranscriptWritten | ReportReady | SpeechPartial | SpeechState
             | AiStreaming | Milestone | Resync)
BusEvent = RoomEvent | ListChanged
Handler = Callable[[RoomEvent], None]


Receiver = Callable[[int | None, BusEvent], None]  # (interview id, or None for every room; event), on the loop


class Bus(Protocol):
    """How events reach the other instances (aisobes.bus: LocalBus, aisobes.pgbus: PgBus)."""
    kind: str

    async def start(self, receiver: Receiver) -> None:
        """Deliver the other instances' events to `receiver` from now on (on the loop)."""

    def publish(self, interview_id: int | None, event: BusEvent) -> None:
        """On the loop, never blocking: send `event` to the other instances, in publishing order."""

    async def stop(self) -> None: ...


def new_instance_id() -> str:
    """A fresh id for this server process (tells its own bus messages from the other instances')."""
    return uuid.uuid4().hex[:12]


class InterviewRoom:
    def __init__(self, interview_id: int) -> None:
        self.interview_id = interview_id
        self._handlers: list[Handler] = []
        self.last_speech_state: SpeechState | None = None

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        self._handlers.append(handler)

        def unsubscribe() -> None:
            if handler in self._handlers:
                self._handlers.remove(handler)
        return unsubscribe

    @property
    def subscriber_count(self) -> int:
        return len(self._handlers)

    def deliver(self, event: RoomEvent) -> None:
        """Run every handler on `event`; called on the loop (the hub's `publish` sees to that)."""
        if isinstance(event, SpeechState):
            self.last_speech_state = event
        for handler in list(self._handlers):
            try:
                handler(event)
            except Exception:  # one broken subscriber must not silence the room
                log.exception('room %s: subscriber failed on %s', self.interview_id, type(event).__name__)


class RoomHub:
    """All live rooms of this server, by interview id."""

    def __init__(self, tasks: Tasks, bus: Bus | None = None, instance_id: str | None = None) -> None:
        self.tasks = tasks
        self.bus = bus
        self.instance_id = instance_id or new_instance_id()
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

    async def start(self) -> None:
        """On the loop: start receiving the other instances' events from the bus."""
        if self.bus is not None:
            await self.bus.start(self.receive)

    async def stop(self) -> None:
        if self.bus is not None:
            await self.bus.stop()

    def publish(self, interview_id: int, event: RoomEvent) -> None:
        """From any thread: the room's handlers get `event` on the loop, in publishing order; so do the other
        instances' (through the bus, in the same order)."""
        self.tasks.call_soon(self._publish, interview_id, event)

    def receive(self, interview_id: int | None, event: BusEvent) -> None:
        """On the loop: an event from another instance, for this instance's subscribers only."""
        if isinstance(event, ListChanged):
            self._list_changed()
        elif isinstance(event, Resync) and interview_id is None:
            for room_id in list(self._rooms):
                self._deliver(room_id, Resync(room_id))
            self._list_changed()
        elif interview_id is not None and (interview_id in self._rooms or isinstance(event, SpeechState)):
            self._deliver(interview_id, event)  # no room here: nobody on this instance is watching it

    def watch_list(self, handler: Callable[[], None]) -> Callable[[], None]:
        """Call `handler()` (on the loop) whenever an interview is created, changes status or is deleted, so that
        lists of interviews can follow live. Returns unsubscribe."""
        self._list_watchers.append(handler)

        def unsubscribe() -> None:
            if handler in self._list_watchers:
                self._list_watchers.remove(handler)
        return unsubscribe

    def list_changed(self) -> None:
        self.tasks.call_soon(self._publish_list_changed)

    def _publish(self, interview_id: int, event: RoomEvent) -> None:
        self._deliver(interview_id, event)
        if self.bus is not None:
            self.bus.publish(interview_id, event)

    def _publish_list_changed(self) -> None:
        self._list_changed()
        if self.bus is not None:
            self.bus.publish(None, ListChanged())

    def _deliver(self, interview_id: int, event: RoomEvent) -> None:
        self.room(interview_id).deliver(event)
        if isinstance(event, RoomDeleted):
            self._rooms.pop(interview_id, None)

    def _list_changed(self) -> None:
        for handler in list(self._list_watchers):
            try:
                handler()
            except Exception:
                log.exception('interview list watcher failed')
