"""What the edges accept: ids the databases can hold, text without the characters they (or a reader) choke on.

Ids are INTEGER columns: 64-bit on SQLite but 32-bit on PostgreSQL, so an id beyond 2^31 - 1 is simply not found
(asking the database would raise an overflow); offsets may go up to 2^63 - 1 (PostgreSQL's OFFSET is a bigint).
PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate cannot be encoded as UTF-8 at all. These checks run where
input enters (schemas, the chat path, the services' lookups), so no such value reaches a driver.
"""
from __future__ import annotations

import re
from typing import Any

MAX_ID = 2 ** 31 - 1
MAX_OFFSET = 2 ** 63 - 1

# C0 controls but tab/newline/carriage return, DEL, C1 controls, lone surrogates: refused in multi-line text
_BAD_IN_TEXT = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]')
# and in single-line fields (names, ids, search) also tab, newline, carriage return and the Unicode line separators
_BAD_IN_LINE = re.compile('[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]')
_SURROGATE = re.compile('[\ud800-\udfff]')


def id_in_range(value: Any) -> bool:
    return isinstance(value, int) and 1 <= value <= MAX_ID


def text_problem(value: str, *, single_line: bool = False) -> str | None:
    """Why `value` is refused (a sentence for people), or None when it is fine."""
    found = (_BAD_IN_LINE if single_line else _BAD_IN_TEXT).search(value)
    if found is None:
        return None
    char = found.group()
    if _SURROGATE.match(char):
        return 'must be valid Unicode text (a lone surrogate such as \\ud800 cannot be stored)'
    if single_line and char in '\t\n\r\u2028\u2029':
        return 'must be a single line (no line breaks or tabs)'
    return f'must not contain control characters (found U+{ord(char):04X})'


def printable(value: Any) -> Any:
    """`value` with every lone surrogate replaced by U+FFFD, recursively: safe to echo back in a JSON answer."""
    if isinstance(value, str):
        return _SURROGATE.sub('\ufffd', value)
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value
