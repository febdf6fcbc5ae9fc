"""Job status documents (collections "imports" and "exports"): what the UI shows as progress.

A document is created when a job is, merged as it runs (throttled to about one write a second)
and finished with its counts, findings and the object holding its report or output. Other
partners' jobs are invisible: ``get`` answers NotFound for them.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, cast

from shared.domain.dead_letters import (
    FAILURE_REASON_ATTRIBUTE,
    PARTNER_ATTRIBUTE,
    SOURCE_TOPIC_ATTRIBUTE,
)
from shared.domain.events import PubsubMessage
from shared.errors import InvalidField, InvalidInput, NotFound
from shared.ports import JsonObject, JsonValue, Publisher, StatusStore
from shared.topics import JOBS_DLQ

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # the third failure goes to the dead-letter topic (Pub/Sub's own minimum is 5)

Collection = Literal["imports", "exports"]
TERMINAL = ("succeeded", "failed", "expired")


class FailableJobs(Protocol):
    """Where run_delivered_job records a job it gives up on."""

    def fail(self, job_id: str, reason: str, now: datetime) -> None: ...


class JobDocuments:
    """Create, read and update job status documents of one collection."""

    def __init__(self, status: StatusStore, collection: Collection) -> None:
        self._status = status
        self.collection = collection

    def create(self, job_id: str, partner_id: str, doc: JsonObject) -> JsonObject:
        """A new document (state and timestamps filled by the caller)."""
        self._status.create(self.collection, job_id, doc, partner_id=partner_id)
        return doc

    def get(self, job_id: str, partner_id: str | None) -> JsonObject:
        """The document; NotFound when missing or another partner's (admins pass None)."""
        doc = self._status.get(self.collection, job_id)
        if doc is None or (partner_id is not None and doc.get("partner_id") != partner_id):
            raise NotFound(f"{self.collection[:-1]} job {job_id} not found")
        return doc

    def merge(self, job_id: str, changes: JsonObject) -> JsonObject:
        """Set top-level keys."""
        return self._status.merge(self.collection, job_id, changes)

    def list_idle(
        self, states: tuple[str, ...], updated_before: datetime, *, limit: int
    ) -> list[JsonObject]:
        """Every partner's documents in one of ``states`` untouched since ``updated_before``."""
        return self._status.list_idle(
            self.collection, states=states, updated_before=updated_before, limit=limit
        )

    def delete(self, job_id: str) -> None:
        """Remove the document."""
        self._status.delete(self.collection, job_id)

    def list(self, partner_id: str | None, *, limit: int = 50) -> list[JsonObject]:
        """Newest first."""
        return self._status.list(self.collection, partner_id=partner_id, limit=limit)

    def fail(self, job_id: str, reason: str, now: datetime) -> None:
        """The job failed for good: ``failure`` says why."""
        self.merge(
            job_id,
            {
                "state": "failed",
                "failure": reason,
                "finished_at": stamp(now),
                "updated_at": stamp(now),
            },
        )


class Progress:
    """Throttled progress updates: the status document and, in the CLI, a progress bar."""

    def __init__(
        self,
        jobs: JobDocuments,
        job_id: str,
        *,
        on_tick: Callable[[dict[str, JsonValue]], None] | None = None,
        every_s: float = 1.0,
    ) -> None:
        self._jobs = jobs
        self._job_id = job_id
        self._on_tick = on_tick
        self._every_s = every_s
        self._last = 0.0

    def report(self, progress: dict[str, JsonValue], *, force: bool = False) -> None:
        """Record progress; the document is written at most every ``every_s`` seconds."""
        if self._on_tick is not None:
            self._on_tick(progress)
        now = time.monotonic()
        if force or now - self._last >= self._every_s:
            self._last = now
            self._jobs.merge(self._job_id, {"progress": progress})


def stamp(now: datetime) -> str:
    """ISO 8601 for documents."""
    return now.isoformat()


@dataclass(frozen=True, slots=True)
class JobMessage:
    """The message on topics IMPORTS, EXPORTS and BULK_EDITS: which job to run."""

    job_id: str
    partner_id: str | None

    @classmethod
    def parse(cls, data: bytes) -> JobMessage:
        """InvalidField when the payload is not {"job_id": ...}."""
        try:
            raw = json.loads(data or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InvalidField("message.data", "is not JSON") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("job_id"), str) or not raw["job_id"]:
            raise InvalidField("job_id", "the message names no job")
        partner = raw.get("partner_id")
        return cls(raw["job_id"], partner if isinstance(partner, str) else None)


def run_delivered_job(
    message: PubsubMessage,
    *,
    source_topic: str,
    publisher: Publisher,
    jobs: FailableJobs,
    run: Callable[[str], object],
    now: datetime,
    max_attempts: int = MAX_ATTEMPTS,
) -> None:
    """Run the job a message names. Bad messages and missing jobs are logged and acked; a
    transient failure raises (redelivery) until the third attempt, which goes to the jobs DLQ
    with its reason and marks the job failed."""
    try:
        job = JobMessage.parse(message.data)
    except InvalidField as exc:
        logger.error("%s message %s is malformed: %s", source_topic, message.message_id, exc)
        return
    try:
        run(job.job_id)
    except NotFound as exc:
        logger.error("%s job %s: %s", source_topic, job.job_id, exc)
    except InvalidInput as exc:  # a retry cannot fix bad input: recorded on the job, acked
        jobs.fail(job.job_id, exc.message, now)
    except Exception as exc:  # isolation boundary: one job; retried, then dead-lettered
        attempt = message.delivery_attempt or 1
        if attempt < max_attempts:
            raise
        reason = f"{type(exc).__name__}: {exc}"
        logger.exception("%s job %s failed for the last time", source_topic, job.job_id)
        publisher.publish(
            JOBS_DLQ,
            message.data,
            {
                FAILURE_REASON_ATTRIBUTE: reason,
                SOURCE_TOPIC_ATTRIBUTE: source_topic,
                PARTNER_ATTRIBUTE: job.partner_id or "",
            },
        )
        jobs.fail(job.job_id, f"gave up after {attempt} attempts: {reason}", now)


def as_json(value: object) -> JsonValue:
    """A value built from JSON-ready parts, typed as the JSON it is (documents nest freely)."""
    return cast(JsonValue, value)
