"""Building a release in the UI, in Debian's chromium against `catalog run`
(web/e2e/release-builder.mjs): three tracks made through the API become a release from the
grid's selection, are reordered with the keyboard, a bad UPC is refused beside the field and a
good one saved, a streaming deal is added and a cover uploaded and shown on a page opened under
another host name than the one the local store signs its URLs with. Screenshots in
test-artifacts/web-e2e/."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

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


def test_a_label_builds_a_release_from_three_tracks(
    ui_catalog: RunningCatalog, tmp_path: Path
) -> None:
    email = "builder@label.example"
    _create_user(ui_catalog, email)
    token = _post(f"{ui_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    track_ids = [
        _post(f"{ui_catalog.url}/api/v1/tracks", {"title": title}, token["access_token"])["id"]
        for title in ("Intro", "Night Drive", "Outro")
    ]

    cover = tmp_path / "cover.png"
    Image.new("RGB", (600, 600), (30, 30, 120)).save(cover)
    # signed URLs name 127.0.0.1: the page opened as localhost must still reach them (issue 17)
    page_url = ui_catalog.url.replace("127.0.0.1", "localhost")

    outcome = run_browser_script(
        "release-builder.mjs",
        {
            "CATALOG_URL": page_url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_COVER": str(cover),
            "E2E_TRACK_ID": track_ids[0],
        },
        timeout_s=300,
    )

    assert outcome["ok"] is True
    before, after = list(outcome["before"]), list(outcome["after"])  # type: ignore[call-overload]
    assert sorted(before) == ["Intro", "Night Drive", "Outro"]
    assert after == [*before[:-2], before[-1], before[-2]]
    assert "check digit" in str(outcome["refused"])
    assert outcome["gridErrorOnTop"] is True  # issue 17: it was hidden under the next row
    assert outcome["coverWidth"] == 600  # shown, though signed for another host name
    delivery = outcome["delivery"]  # issue 17 item 4: refused with its findings, as links
    assert any("has no audio file" in f for f in delivery["findings"]), delivery  # type: ignore[index]
    assert delivery["links"] >= 1  # type: ignore[index]
    assert outcome["phoneScrollWidth"] == {"release": 390, "track": 390}  # fit a phone's width
