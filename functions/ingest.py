"""Storage trigger: a file landed in the uploads bucket (object finalized)."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.uploads import StoredObject
from shared.errors import InvalidInput

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_upload_finalized(event: CloudEvent) -> None:
    """Ingest one file: rejected files are recorded and acked, transient failures raise."""
    try:
        stored = StoredObject.from_event_data(
            event.data
        )  # GCS sends generation and size as strings
    except InvalidInput as exc:
        logger.error("finalize event %s is malformed: %s", event["id"], exc)
        return  # a retry cannot fix the envelope
    services().ingest.ingest_upload(stored)
