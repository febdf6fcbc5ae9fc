"""The track page's discovery parts in Debian's chromium against `catalog run`
(web/e2e/discovery.mjs): three real WAVs dropped in the watch folder are ingested and analysed by
the local analyzer (musicnn), then the page shows the "Sounds like" panel (the other two tracks,
each with a play button), the genre and mood timeline under the waveform, and the preview clip,
moved with the arrow keys and by dragging; each move is saved as a person's value.
Screenshots in test-artifacts/web-e2e/discovery-*.png."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import RunningCatalog, catalog_env, catalog_process, free_port
from tests.e2e.test_release_builder_ui import _post
from tests.e2e.test_web_flow import PASSWORD, _create_user, write_click_track
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow

MELODIES = {
    "Harbour Lights": (220, 277, 330, 440),
    "Harbour Lights Reprise": (220, 277, 330, 392),
    "Night Market": (523, 392, 349, 294, 262),
}


@pytest.fixture
def watching_catalog(pgserver_reachable_dir: Path, tmp_path: Path) -> Iterator[RunningCatalog]:
    """`catalog run` serving the UI (signed URLs point at itself) and polling its watch folder."""
    port = free_port()
    env = catalog_env(
        pgserver_reachable_dir / "var",
        PUBLIC_URL=f"http://127.0.0.1:{port}",
        WATCH_FOLDER_INTERVAL_S="0.2",
    )
    with catalog_process(env, tmp_path / "catalog.log", port=port) as running:
        yield running


def _get(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _wait_for(
    probe: Callable[[], Any], what: str, running: RunningCatalog, timeout_s: float
) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if found := probe():
            return found
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}:\n{running.log()[-3000:]}")


def _analysed_tracks(running: RunningCatalog, token: str) -> dict[str, dict[str, Any]] | None:
    """The three tracks by title once each has its timeline and a preview suggestion."""
    items = _get(f"{running.url}/api/v1/tracks?limit=10", token)["items"]
    if len(items) < len(MELODIES):
        return None
    for item in items:
        timeline = _get(f"{running.url}/api/v1/tracks/{item['id']}/timeline", token)
        track = _get(f"{running.url}/api/v1/tracks/{item['id']}", token)
        if not timeline["segments"] or track.get("preview_start_s") is None:
            return None
    return {item["title"]: item for item in items}


def test_the_track_page_shows_similar_tracks_the_timeline_and_a_movable_preview(
    watching_catalog: RunningCatalog, tmp_path: Path
) -> None:
    email = "discovery@label.example"
    _create_user(watching_catalog, email)
    token = _post(f"{watching_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    bearer = token["access_token"]
    inbox = Path(watching_catalog.env["CATALOG_DATA_DIR"]) / "inbox" / "E2E Label"
    inbox.mkdir(parents=True, exist_ok=True)
    for title, melody in MELODIES.items():  # 40 s: the 30 s clip can move 10 s
        staged = write_click_track(
            tmp_path / f"{title}.wav", bpm=120, melody=melody, seconds=40.0, rate=16_000
        )
        staged.replace(inbox / staged.name)
    tracks = _wait_for(
        lambda: _analysed_tracks(watching_catalog, bearer),
        "3 analysed tracks",
        watching_catalog,
        240,
    )
    track = tracks["Harbour Lights"]
    suggested = _get(f"{watching_catalog.url}/api/v1/tracks/{track['id']}", bearer)

    outcome = run_browser_script(
        "discovery.mjs",
        {
            "CATALOG_URL": watching_catalog.url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_TRACK_ID": track["id"],
        },
        timeout_s=120,
    )

    saved = _get(f"{watching_catalog.url}/api/v1/tracks/{track['id']}", bearer)
    assert outcome["ok"] is True
    assert sorted(outcome["similar"]) == ["Harbour Lights Reprise", "Night Market"]  # type: ignore[arg-type]
    assert outcome["playButtons"] == 2
    assert outcome["timelineCells"] == {"Genre": 3, "Mood": 3}  # 0-15, 15-30, 30-40 s
    assert outcome["timelineBelowWaveform"] is True
    assert suggested["provenance"]["preview_start_s"]["source"] == "ai"
    assert outcome["before"] == suggested["preview_start_s"]
    assert outcome["afterKey"] == pytest.approx(outcome["expectedKey"])  # one arrow key: 1 s
    assert outcome["afterDrag"] != outcome["afterKey"]
    assert saved["preview_start_s"] == pytest.approx(outcome["afterDrag"])
    assert saved["provenance"]["preview_start_s"]["source"] == "human"
