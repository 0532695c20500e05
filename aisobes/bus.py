"""The room bus: how the live room's events travel between the instances of aisobes that share one database.

- `LocalBus`: in-process. One instance (SQLite) needs nothing more than its own hub; hubs that share one LocalBus
  (tests, or several hubs in one process) get each other's events as separate instances would.
- `PgBus` (aisobes.pgbus): PostgreSQL LISTEN/NOTIFY, for several instances on one PostgreSQL database.

`AISOBES_BUS=auto` (the default) picks postgres when AISOBES_DATABASE_URL is PostgreSQL, else local.

The `Bus` protocol itself is in aisobes.rooms (the hub is its one user).
"""
from __future__ import annotations

import logging

from .config import BusKind, Settings
from .rooms import Bus, BusEvent, Receiver

log = logging.getLogger(__name__)


class LocalBus:
    """An in-process bus: every endpoint gets the events the other endpoints publish (synchronously, in order).
    One instance uses one endpoint (nobody else to tell); hubs that share a LocalBus behave as instances would."""

    def __init__(self) -> None:
        self._endpoints: list[LocalEndpoint] = []

    def endpoint(self) -> LocalEndpoint:
        return LocalEndpoint(self)

    def _send(self, sender: LocalEndpoint, interview_id: int | None, event: BusEvent) -> None:
        for endpoint in list(self._endpoints):
            if endpoint is sender or endpoint.receiver is None:
                continue
            try:
                endpoint.receiver(interview_id, event)
            except Exception:
                log.exception('local bus: a receiver failed on %s', type(event).__name__)


class LocalEndpoint:
    """One hub's side of a LocalBus."""
    kind = BusKind.LOCAL

    def __init__(self, bus: LocalBus) -> None:
        self.bus = bus
        self.receiver: Receiver | None = None

    async def start(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.bus._endpoints.append(self)

    def publish(self, interview_id: int | None, event: BusEvent) -> None:
        self.bus._send(self, interview_id, event)

    async def stop(self) -> None:
        if self in self.bus._endpoints:
            self.bus._endpoints.remove(self)


def bus_kind(settings: Settings) -> BusKind:
    kind = BusKind(settings.bus)
    if kind == BusKind.AUTO:
        return BusKind.POSTGRES if settings.db_url.startswith('postgresql') else BusKind.LOCAL
    if kind == BusKind.POSTGRES and not settings.db_url.startswith('postgresql'):
        raise ValueError('AISOBES_BUS=postgres needs a PostgreSQL AISOBES_DATABASE_URL')
    return kind


def create_bus(settings: Settings, instance_id: str) -> Bus:
    if bus_kind(settings) == BusKind.POSTGRES:
        from .pgbus import PgBus
        return PgBus(settings.db_url, instance_id)
    return LocalBus().endpoint()
