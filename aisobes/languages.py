"""The languages aisobes speaks, and the one rule for turning whatever a row or a setting holds into one of them."""
from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    RU = 'ru'
    EN = 'en'


DEFAULT_LANGUAGE = Language.RU  # the product's first users are Russian-speaking HR teams


def normalize_language(value: str | None, default: Language = DEFAULT_LANGUAGE) -> Language:
    """`value` as a Language ('en', 'EN', 'en-US' -> en); anything unknown or empty -> `default`."""
    if value:
        code = str(value).strip().lower().replace('_', '-').split('-', 1)[0]
        if code in Language._value2member_map_:
            return Language(code)
    return default
