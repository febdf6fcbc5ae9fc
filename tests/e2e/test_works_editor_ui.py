"""The works editor in the UI, in Debian's chromium against `catalog run`
(web/e2e/works-editor.mjs): a work with a writer and a publisher made in the browser, a bad IPI
and a 90 % performance total refused beside their fields, then saved and linked to a recording;
the CWR export of that work carries what was typed (issue 17 part 2: a UI-only user can register
their works). Screenshots in test-artifacts/web-e2e/."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import pytest

from shared.cwr.reader import read_cwr
from tests.e2e.conftest import RunningCatalog
from tests.e2e.test_release_builder_ui import _post
from tests.e2e.test_web_flow import PASSWORD, _create_user
from tests.e2e.test_web_ui import run_browser_script

pytestmark = pytest.mark.slow


def _get(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body[:1] in (b"{", b"[") else body


def _finished_export(url: str, token: str, job_id: str) -> Any:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = _get(f"{url}/api/v1/exports/{job_id}", token)
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(1)
    raise AssertionError(f"export {job_id} did not finish in 120 s")


def test_a_label_registers_a_work_made_in_the_ui(ui_catalog: RunningCatalog) -> None:
    email = "works@label.example"
    _create_user(ui_catalog, email)
    token = _post(f"{ui_catalog.url}/auth/login", {"email": email, "password": PASSWORD})
    access = token["access_token"]
    track = _post(f"{ui_catalog.url}/api/v1/tracks", {"title": "Harbour Lights (Live)"}, access)

    outcome = run_browser_script(
        "works-editor.mjs",
        {
            "CATALOG_URL": ui_catalog.url,
            "E2E_EMAIL": email,
            "E2E_PASSWORD": PASSWORD,
            "E2E_TRACK_TITLE": "Harbour Lights (Live)",
        },
        timeout_s=300,
    )

    assert outcome["ok"] is True
    assert outcome["ipiError"] == "has check digits 98, expected 99"
    assert outcome["total"] == "90.00%"
    assert "totals 90.00%; the shares must total exactly 100.00%" in str(outcome["totalError"])
    work = _get(f"{ui_catalog.url}/api/v1/works/{outcome['workId']}", access)
    assert [(w["role"], w["ipi_name_number"], w["pr_share"]) for w in work["writers"]] == [
        ("C", "00000000199", 50.0)
    ]
    assert _get(f"{ui_catalog.url}/api/v1/tracks/{track['id']}", access)["work_id"] == work["id"]
    started = _post(f"{ui_catalog.url}/api/v1/exports", {"format": "cwr"}, access)
    job = _finished_export(ui_catalog.url, access, started["id"])
    assert job["state"] == "succeeded", job
    cwr = _get(job["download_url"], access).decode("ascii")
    (transaction,) = read_cwr(cwr).transactions("NWR")
    assert [r.get("ipi_name_number") for r in transaction.of_type("SWR")] == ["00000000199"]
    assert [r.get("ipi_name_number") for r in transaction.of_type("SPU")] == ["09000000020"]
    assert len(transaction.of_type("PWR")) == 1
