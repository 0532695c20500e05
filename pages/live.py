"""Following an interview's live room from a page: events are applied inside the page's client, and the
subscription ends when the client is gone (NiceGUI deletes it after the page's reconnect timeout)."""
from __future__ import annotations

import asyncio
import logging
from typing import Callable

from nicegui import context

log = logging.getLogger(__name__)


def follow(services, interview_id: int, handler: Callable[[object], None]) -> Callable[[], None]:
    """Subscribe `handler` to the interview's room for as long as the current page lives; returns unsubscribe."""
    client = context.client
    loop = asyncio.get_running_loop()

    def apply(event: object) -> None:
        if client.is_deleted:
            unsubscribe()
            return
        with client:  # the publisher may be another page, the speech service or the interviewer
            handler(event)

    def deliver(event: object) -> None:
        try:
            on_loop = asyncio.get_running_loop() is loop
        except RuntimeError:
            on_loop = False
        if on_loop:
            apply(event)
        else:  # a publisher in a worker thread: NiceGUI elements may only change on the event loop
            loop.call_soon_threadsafe(apply, event)

    unsubscribe = services.rooms.room(interview_id).subscribe(deliver)
    client.on_delete(unsubscribe)
    return unsubscribe
