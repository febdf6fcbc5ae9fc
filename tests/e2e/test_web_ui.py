"""The web UI in a real browser (Debian's chromium through playwright-core) against `catalog run`.

The browser scripts live in web/e2e/ (Node, playwright-core); these tests start `catalog run`,
prepare what the scripts need, run them, and keep their screenshots in test-artifacts/web-e2e/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request

import pytest

from tests.conftest import REPO_ROOT
from tests.e2e.conftest import RunningCatalog

pytestmark = pytest.mark.slow

WEB = REPO_ROOT / "web"
ARTIFACTS = REPO_ROOT / "test-artifacts" / "web-e2e"


def _require_built_ui() -> None:
    if not (WEB / "out" / "index.html").is_file():
        pytest.fail("the web UI is not built: `make test` builds it (or `make web`)")
    if shutil.which("node") is None:
        pytest.fail("node is missing: the browser scripts need Node.js 20")


def run_browser_script(script: str, env: dict[str, str], timeout_s: float) -> dict[str, object]:
    """Run web/e2e/<script> with node; fail with its output unless it prints one JSON line."""
    _require_built_ui()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["node", f"e2e/{script}"],
        cwd=WEB, env={**os.environ, "E2E_ARTIFACTS": str(ARTIFACTS), **env},
        capture_output=True, text=True, timeout=timeout_s,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"{script} failed:\n{result.stdout}\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_ui_is_served_and_guards_its_screens(ui_catalog: RunningCatalog) -> None:
    outcome = run_browser_script("smoke.mjs", {"CATALOG_URL": ui_catalog.url}, 120)

    assert outcome["ok"] is True
    assert (ARTIFACTS / "smoke-sign-in.png").stat().st_size > 0


def test_api_paths_stay_json_beside_the_ui(ui_catalog: RunningCatalog) -> None:
    status, body = ui_catalog.get_json("/api/v1/no-such-thing")

    assert status == 404
    assert body["status"] == 404


def test_the_ui_files_are_served_with_their_security_headers(
    ui_catalog: RunningCatalog,
) -> None:
    with urllib.request.urlopen(ui_catalog.url + "/upload/", timeout=10) as response:
        html = response.read().decode()
        csp = response.headers["Content-Security-Policy"]

    assert "<html" in html
    assert "frame-ancestors 'none'" in csp
