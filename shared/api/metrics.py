"""GET /metrics: the Prometheus exposition of the operational metrics (local mode).

In GCP the same numbers go to Cloud Monitoring (the scheduled metrics function); the public API
function does not expose them, so this answers 404 there.
"""

from __future__ import annotations

import flask

from shared.adapters.prometheus_metrics import render
from shared.errors import NotFound


def metrics_blueprint() -> flask.Blueprint:
    """The scrape endpoint."""
    blueprint = flask.Blueprint("metrics", __name__)

    @blueprint.get("/metrics")
    def scrape() -> flask.Response:
        from shared.api.context import current_services

        built = current_services()
        if built.settings.backend != "local":
            raise NotFound("metrics are in Cloud Monitoring in this deployment")
        body, content_type = render(
            lambda: built.metrics.snapshot(now=built.clock()),
            flask.request.headers.get("Accept", ""),
        )
        return flask.Response(body, content_type=content_type)

    return blueprint
