"""The catalog's Flask app: used by the api function in GCP and by `catalog run` locally."""

from __future__ import annotations

from collections.abc import Callable

import flask

from shared.api.batch import batch_blueprint
from shared.api.errors import register_error_handlers
from shared.api.health import health_blueprint
from shared.api.local_blobs import local_blobs_blueprint
from shared.api.requests import register_request_context
from shared.bootstrap import Services

ServicesFactory = Callable[[], Services]


def create_app(services: ServicesFactory) -> flask.Flask:
    """Build the app; ``services`` is called lazily, on the first request that needs it."""
    app = flask.Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024  # API bodies; audio goes to signed URLs
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["catalog.services"] = services
    register_request_context(app)
    register_error_handlers(app)
    app.register_blueprint(health_blueprint())
    app.register_blueprint(local_blobs_blueprint())
    app.register_blueprint(batch_blueprint())
    return app


def current_services() -> Services:
    """The Services of the app handling the current request."""
    factory: ServicesFactory = flask.current_app.extensions["catalog.services"]
    return factory()
