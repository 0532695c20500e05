"""Following an interview's live room from a page: events are applied inside the page's client, and the
subscription ends when the client is gone (NiceGUI deletes it after the page's reconnect timeout). The hub delivers
every event on the event loop, whoever published it, so elements may be changed right here."""
from __future__ import annotations

from collections.abc import Callable

from nicegui import context

from aisobes.rooms import RoomEvent
from aisobes.services import Services


def follow(services: Services, interview_id: int, handler: Callable[[RoomEvent], None]) -> Callable[[], None]:
    """Subscribe `handler` to the interview's room for as long as the current page lives; returns unsubscribe."""
    client = context.client

    def apply(event: RoomEvent) -> None:
        if client.is_deleted:
            unsubscribe()
            return
        with client:  # the publisher may be another page, the speech service or the interviewer
            handler(event)

    unsubscribe = services.rooms.room(interview_id).subscribe(apply)
    client.on_delete(unsubscribe)
    return unsubscribe
