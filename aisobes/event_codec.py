"""JSON codec of the live room's events, so that they can travel between instances (aisobes.pgbus).

Generic over the event union of aisobes.rooms: an event is `{"type": <class name>, <its fields>}`, each event class
read and written by pydantic's TypeAdapter (datetimes as ISO text, enums by value, MessageOut as its fields), so a new
event type needs no code here, only a place in `EVENT_TYPES`.
"""
from __future__ import annotations

import json
import typing
from dataclasses import fields
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from .rooms import BusEvent

EVENT_TYPES: dict[str, type] = {cls.__name__: cls for cls in typing.get_args(BusEvent)}


class UnknownEvent(ValueError):
    """A payload naming no event type of this version (e.g. sent by a newer instance during a rolling update)."""


@cache
def _adapter(cls: type) -> TypeAdapter:
    return TypeAdapter(cls)


def encode(event: BusEvent) -> dict[str, Any]:
    name = type(event).__name__
    if EVENT_TYPES.get(name) is not type(event):
        raise TypeError(f'{name} is not a room event')
    data = _adapter(type(event)).dump_python(event, mode='json')
    return {'type': name, **data}


def decode(data: dict[str, Any]) -> BusEvent:
    data = dict(data)
    cls = EVENT_TYPES.get(data.pop('type', None))
    if cls is None:
        raise UnknownEvent(f'unknown room event {data!r}')
    names = {field.name for field in fields(cls)}
    return _adapter(cls).validate_python({key: value for key, value in data.items() if key in names})


def dumps(event: BusEvent) -> str:
    """The event as ASCII JSON text (ASCII so that its length in characters is its length in bytes)."""
    return json.dumps(encode(event), ensure_ascii=True, separators=(',', ':'))


def loads(text: str) -> BusEvent:
    return decode(json.loads(text))
