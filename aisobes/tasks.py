"""One owner of background tasks and of the event loop they run on.

Every task aisobes starts in the background goes through `Tasks.spawn`: it has a name, it is tracked (so `close`
cancels and awaits what is left), and an exception it ends with is logged instead of vanishing with the task.
`call_soon` is the one hop from a worker thread onto the loop; the room hub uses it so that subscribers always run on
the loop, whoever published.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

log = logging.getLogger(__name__)


class Tasks:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._groups: dict[Hashable | None, set[asyncio.Task]] = {}

    # --- the loop ----------------------------------------------------------------------------------------------

    def bind(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Remember the loop that serves this process (called at start-up, on that loop)."""
        self._loop = loop or asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        return self._loop

    def on_loop(self) -> bool:
        """True when called from the loop's own thread (or when no loop is bound yet: then there is only one)."""
        return self._loop is None or threading.get_ident() == self._loop_thread

    def call_soon(self, function: Callable[..., Any], *args: Any) -> None:
        """Run `function(*args)` on the loop: now when already there, else handed over in order (FIFO)."""
        if self.on_loop():
            function(*args)
            return
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # the server is gone: nobody is left to tell
        try:
            loop.call_soon_threadsafe(function, *args)
        except RuntimeError:  # closed between the check and the call
            pass

    # --- background tasks --------------------------------------------------------------------------------------

    def spawn(self, coroutine: Coroutine[Any, Any, Any], *, name: str, group: Hashable | None = None,
              expected: tuple[type[BaseException], ...] = ()) -> asyncio.Task:
        """Start `coroutine` as a named, tracked task (on the running loop). `group` (an interview id, say) lets
        `cancel_group` stop all of one owner's tasks at once. Exceptions of the `expected` types are part of the
        task's result (whoever awaits it handles them) and are not logged as failures."""
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._groups.setdefault(group, set()).add(task)
        task.add_done_callback(lambda done: self._finished(group, done, expected))
        return task

    def cancel_group(self, group: Hashable) -> None:
        for task in self._groups.pop(group, set()):
            task.cancel()

    def running(self, group: Hashable | None = None) -> list[asyncio.Task]:
        return [task for task in self._groups.get(group, set()) if not task.done()]

    async def close(self) -> None:
        """Cancel every task still running and wait for them to end."""
        tasks = [task for group in self._groups.values() for task in group]
        self._groups.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _finished(self, group: Hashable | None, task: asyncio.Task,
                  expected: tuple[type[BaseException], ...]) -> None:
        members = self._groups.get(group)
        if members is not None:
            members.discard(task)
            if not members:
                self._groups.pop(group, None)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and not isinstance(error, expected):
            log.error('background task %s failed', task.get_name(), exc_info=error)
