"""Domain errors. The API turns them into HTTP statuses; the pages into friendly messages."""
from __future__ import annotations


class AisobesError(Exception):
    """Base class; `message` is meant for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AisobesError):
    """404: no such interview (or link)."""


class Conflict(AisobesError):
    """409: the interview is in a state that does not allow this."""


class ChatClosed(Conflict):
    """The interview is finished; its chat takes no more messages."""


class InvalidInput(AisobesError):
    """422: the input breaks a rule (length, type, range)."""


class TooMany(AisobesError):
    """429: a rate limit (chat messages, login attempts) is used up; `retry_after` seconds until the next one."""

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after
