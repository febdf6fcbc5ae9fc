"""Pub/Sub trigger (topic imports): run a bulk import job."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.events import PubsubMessage
from shared.errors import InvalidInput
from shared.services.jobs import run_delivered_job
from shared.topics import IMPORTS

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_import_requested(event: CloudEvent) -> None:
    """Run the import the message names; bad messages are acked, transient failures retried."""
    try:
        message = PubsubMessage.from_event_data(event.data)
    except InvalidInput as exc:
        logger.error("import event %s is malformed: %s", event["id"], exc)
        return
    built = services()
    now = built.clock()
    run_delivered_job(
        message,
        source_topic=IMPORTS,
        publisher=built.publisher,
        jobs=built.imports.jobs,
        run=lambda job_id: built.imports.run_job(job_id, now=now),
        now=now,
    )
