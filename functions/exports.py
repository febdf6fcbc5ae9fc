"""Pub/Sub trigger (topic exports): run an export job."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.events import PubsubMessage
from shared.errors import InvalidInput
from shared.services.jobs import run_delivered_job
from shared.topics import EXPORTS

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_export_requested(event: CloudEvent) -> None:
    """Run the export the message names; bad messages are acked, transient failures retried."""
    try:
        message = PubsubMessage.from_event_data(event.data)
    except InvalidInput as exc:
        logger.error("export event %s is malformed: %s", event["id"], exc)
        return
    built = services()
    now = built.clock()
    run_delivered_job(
        message,
        source_topic=EXPORTS,
        publisher=built.publisher,
        jobs=built.exports.jobs,
        run=lambda job_id: built.exports.run_job(job_id, now=now),
        now=now,
    )
