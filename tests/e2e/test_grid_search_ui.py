"""The track grid in Debian's chromium against `catalog run` (web/e2e/grid-search.mjs): a track
found by its ISRC typed with hyphens, the grid sorted by a header click, the track opened through
its title link, and the search and sort still there after the browser's back button.
Screenshots in test-artifacts/web-e2e/grid-search-*.png."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_release_builder_ui import _post
from tests.e2e.test_web_flow import PASSWORD, _create_user
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow


def test_search_and_sort_survive_opening_a_track_and_coming_back(
    ui_catalog: RunningCatalog,
) -> None:
    email = "grid@label.example"
    _create_user(ui_catalog, email)
    token = _post(f"{ui_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    bearer = token["access_token"]
    release = _post(f"{ui_catalog.url}/api/v1/releases", {"title": "Night Drive EP"}, bearer)
    for title, bpm, extra in (
        ("Move Ya Body", 120, {"isrc": "USRC17607839", "release_id": release["id"]}),
        ("Slow One", 80, {}),
        ("Fast One", 170, {}),
    ):
        _post(f"{ui_catalog.url}/api/v1/tracks", {"title": title, "bpm": bpm, **extra}, bearer)

    outcome = run_browser_script(
        "grid-search.mjs",
        {"CATALOG_URL": ui_catalog.url, "E2E_EMAIL": email, "E2E_PASSWORD": PASSWORD},
        timeout_s=300,
    )

    back: dict[str, object] = outcome["back"]  # type: ignore[assignment]
    assert outcome["ok"] is True
    assert outcome["sorted"] == ["Fast One", "Move Ya Body", "Slow One"]
    assert outcome["found"] == ["Move Ya Body"]
    assert str(outcome["release"]).startswith(f"/release/?id={release['id']}")
    assert "/track/?id=" in str(outcome["trackUrl"])
    assert parse_qs(urlsplit(str(back["url"])).query) == {
        "sort": ["-bpm"],
        "q": ["us-rc1-76-07839"],
    }
    assert back["search"] == "us-rc1-76-07839"
    assert back["sort"] == "descending"
    assert back["titles"] == ["Move Ya Body"]
