"""Credentials: the API token (REST + WebSockets) and the admin password (pages). Comparisons are constant-time."""
from __future__ import annotations

import hmac
import time
from collections import deque


def secret_ok(expected: str | None, given: str | None) -> bool:
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode('utf-8'), given.encode('utf-8'))


class FailureLimiter:
    """Counts failed attempts per key (e.g. client address) in a sliding window, to rate-limit password guessing."""

    def __init__(self, max_failures: int = 5, window_seconds: float = 300.0) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    def blocked_for(self, key: str) -> float:
        """Seconds until `key` may try again (0 when it may try now)."""
        times = self._prune(key)
        if len(times) < self.max_failures:
            return 0.0
        return max(0.0, times[0] + self.window - time.monotonic())

    def fail(self, key: str) -> None:
        self._prune(key).append(time.monotonic())

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)

    def _prune(self, key: str) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        limit = time.monotonic() - self.window
        while times and times[0] < limit:
            times.popleft()
        return times


class TokenBucket:
    """A small rate limiter: `rate` events per second with bursts up to `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = time.monotonic()

    def take(self, amount: float = 1.0) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= amount:
            self.tokens -= amount
            return True
        return False
