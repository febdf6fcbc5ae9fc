"""Building a release in the UI, in Debian's chromium against `catalog run`
(web/e2e/release-builder.mjs): three tracks made through the API become a release from the
grid's selection, are reordered with the keyboard, a bad UPC is refused beside the field and a
good one saved, and a streaming deal is added. Screenshots in test-artifacts/web-e2e/."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_web_flow import PASSWORD, _create_user
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow


def _post(url: str, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_a_label_builds_a_release_from_three_tracks(ui_catalog: RunningCatalog) -> None:
    email = "builder@label.example"
    _create_user(ui_catalog, email)
    token = _post(f"{ui_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    for title in ("Intro", "Night Drive", "Outro"):
        _post(f"{ui_catalog.url}/api/v1/tracks", {"title": title}, token["access_token"])

    outcome = run_browser_script(
        "release-builder.mjs",
        {"CATALOG_URL": ui_catalog.url, "E2E_EMAIL": email, "E2E_PASSWORD": PASSWORD},
        timeout_s=300,
    )

    assert outcome["ok"] is True
    before, after = list(outcome["before"]), list(outcome["after"])  # type: ignore[call-overload]
    assert sorted(before) == ["Intro", "Night Drive", "Outro"]
    assert after == [*before[:-2], before[-1], before[-2]]
    assert "check digit" in str(outcome["refused"])
    assert outcome["gridErrorOnTop"] is True  # issue 17: it was hidden under the next row
