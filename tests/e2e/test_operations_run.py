"""Operations in `catalog run`: /metrics for Prometheus, and the CLI against the running stack."""

from __future__ import annotations

import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import RunningCatalog


def test_the_running_stack_serves_metrics_and_answers_operations_commands(
    running_catalog: RunningCatalog,
) -> None:
    with urllib.request.urlopen(running_catalog.url + "/metrics", timeout=10) as response:
        body = response.read().decode()
    alerts = running_catalog.cli("alerts", "--json")
    dry_run = running_catalog.cli("cleanup", "--dry-run")

    names = {family.name for family in text_string_to_metric_families(body)}
    assert {"catalog_queue_pending_total", "catalog_dlq_open_letters"} <= names
    assert alerts.returncode == 0, alerts.stderr
    assert '"alert": "dlq_size", "status": "ok"' in alerts.stdout
    assert dry_run.returncode == 0
    assert dry_run.stdout.strip() == "cleanup would remove: nothing"
