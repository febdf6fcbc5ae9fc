"""HTTPS trigger: the REST and GraphQL APIs, the health endpoint and the web UI."""

from __future__ import annotations

import functools

import flask
import functions_framework

from shared.api import create_app
from shared.bootstrap import services


@functools.cache
def _app() -> flask.Flask:
    return create_app(services)


@functions_framework.http
def api(request: flask.Request) -> flask.Response:
    """Hand the request to the catalog's Flask app (the same one `catalog run` serves)."""
    app = _app()
    with app.request_context(request.environ):
        return app.full_dispatch_request()
