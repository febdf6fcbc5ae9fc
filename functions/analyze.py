"""Pub/Sub trigger: an asset to analyse arrived on analysis-high or analysis-low."""

from __future__ import annotations

import logging

import functions_framework
from cloudevents.http import CloudEvent

from shared.bootstrap import services
from shared.domain.events import PubsubMessage
from shared.errors import InvalidInput

logger = logging.getLogger(__name__)


@functions_framework.cloud_event
def on_analysis_requested(event: CloudEvent) -> None:
    """Analyse one asset. Bad messages are logged and acked; transient failures raise (retry)
    until the service's own third attempt, which goes to analysis-dlq and is acked."""
    try:
        message = PubsubMessage.from_event_data(event.data)
        analysis = services().analysis
        assert analysis is not None, "build_services always builds the analysis service"
        topic = str(event["source"]).rsplit("/", 1)[-1]
        analysis.on_message(message, topic=topic)
    except InvalidInput as exc:
        logger.error("analysis event %s is malformed, acked: %s", event["id"], exc)
