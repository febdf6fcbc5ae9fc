"""Schedules: when jobs fire, and the local stand-in for Cloud Scheduler publishing them."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import pytest

from shared.local.scheduler import LocalScheduler
from shared.schedules import SCHEDULES, Schedule


@pytest.mark.parametrize(
    ("cron", "after", "expected"),
    [
        (
            "30 2 * * *",
            datetime(2026, 11, 24, 1, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 2, 30, tzinfo=UTC),
        ),
        (
            "30 2 * * *",
            datetime(2026, 11, 24, 2, 30, tzinfo=UTC),
            datetime(2026, 11, 25, 2, 30, tzinfo=UTC),
        ),
        (
            "* * * * *",
            datetime(2026, 11, 24, 23, 59, 30, tzinfo=UTC),
            datetime(2026, 11, 25, 0, 0, tzinfo=UTC),
        ),
        (
            "*/15 * * * *",
            datetime(2026, 11, 24, 9, 7, tzinfo=UTC),
            datetime(2026, 11, 24, 9, 15, tzinfo=UTC),
        ),
    ],
)
def test_the_next_run_follows_the_cron(cron: str, after: datetime, expected: datetime) -> None:
    assert Schedule("job", cron, "topic", "").next_after(after) == expected


def test_a_cron_outside_the_shared_subset_is_refused() -> None:
    with pytest.raises(ValueError, match="is not 'M H \\* \\* \\*'"):
        Schedule("job", "0 3 * * MON", "topic", "")


class RecordingPublisher:
    """Stands in for the bus: the bus's own tests prove delivery."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, bytes, dict[str, str]]] = []
        self.published = threading.Event()

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> str:
        self.messages.append((topic, data, dict(attributes)))
        self.published.set()
        return str(len(self.messages))


def test_the_local_scheduler_publishes_each_job_when_due() -> None:
    publisher = RecordingPublisher()
    start = datetime(2026, 11, 24, 2, 29, 59, 950000, tzinfo=UTC)
    launched = datetime.now(UTC)
    scheduler = LocalScheduler(
        publisher, SCHEDULES, clock=lambda: start + (datetime.now(UTC) - launched)
    )

    scheduler.start()
    fired = publisher.published.wait(timeout=5)
    scheduler.stop()

    assert fired
    topics = {topic for topic, _, _ in publisher.messages}
    # 02:30: the daily cleanup and the two minutely jobs
    assert topics == {"cleanup-scheduled", "metrics-scheduled", "validation-scheduled"}
    assert all(attributes["schedule"] for _, _, attributes in publisher.messages)


def test_the_schedules_cover_every_scheduled_function() -> None:
    assert {s.topic for s in SCHEDULES} == {
        "cleanup-scheduled",
        "cache-warm-scheduled",
        "metrics-scheduled",
        "validation-scheduled",
    }
    assert all(
        s.next_after(datetime.now(UTC)) - datetime.now(UTC) <= timedelta(days=1) for s in SCHEDULES
    )
