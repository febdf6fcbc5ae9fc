"""The web UI's static export served beside the APIs, which it never shadows."""

from __future__ import annotations

from pathlib import Path

import flask
import pytest

from shared.api import create_app
from shared.api.web import RESERVED_PREFIXES
from shared.settings import Settings


class _Services:
    def __init__(self, dist_dir: Path) -> None:
        self.settings = Settings(web_dist_dir=dist_dir)


@pytest.fixture
def dist_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "track").mkdir(parents=True)
    (out / "_next" / "static" / "chunks").mkdir(parents=True)
    (out / "index.html").write_text("<html>dashboard</html>")
    (out / "track" / "index.html").write_text("<html>track</html>")
    (out / "404.html").write_text("<html>not found page</html>")
    (out / "_next" / "static" / "chunks" / "app-1a2b.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside the export")
    return out


def _client(dist_dir: Path) -> flask.testing.FlaskClient:
    app = create_app(lambda: _Services(dist_dir))  # type: ignore[arg-type, return-value]

    @app.post("/oauth/token")
    def token() -> dict[str, str]:  # stands in for the API's real route
        return {}

    return app.test_client()


def _get(client: flask.testing.FlaskClient, path: str) -> flask.Response:
    """A buffered response: the served file is read and closed at once."""
    return client.get(path, buffered=True)


def test_the_root_serves_the_app_with_security_headers(dist_dir: Path) -> None:
    response = _get(_client(dist_dir), "/")

    assert response.status_code == 200
    assert response.data == b"<html>dashboard</html>"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/track/", "/track", "/track/?id=42"])
def test_a_page_is_found_with_or_without_its_trailing_slash(dist_dir: Path, path: str) -> None:
    assert _get(_client(dist_dir), path).data == b"<html>track</html>"


def test_hashed_assets_are_cached_for_a_year(dist_dir: Path) -> None:
    response = _get(_client(dist_dir), "/_next/static/chunks/app-1a2b.js")

    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_an_unknown_page_gets_the_apps_not_found_page(dist_dir: Path) -> None:
    response = _get(_client(dist_dir), "/no/such/page")

    assert response.status_code == 404
    assert response.data == b"<html>not found page</html>"


def test_a_missing_asset_is_a_plain_404(dist_dir: Path) -> None:
    assert _get(_client(dist_dir), "/_next/static/chunks/gone.js").status_code == 404


def test_files_outside_the_export_are_never_served(dist_dir: Path) -> None:
    response = _get(_client(dist_dir), "/../secret.txt")

    assert b"outside the export" not in response.data


@pytest.mark.parametrize("prefix", RESERVED_PREFIXES)
def test_api_paths_answer_problem_json_not_html(dist_dir: Path, prefix: str) -> None:
    response = _get(_client(dist_dir), f"/{prefix}/nothing-here")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_a_get_to_a_post_only_api_route_is_405_not_the_app(dist_dir: Path) -> None:
    response = _get(_client(dist_dir), "/oauth/token")

    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_health_still_answers_beside_the_app(dist_dir: Path) -> None:
    rules = {
        rule.rule: rule.endpoint for rule in _client(dist_dir).application.url_map.iter_rules()
    }

    assert rules["/healthz"] == "health.healthz"


def test_an_unbuilt_ui_says_how_to_build_it(tmp_path: Path) -> None:
    response = _get(_client(tmp_path / "missing"), "/")

    assert response.status_code == 503
    assert "make run" in response.json["detail"]
