"""Following an interview's live room from a page: events are applied inside the page's client, and the
subscription ends when the client is gone (NiceGUI deletes it after the page's reconnect timeout). The hub delivers
every event on the event loop, whoever published it, so elements may be changed right here.

`Resync` (the room bus reconnected, events may have been missed) never reaches a page's handler: it is replayed as
the stored messages (`MessagePosted` each; pages show a message once, by id) and the current `StatusChanged`."""
from __future__ import annotations

from collections.abc import Callable

from nicegui import context

from aisobes.errors import NotFound
from aisobes.rooms import MessagePosted, Resync, RoomDeleted, RoomEvent, StatusChanged
from aisobes.services import Services


def follow(services: Services, interview_id: int, handler: Callable[[RoomEvent], None]) -> Callable[[], None]:
    """Subscribe `handler` to the interview's room for as long as the current page lives; returns unsubscribe."""
    client = context.client

    def apply(event: RoomEvent) -> None:
        if client.is_deleted:
            unsubscribe()
            return
        if isinstance(event, Resync):
            services.tasks.spawn(replay(), name=f'page-{interview_id}-resync')
            return
        with client:  # the publisher may be another page, the speech service or the interviewer
            handler(event)

    async def replay() -> None:
        try:
            interview = await services.interviews.get(interview_id)
            events: list[RoomEvent] = [MessagePosted(m) for m in await services.chat.history(interview_id)]
            events.append(StatusChanged(interview.status, interview.started_at, interview.finished_at,
                                        interview.actual_duration))
        except NotFound:
            events = [RoomDeleted()]
        for stored in events:
            apply(stored)

    unsubscribe = services.rooms.room(interview_id).subscribe(apply)
    client.on_delete(unsubscribe)
    return unsubscribe
