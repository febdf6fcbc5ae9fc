"""Pub/Sub trigger: a message reached a dead-letter topic (analysis-dlq, jobs-dlq)."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.dead_letters import DeadLetter
from shared.domain.events import PubsubMessage
from shared.errors import InvalidInput

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_dead_letter(event: CloudEvent) -> None:
    """Record the dead letter with its reason; a malformed envelope is logged and acked."""
    try:
        message = PubsubMessage.from_event_data(event.data)
    except InvalidInput as exc:
        logger.error("dead-letter event %s is malformed: %s", event["id"], exc)
        return
    topic = str(event["source"]).rsplit("/", 1)[-1]
    letter = DeadLetter(
        topic, message.message_id, message.data, message.attributes, message.published_at
    )
    built = services()
    built.dead_letters.record(letter, now=built.clock())
