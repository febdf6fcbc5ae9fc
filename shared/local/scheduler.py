"""Local mode's Cloud Scheduler: publishes each schedule's message to its topic on time.

Started by `catalog run` (LOCAL_COMPONENTS); the bus then delivers the message to the same
function Cloud Scheduler and Pub/Sub trigger in GCP. A run missed while the stack was down is not
replayed (Cloud Scheduler does not replay either); the next one comes on time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from shared.bootstrap import Services
from shared.ports import Publisher
from shared.schedules import SCHEDULES, Schedule

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class LocalScheduler:
    """One thread firing every schedule at its next time."""

    def __init__(
        self,
        publisher: Publisher,
        schedules: Sequence[Schedule] = SCHEDULES,
        clock: Clock = lambda: datetime.now(UTC),
    ) -> None:
        self._publisher = publisher
        self._schedules = schedules
        self._clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)

    def start(self) -> None:
        """Start firing."""
        self._thread.start()

    def stop(self) -> None:
        """Stop and wait for the thread."""
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        due = {s.name: s.next_after(self._clock()) for s in self._schedules}
        while not self._stop.is_set():
            now = self._clock()
            for schedule in self._schedules:
                if now >= due[schedule.name]:
                    self.fire(schedule, now)
                    due[schedule.name] = schedule.next_after(now)
            wait_s = (min(due.values()) - self._clock()).total_seconds()
            self._stop.wait(max(0.05, min(wait_s, 30.0)))

    def fire(self, schedule: Schedule, now: datetime) -> None:
        """Publish one schedule's message, as Cloud Scheduler's Pub/Sub target does."""
        body = json.dumps({"schedule": schedule.name, "scheduled_at": now.isoformat()}).encode()
        try:
            self._publisher.publish(schedule.topic, body, {"schedule": schedule.name})
        except Exception:  # isolation boundary: a failed publish must not stop the scheduler
            logger.exception("schedule %s could not publish", schedule.name)


def start_scheduler(built: Services) -> Callable[[], None]:
    """LOCAL_COMPONENTS entry: start the scheduler, return its stopper."""
    scheduler = LocalScheduler(built.publisher)
    scheduler.start()
    return scheduler.stop
