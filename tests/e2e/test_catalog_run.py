"""`catalog run` as a user starts it: healthy, shared with other commands, restartable."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.e2e.conftest import RunningCatalog, catalog_env, start_catalog, stop_catalog

pytestmark = pytest.mark.slow


def test_healthz_reports_every_component(running_catalog: RunningCatalog) -> None:
    status, body = running_catalog.get_json("/healthz")

    assert status == 200
    assert body["status"] == "ok"
    components = body["components"]
    assert isinstance(components, dict)
    for name in ("database", "blob_store", "status_store", "cache", "message_bus", "bus_workers"):
        assert components[name]["ok"], (name, components[name])
    assert "schema up to date" in components["database"]["detail"]


def test_other_commands_share_the_database_while_it_runs(running_catalog: RunningCatalog) -> None:
    created = running_catalog.cli(
        "admin", "create-partner", "Shared Label", "--tier", "pro", "--json"
    )
    listed = running_catalog.cli("admin", "list-partners", "--json")

    assert created.returncode == 0, created.stderr
    assert "Shared Label" in listed.stdout
    assert running_catalog.get_json("/healthz")[0] == 200  # still healthy


def test_ctrl_c_stops_cleanly_and_a_second_start_works(
    catalog_data_dir: Path, tmp_path: Path
) -> None:
    env = catalog_env(catalog_data_dir)
    first = start_catalog(env, tmp_path / "first.log")
    first.cli("admin", "create-partner", "Kept Label", "--tier", "free")

    assert stop_catalog(first, signal.SIGINT) == 0
    second = start_catalog(env, tmp_path / "second.log")
    try:
        assert "Kept Label" in second.cli("admin", "list-partners", "--json").stdout
    finally:
        stop_catalog(second)


def test_a_start_after_a_crash_works(catalog_data_dir: Path, tmp_path: Path) -> None:
    env = catalog_env(catalog_data_dir)
    crashed = start_catalog(env, tmp_path / "crashed.log")
    stop_catalog(crashed, signal.SIGKILL)  # no cleanup at all: the embedded server is left running

    again = start_catalog(env, tmp_path / "again.log")
    try:
        assert again.get_json("/healthz")[0] == 200
    finally:
        assert stop_catalog(again) == 0
