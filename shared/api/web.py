"""The web UI: the Next.js static export in web/out, served at / beside the APIs.

Unknown paths get the export's not-found page (the app shell; the client router takes over), but
never under the API prefixes: a mistyped API path answers problem+json, not HTML.
"""

from __future__ import annotations

from pathlib import Path

import flask
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.exceptions import NotFound as HttpNotFound

from shared.errors import Unavailable

# Paths the UI never answers: the APIs and the operational endpoints own them.
RESERVED_PREFIXES = (
    "api",
    "auth",
    "oauth",
    ".well-known",
    "graphql",
    "healthz",
    "local-blobs",
    "openapi.json",
    "docs",
    "metrics",
)
DEFAULT_DIST_DIR = Path(__file__).resolve().parents[2] / "web" / "out"
_IMMUTABLE = "public, max-age=31536000, immutable"  # _next/static names carry a content hash
# Next's static export inlines its bootstrap scripts and styles; blob: and https: serve signed
# audio and upload URLs (Cloud Storage in GCP).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; media-src 'self' blob: https:; "
    "connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def is_reserved(path: str) -> bool:
    """True when ``path`` (without its leading slash) belongs to an API or operational endpoint."""
    head = path.split("/", 1)[0]
    return head in RESERVED_PREFIXES


def resolve_page(dist_dir: Path, path: str) -> tuple[Path, int] | None:
    """The file answering ``path`` and its status, or None when nothing (not even 404.html) does.

    ``track/`` is ``track/index.html`` (Next's trailingSlash export), ``track`` too; anything that
    escapes the export folder is refused.
    """
    root = dist_dir.resolve()
    page = path.strip("/")
    candidates = (page, f"{page}/index.html", f"{page}.html") if page else ("index.html",)
    for candidate in candidates:
        file = (root / candidate).resolve()
        if file.is_file() and file.is_relative_to(root):
            return file, 200
    if path.startswith("_next/"):
        return None  # a missing asset is a plain 404, not a page
    fallback = root / "404.html"
    return (fallback, 404) if fallback.is_file() else None


def web_blueprint() -> flask.Blueprint:
    """GET / and every non-API path: the UI's files."""
    blueprint = flask.Blueprint("web", __name__)

    @blueprint.get("/", defaults={"path": ""})
    @blueprint.get("/<path:path>")
    def serve(path: str) -> flask.Response:
        if is_reserved(path):
            _refuse_reserved(path)
        dist_dir = _dist_dir()
        found = resolve_page(dist_dir, path)
        if found is None:
            raise HttpNotFound(f"/{path} is not part of the web UI")
        file, status = found
        response = flask.send_file(file, max_age=0 if file.suffix == ".html" else None)
        response.status_code = status
        _add_headers(response, file, path)
        return response

    return blueprint


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _refuse_reserved(path: str) -> None:
    """404, or 405 when an API route has this path with other methods (GET /oauth/token)."""
    adapter = flask.current_app.url_map.bind("localhost")
    allowed = []
    for method in _METHODS:
        try:
            endpoint, _ = adapter.match(f"/{path}", method=method)
        except HTTPException:
            continue
        if endpoint != "web.serve":
            allowed.append(method)
    if allowed:
        raise MethodNotAllowed(valid_methods=allowed)
    raise HttpNotFound(f"/{path} is not an endpoint of this API")


def _dist_dir() -> Path:
    from shared.api.context import current_services

    configured = current_services().settings.web_dist_dir
    dist_dir = configured or DEFAULT_DIST_DIR
    if not (dist_dir / "index.html").is_file():
        raise Unavailable(
            f"the web UI is not built ({dist_dir} has no index.html): `make run` builds it, "
            "or run `npm ci && npm run build` in web/"
        )
    return dist_dir


def _add_headers(response: flask.Response, file: Path, path: str) -> None:
    response.headers["X-Content-Type-Options"] = "nosniff"
    if path.startswith("_next/static/"):
        response.headers["Cache-Control"] = _IMMUTABLE
    elif file.suffix == ".html":
        response.headers["Cache-Control"] = "no-cache"
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["Referrer-Policy"] = "same-origin"
