"""Event envelopes, parsed once at the edge into typed values."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.errors import InvalidField


@dataclass(frozen=True, slots=True)
class PubsubMessage:
    """A Pub/Sub message as Eventarc delivers it inside a CloudEvent."""

    message_id: str
    data: bytes
    attributes: Mapping[str, str]
    published_at: datetime
    subscription: str | None = None
    delivery_attempt: int | None = None

    @classmethod
    def from_event_data(cls, data: Any) -> PubsubMessage:
        """Parse ``event.data``; InvalidField names what is missing or malformed."""
        if not isinstance(data, Mapping) or not isinstance(data.get("message"), Mapping):
            raise InvalidField("message", "the event has no Pub/Sub message")
        message = data["message"]
        try:
            payload = base64.b64decode(message.get("data") or "", validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise InvalidField("message.data", "is not base64") from None
        attributes = message.get("attributes") or {}
        if not isinstance(attributes, Mapping):
            raise InvalidField("message.attributes", "is not an object")
        attempt = data.get("deliveryAttempt")
        return cls(
            message_id=str(message.get("messageId") or message.get("message_id") or ""),
            data=payload,
            attributes={str(k): str(v) for k, v in attributes.items()},
            published_at=_parse_time(message.get("publishTime") or message.get("publish_time")),
            subscription=data.get("subscription"),
            delivery_attempt=int(attempt)
            if isinstance(attempt, int | str) and str(attempt).isdigit()
            else None,
        )

    @property
    def topic_of_subscription(self) -> str | None:
        """The subscription's short name (projects/p/subscriptions/<name>)."""
        return self.subscription.rsplit("/", 1)[-1] if self.subscription else None


def _parse_time(text: Any) -> datetime:
    if not isinstance(text, str):
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidField("message.publishTime", f"{text!r} is not a timestamp") from None
