"""Dead letters: messages that failed three times and were set aside with their reason."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast
from uuid import UUID

# Pub/Sub sets these on a message it dead-letters; the local bus sets the same ones.
DELIVERY_COUNT_ATTRIBUTE = "CloudPubSubDeadLetterSourceDeliveryCount"
SOURCE_SUBSCRIPTION_ATTRIBUTE = "CloudPubSubDeadLetterSourceSubscription"
SOURCE_PUBLISH_TIME_ATTRIBUTE = "CloudPubSubDeadLetterSourceTopicPublishTime"
# Ours: the app dead-letters by itself after its third failure, saying why.
FAILURE_REASON_ATTRIBUTE = "catalog_failure_reason"
SOURCE_TOPIC_ATTRIBUTE = "catalog_source_topic"
PARTNER_ATTRIBUTE = "partner_id"


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message as it arrived on a dead-letter topic."""

    topic: str
    message_id: str
    data: bytes
    attributes: Mapping[str, str]
    published_at: datetime

    @property
    def reason(self) -> str:
        """Why it failed: our attribute, or Pub/Sub's own dead-lettering."""
        if FAILURE_REASON_ATTRIBUTE in self.attributes:
            return self.attributes[FAILURE_REASON_ATTRIBUTE]
        count = self.attributes.get(DELIVERY_COUNT_ATTRIBUTE, "?")
        return f"Pub/Sub dead-lettered it after {count} delivery attempts"

    @property
    def source_topic(self) -> str:
        """The topic the message was first published to."""
        return self.attributes.get(SOURCE_TOPIC_ATTRIBUTE, self.topic)

    @property
    def delivery_attempts(self) -> int | None:
        """How many times it was tried, when known."""
        count = self.attributes.get(DELIVERY_COUNT_ATTRIBUTE, "")
        return int(count) if count.isdigit() else None


SubjectKind = Literal["track", "asset", "upload", "import", "export", "bulk_edit", "job"]

# What each source topic's work was, in the words the dashboard uses.
_WORK: dict[str, str] = {
    "analysis-high": "The analysis of a track's audio",
    "analysis-low": "The analysis of a track's audio",
    "imports": "An import",
    "exports": "An export",
    "bulk-edits": "A bulk edit",
    "uploads-finalized": "The processing of an upload",
}
_SUBJECT_OF_TOPIC: dict[str, SubjectKind] = {
    "imports": "import",
    "exports": "export",
    "bulk-edits": "bulk_edit",
}
_NEXT_STEP: dict[str, str] = {
    "analysis-high": "open the track and choose Re-analyse",
    "analysis-low": "open the track and choose Re-analyse",
    "imports": "open the import to see its report, then start it again",
    "exports": "start the export again",
    "bulk-edits": "check the change history, then run the edit again",
    "uploads-finalized": "upload the file again",
}


@dataclass(frozen=True, slots=True)
class OpenDeadLetter:
    """An unresolved dead letter as a partner sees it: which work failed, on what, and what
    to do next. ``reason`` is the recorded failure (often an internal exception): operators
    only, the API leaves it out for everyone else."""

    id: UUID
    topic: str
    recorded_at: datetime
    delivery_attempts: int | None
    reason: str
    subject_kind: SubjectKind | None
    subject_id: str | None

    @property
    def summary(self) -> str:
        """One sentence in the user's words, never the internal reason."""
        work = _WORK.get(self.topic, "A background job")
        tries = f"{self.delivery_attempts} times" if self.delivery_attempts else "repeatedly"
        step = _NEXT_STEP.get(self.topic, "ask an operator to look at it")
        return f"{work} failed {tries} and was set aside: {step}."


def subject_of(
    topic: str, data: bytes, attributes: Mapping[str, str]
) -> tuple[SubjectKind | None, str | None]:
    """What a dead letter was about, from its message: a track (or its audio), an upload, an
    import, export or bulk edit job. Unknown shapes give ``(None, None)``, never an error."""
    fields: dict[str, object] = {}
    try:
        parsed = json.loads(data) if data else {}
        if isinstance(parsed, dict):
            fields = parsed
    except (ValueError, UnicodeDecodeError):
        pass
    merged = {**fields, **attributes}
    kind = _SUBJECT_OF_TOPIC.get(topic)
    if kind and merged.get("job_id"):
        return kind, str(merged["job_id"])
    for key, found in (("track_id", "track"), ("asset_id", "asset"), ("upload_id", "upload")):
        if merged.get(key):
            return cast(SubjectKind, found), str(merged[key])
    if merged.get("job_id"):
        return "job", str(merged["job_id"])
    return None, None
