"""The catalog's Flask app: used by the api function in GCP and by `catalog run` locally."""

from __future__ import annotations

import flask

from shared.api.auth import install_authenticator
from shared.api.batch import batch_blueprint
from shared.api.bearer import add_rate_limit_headers, bearer_authenticator
from shared.api.context import ServicesFactory, current_services
from shared.api.errors import register_error_handlers
from shared.api.health import health_blueprint
from shared.api.local_blobs import local_blobs_blueprint
from shared.api.metrics import metrics_blueprint
from shared.api.openapi import ApiSpec
from shared.api.requests import register_request_context
from shared.api.retention import retention_blueprint
from shared.api.stats import stats_blueprint
from shared.api.uploads import uploads_blueprint
from shared.api.web import web_blueprint

__all__ = ["ServicesFactory", "create_app", "current_services"]


def create_app(services: ServicesFactory) -> flask.Flask:
    """Build the app; ``services`` is called lazily, on the first request that needs it."""
    app = flask.Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024  # API bodies; audio goes to signed URLs
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["catalog.services"] = services
    register_request_context(app)
    register_error_handlers(app)
    spec = ApiSpec(
        max_body_bytes=lambda: current_services().settings.api_max_body_bytes,
        max_json_depth=lambda: current_services().settings.api_max_json_depth,
    )
    app.extensions["catalog.openapi"] = spec
    install_authenticator(app, bearer_authenticator)
    app.after_request(add_rate_limit_headers)
    app.register_blueprint(health_blueprint())
    app.register_blueprint(local_blobs_blueprint())
    app.register_blueprint(uploads_blueprint(spec))
    _register_api(app, spec)
    app.register_blueprint(metrics_blueprint())  # issue 8
    app.register_blueprint(retention_blueprint(spec))  # issue 8
    app.register_blueprint(batch_blueprint(spec))
    app.register_blueprint(stats_blueprint(spec))
    app.register_blueprint(web_blueprint())  # last: its catch-all never shadows an API route
    return app


def _register_api(app: flask.Flask, spec: ApiSpec) -> None:
    """The REST and GraphQL APIs (issue 5), their docs, and OAuth2 bearer authentication."""
    from shared.api.admin import admin_blueprint
    from shared.api.artwork import artwork_blueprint
    from shared.api.catalog import catalog_blueprint
    from shared.api.changes import changes_blueprint
    from shared.api.code_assignment import code_assignment_blueprint
    from shared.api.ddex_parties import ddex_parties_blueprint
    from shared.api.dead_letters import dead_letters_blueprint
    from shared.api.deliveries import deliveries_blueprint
    from shared.api.docs import docs_blueprint
    from shared.api.graphql import graphql_blueprint
    from shared.api.oauth import oauth_blueprint
    from shared.api.track_merge import track_merge_blueprint
    from shared.api.tracklists import tracklists_blueprint

    blueprints = (
        oauth_blueprint(spec),
        catalog_blueprint(spec),
        tracklists_blueprint(spec),
        track_merge_blueprint(spec),
        artwork_blueprint(spec),
        code_assignment_blueprint(spec),
        ddex_parties_blueprint(spec),
        dead_letters_blueprint(spec),
        deliveries_blueprint(spec),
        changes_blueprint(spec),
        admin_blueprint(spec),
        docs_blueprint(spec),
        graphql_blueprint(),
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
