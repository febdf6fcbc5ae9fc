"""GET /openapi.json, Swagger UI at /docs and the browser assets both UIs load, served locally.

The assets come from npm packages installed by `make install` into shared/api/assets (no CDN:
the UIs work offline and no third party sees who reads the docs).
"""

from __future__ import annotations

from pathlib import Path

import flask

from shared.api.openapi import ApiSpec
from shared.errors import NotFound, Unavailable

ASSETS = Path(__file__).parent / "assets" / "node_modules"
_ALLOWED = {
    "swagger": ASSETS / "swagger-ui-dist",
    "graphiql": ASSETS / "graphiql",
    "react": ASSETS / "react" / "umd",
    "react-dom": ASSETS / "react-dom" / "umd",
}

_SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>catalog API</title>
<link rel="stylesheet" href="/docs/assets/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
</script></body></html>
"""


def docs_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The OpenAPI document, Swagger UI and the static assets."""
    bp = flask.Blueprint("docs", __name__)

    @bp.get("/openapi.json")
    def openapi_json() -> flask.Response:
        document = flask.current_app.extensions.get("catalog.openapi_document")
        if document is None:
            document = spec.document()
            flask.current_app.extensions["catalog.openapi_document"] = document
        return flask.jsonify(document)

    @bp.get("/docs")
    def swagger_ui() -> flask.Response:
        return flask.Response(_SWAGGER_PAGE, mimetype="text/html")

    @bp.get("/docs/assets/<package>/<path:name>")
    def asset(package: str, name: str) -> flask.Response:
        folder = _ALLOWED.get(package)
        if folder is None:
            raise NotFound(f"no asset package {package!r}")
        if not folder.is_dir():
            raise Unavailable("the UI assets are not installed: run `make install`")
        response = flask.send_from_directory(folder, name, max_age=86400)
        return response

    return bp
