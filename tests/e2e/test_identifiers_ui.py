"""Identifier assignment in the UI, in Debian's chromium against `catalog run`
(web/e2e/identifiers.mjs): a prefix registered in Settings (a bad country code refused beside
the field first), ISRCs assigned to the grid's selection, and their origin shown on the track
page. Screenshots in test-artifacts/web-e2e/identifiers-*.png."""

from __future__ import annotations

import datetime

import pytest

from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_release_builder_ui import _post
from tests.e2e.test_web_flow import PASSWORD, _create_user
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow


def test_a_label_registers_a_prefix_and_assigns_isrcs_to_selected_tracks(
    ui_catalog: RunningCatalog,
) -> None:
    email = "codes@label.example"
    _create_user(ui_catalog, email)
    token = _post(f"{ui_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    track_ids = [
        _post(f"{ui_catalog.url}/api/v1/tracks", {"title": title}, token["access_token"])["id"]
        for title in ("Intro", "Outro")
    ]
    year = datetime.datetime.now(datetime.UTC).year % 100

    outcome = run_browser_script(
        "identifiers.mjs",
        {
            "CATALOG_URL": ui_catalog.url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_REGISTRANT": "E2E",
            "E2E_TRACK_ID": track_ids[0],
        },
        timeout_s=300,
    )

    assert outcome["ok"] is True
    assert "2 letters" in str(outcome["refused"])
    assert f"GBE2E{year:02d}00001" in str(outcome["assigned"])
    assert f"GBE2E{year:02d}0000" in str(outcome["origin"])
    assert "assigned from ISRC prefix GB-E2E by you" in str(outcome["origin"])
