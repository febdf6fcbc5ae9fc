"""Failed authentications counted per client address, so an attack shows as a rate.

Every failure is logged; the ones that are the 1st, 10th, 100th... from one address within a
minute are also audited and logged as warnings, each with the count so far: a password spray of
thousands of requests a minute shows as a few audit events whose counts climb, and cannot turn
every refused request into a database write.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

WINDOW_S = 60.0
MAX_ADDRESSES = 10_000  # memory stays bounded whatever the attacker's address pool


@dataclass(frozen=True, slots=True)
class FailureCount:
    """How many failures an address had in the current minute, this one included."""

    address: str
    count: int

    @property
    def worth_recording(self) -> bool:
        """The 1st, 10th, 100th, 1,000th... failure of the window."""
        count = self.count
        while count % 10 == 0:
            count //= 10
        return count == 1


class FailureTally:
    """Failures per address in fixed one-minute windows (thread-safe, in-process)."""

    def __init__(self, *, max_addresses: int = MAX_ADDRESSES) -> None:
        self._windows: OrderedDict[str, tuple[float, int]] = OrderedDict()
        self._max = max_addresses
        self._lock = threading.Lock()

    def add(self, address: str, now_s: float) -> FailureCount:
        """Count one failure from ``address`` at ``now_s`` (a monotonic clock)."""
        with self._lock:
            started, count = self._windows.pop(address, (now_s, 0))
            if now_s - started >= WINDOW_S:
                started, count = now_s, 0
            self._windows[address] = (started, count + 1)
            while len(self._windows) > self._max:
                self._windows.popitem(last=False)
            return FailureCount(address, count + 1)
