"""Scheduled jobs: Cloud Scheduler publishes to a topic on a cron; `catalog run` does the same.

Terraform declares one Cloud Scheduler job per entry here (a test checks the cron and topic).
Crons are UTC and use the subset both sides understand: ``M H * * *`` (daily) and ``*/N * * * *``
or ``* * * * *`` (every N minutes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shared.topics import (
    CACHE_WARM_SCHEDULED,
    CLEANUP_SCHEDULED,
    METRICS_SCHEDULED,
    VALIDATION_SCHEDULED,
)

_DAILY = re.compile(r"^(\d{1,2}) (\d{1,2}) \* \* \*$")
_EVERY = re.compile(r"^(?:\*/(\d{1,2})|\*) \* \* \* \*$")


@dataclass(frozen=True, slots=True)
class Schedule:
    """One recurring job."""

    name: str
    cron: str
    topic: str
    description: str

    def __post_init__(self) -> None:
        if not (_DAILY.match(self.cron) or _EVERY.match(self.cron)):
            raise ValueError(f"{self.name}: cron {self.cron!r} is not 'M H * * *' or '*/N * * * *'")

    def next_after(self, moment: datetime) -> datetime:
        """The first run strictly after ``moment`` (tz-aware, compared in UTC)."""
        moment = moment.astimezone(UTC)
        daily = _DAILY.match(self.cron)
        if daily:
            minute, hour = int(daily.group(1)), int(daily.group(2))
            run = moment.replace(hour=hour, minute=minute, second=0, microsecond=0)
            return run if run > moment else run + timedelta(days=1)
        every = _EVERY.match(self.cron)
        assert every is not None
        step = int(every.group(1) or 1)
        start = moment.replace(second=0, microsecond=0)
        minutes = (start.minute // step + 1) * step
        return start.replace(minute=0) + timedelta(minutes=minutes)


SCHEDULES: tuple[Schedule, ...] = (
    Schedule("cleanup-daily", "30 2 * * *", CLEANUP_SCHEDULED,
             "retention and cleanup, daily at 02:30 UTC (the quietest hour)"),
    Schedule("cache-warm-daily", "30 5 * * *", CACHE_WARM_SCHEDULED,
             "pre-warm the most read records before the morning peak (06:00-10:00 UTC)"),
    Schedule("metrics-minutely", "* * * * *", METRICS_SCHEDULED,
             "record a metrics snapshot (Cloud Monitoring in GCP) for the alert policies"),
    Schedule("validation-minutely", "* * * * *", VALIDATION_SCHEDULED,
             "re-check releases whose validation result an edit may have changed"),
)  # fmt: skip
