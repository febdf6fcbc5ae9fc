"""GET /healthz: 200 with each component's state when all are healthy, 503 otherwise."""

from __future__ import annotations

import flask


def health_blueprint() -> flask.Blueprint:
    """The health endpoint."""
    blueprint = flask.Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz() -> tuple[flask.Response, int]:
        from shared.api.context import current_services

        health = current_services().health
        components = health.check_all()
        healthy = all(component.ok for component in components)
        body = {
            "status": "ok" if healthy else "degraded",
            "components": {
                c.name: {"ok": c.ok, "detail": c.detail, "latency_ms": round(c.latency_ms, 1)}
                for c in components
            },
            "features": {  # optional: an unavailable one leaves the status "ok"
                f.name: {"available": f.ok, "detail": f.detail} for f in health.features()
            },
        }
        return flask.jsonify(body), 200 if healthy else 503

    return blueprint
