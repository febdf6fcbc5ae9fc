"""Pub/Sub trigger (topic bulk-edits): run a bulk edit too large to answer at once."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.events import PubsubMessage
from shared.errors import InvalidInput
from shared.services.jobs import run_delivered_job
from shared.topics import BULK_EDITS

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_bulk_edit_requested(event: CloudEvent) -> None:
    """Run the bulk edit the message names; bad messages are acked, transient failures retried
    (the edit is one transaction: a retry starts it over), the third failure dead-lettered."""
    try:
        message = PubsubMessage.from_event_data(event.data)
    except InvalidInput as exc:
        logger.error("bulk edit event %s is malformed: %s", event["id"], exc)
        return
    built = services()
    run_delivered_job(
        message,
        source_topic=BULK_EDITS,
        publisher=built.publisher,
        jobs=built.bulk_edits,
        run=built.bulk_edits.run_job,
        now=built.clock(),
    )
