"""`catalog run` as a user starts it: healthy, shared with other commands, restartable."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    RunningCatalog,
    catalog_env,
    catalog_process,
    postmaster_pid,
    stop_catalog,
    wait_until_stopped,
)

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


@pytest.mark.parametrize("as_background_job", [False, True], ids=["foreground", "background job"])
def test_ctrl_c_stops_cleanly_with_its_database_and_a_second_start_works(
    catalog_data_dir: Path, tmp_path: Path, as_background_job: bool
) -> None:
    """Also when started as `catalog run &` from a script: the shell starts it with SIGINT
    ignored, and it used to go on serving until killed."""
    env = catalog_env(catalog_data_dir)
    with catalog_process(env, tmp_path / "first.log", as_background_job=as_background_job) as first:
        first.cli("admin", "create-partner", "Kept Label", "--tier", "free")
        assert postmaster_pid(catalog_data_dir) is not None

        assert stop_catalog(first, signal.SIGINT) == 0
        assert postmaster_pid(catalog_data_dir) is None  # stopped before `catalog run` exits

    with catalog_process(env, tmp_path / "second.log") as second:
        assert "Kept Label" in second.cli("admin", "list-partners", "--json").stdout


def test_a_killed_catalog_run_leaves_no_database_server_behind(
    catalog_data_dir: Path, tmp_path: Path
) -> None:
    env = catalog_env(catalog_data_dir)
    with catalog_process(env, tmp_path / "crashed.log") as crashed:
        server = postmaster_pid(catalog_data_dir)

        stop_catalog(crashed, signal.SIGKILL)  # no cleanup of its own at all

        assert server is not None
        assert wait_until_stopped(catalog_data_dir, timeout_s=30), "orphaned PostgreSQL"


def test_a_start_after_a_crash_works_and_keeps_the_data(
    catalog_data_dir: Path, tmp_path: Path
) -> None:
    env = catalog_env(catalog_data_dir)
    with catalog_process(env, tmp_path / "crashed.log") as crashed:
        crashed.cli("admin", "create-partner", "Survivor Label", "--tier", "free")
        stop_catalog(crashed, signal.SIGKILL)

    with catalog_process(env, tmp_path / "again.log") as again:
        assert again.get_json("/healthz")[0] == 200
        assert "Survivor Label" in again.cli("admin", "list-partners", "--json").stdout
        assert stop_catalog(again) == 0
