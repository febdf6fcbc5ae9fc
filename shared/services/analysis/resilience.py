"""Staying up when a model does not: retries with backoff, and a circuit breaker per backend."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures; lets one trial through after ``reset_s``."""

    def __init__(
        self, threshold: int, reset_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._threshold = threshold
        self._reset_s = reset_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """False while open; after reset_s one trial call is allowed (half-open)."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._clock() - self._opened_at >= self._reset_s:
                self._opened_at = self._clock()  # half-open: one trial, then wait again
                return True
            return False

    def record_success(self) -> None:
        """Close the breaker."""
        with self._lock:
            self._failures, self._opened_at = 0, None

    def record_failure(self) -> None:
        """Count a failure; open at the threshold."""
        with self._lock:
            self._failures += 1
            if self._failures >= self._threshold:
                self._opened_at = self._clock()

    @property
    def is_open(self) -> bool:
        """True while calls are refused."""
        with self._lock:
            return self._opened_at is not None


@dataclass
class RetryPolicy:
    """Tries of a degraded model within one job, with doubling backoff and a deadline."""

    retries: int
    backoff_s: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
