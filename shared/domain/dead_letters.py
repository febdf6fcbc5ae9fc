"""Dead letters: messages that failed three times and were set aside with their reason."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

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
