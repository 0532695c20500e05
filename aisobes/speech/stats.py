"""Latency figures: the last few hundred values of a duration, as count / p50 / p95 / max."""
from __future__ import annotations

import statistics
from collections import deque


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank `q` quantile (0..1) of `values`; one definition for /api/v1/metrics and the benchmarks."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class LatencyStats:
    def __init__(self, keep: int = 500) -> None:
        self.values: deque[float] = deque(maxlen=keep)
        self.count = 0

    def add(self, value: float) -> None:
        self.values.append(value)
        self.count += 1

    def summary(self) -> dict[str, float | None]:
        values = list(self.values)
        if not values:
            return {'count': 0, 'p50': None, 'p95': None, 'max': None}
        return {'count': self.count, 'p50': round(statistics.median(values), 3),
                'p95': round(percentile(values, 0.95), 3), 'max': round(max(values), 3)}
