"""terraform/ checked statically (Terraform cannot reach GCP or its registry here).

The HCL parses (python-hcl2); every entry point in functions/ has a function and a trigger;
every topic the code publishes to, every route, schedule and alert exists in Terraform with the
same names and numbers as the code; checkov passes and every exception says why;
`terraform fmt -check` is clean.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import hcl2
import pytest

from shared import topics as topics_module
from shared.domain.alerts import ALERT_RULES
from shared.domain.pipeline import (
    AI_REQUESTS_TABLE,
    PROCESSING_TABLE,
    AiRequestEvent,
    ProcessingEvent,
)
from shared.schedules import SCHEDULES
from shared.settings import Settings
from shared.topics import ROUTES, TOPICS, UPLOADS_FINALIZED
from tests.conftest import REPO_ROOT

TERRAFORM = REPO_ROOT / "terraform"
CATALOG = TERRAFORM / "modules" / "catalog"
# Settings the AI issue adds (DESIGN.md names them: QWEN_ENDPOINT, OPENAI_API_KEY); Terraform
# already passes them to the analyze functions.
SETTINGS_OF_OTHER_ISSUES = {"QWEN_ENDPOINT", "OPENAI_API_KEY"}


def _plain(value: Any) -> Any:
    """python-hcl2 keeps HCL's quotes around strings and keys: take them off."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items() if not str(k).startswith("__")}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)
        except json.JSONDecodeError:  # an interpolation with quotes inside: "a${f("b")}"
            return value[1:-1]
    return value


@cache
def _parsed(path: Path) -> dict[str, Any]:
    return _plain(hcl2.loads(path.read_text()))


def _locals(path: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for block in _parsed(path).get("locals", []):
        merged.update(block)
    return merged


FUNCTIONS = _locals(CATALOG / "functions.tf")["functions"]


def _entry_points() -> dict[str, str]:
    """Entry points in functions/*.py: name => "http" or "cloud_event" (by their decorator)."""
    found: dict[str, str] = {}
    for path in sorted((REPO_ROOT / "functions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Attribute) and decorator.attr in (
                        "http",
                        "cloud_event",
                    ):
                        found[node.name] = decorator.attr
    return found


def test_every_terraform_file_parses() -> None:
    files = sorted(TERRAFORM.rglob("*.tf"))

    parsed = [_parsed(path) for path in files]

    assert len(files) >= 40
    assert all(isinstance(tree, dict) for tree in parsed)


def test_the_entry_point_discovery_finds_the_functions_here() -> None:
    found = _entry_points()

    assert found["api"] == "http"
    assert found["on_dead_letter"] == found["on_cleanup_scheduled"] == "cloud_event"


@pytest.mark.parametrize(("entry_point", "kind"), sorted(_entry_points().items()))
def test_every_entry_point_has_a_function_and_a_trigger(entry_point: str, kind: str) -> None:
    deployments = {n: f for n, f in FUNCTIONS.items() if f["entry_point"] == entry_point}

    assert deployments, f"{entry_point} has no function in terraform/modules/catalog/functions.tf"
    for name, function in deployments.items():
        if kind == "http":
            assert function["trigger"] == "https", name
        elif function["trigger"] == "storage":
            assert function["subscriptions"] == {}, name
        else:
            assert function["trigger"] == "pubsub", name
            assert function["subscriptions"], f"{name} has no subscription pushing to it"


def test_every_topic_of_the_code_is_a_terraform_topic() -> None:
    catalog = _locals(CATALOG / "main.tf")

    in_terraform = set(catalog["topics"])

    assert in_terraform == set(TOPICS) - {UPLOADS_FINALIZED}  # that one is GCS's finalize event
    assert set(catalog["dead_letter_topics"]) <= in_terraform
    subscribed = {s["topic"] for f in FUNCTIONS.values() for s in f["subscriptions"].values()}
    assert subscribed <= in_terraform


def _published_topics() -> set[str]:
    """Topics named in every publish()/publish_many() call of shared/ and functions/."""
    names = {n: v for n, v in vars(topics_module).items() if n.isupper() and isinstance(v, str)}
    found: set[str] = set()
    for folder in ("shared", "functions"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                if node.func.attr not in ("publish", "publish_many") or not node.args:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in names:
                    found.add(names[first.id])
                elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def test_every_topic_the_code_publishes_to_is_defined() -> None:
    published = _published_topics()
    scheduled = {schedule.topic for schedule in SCHEDULES}
    dead_letters = {route.dead_letter_topic for route in ROUTES if route.dead_letter_topic}
    in_terraform = set(_locals(CATALOG / "main.tf")["topics"])

    assert "cleanup-scheduled" in published  # the scan sees real calls
    assert (published | scheduled | dead_letters) - {UPLOADS_FINALIZED} <= in_terraform


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.subscription)
def test_every_route_has_the_same_trigger_in_terraform(route: topics_module.Route) -> None:
    function_name = route.entry_point.split(":")[1]
    deployments = [f for f in FUNCTIONS.values() if f["entry_point"] == function_name]

    if route.event == "storage":
        assert any(f["trigger"] == "storage" for f in deployments)
        return
    feeding = [
        s for f in deployments for s in f["subscriptions"].values() if s["topic"] == route.topic
    ]
    assert feeding, f"no subscription on {route.topic} pushes to {function_name}"
    assert all(s.get("dead_letter_topic") == route.dead_letter_topic for s in feeding)


def test_pubsub_keeps_five_delivery_attempts_as_the_backstop() -> None:
    variables = _parsed(TERRAFORM / "modules/event-function/variables.tf")["variable"]
    subscriptions = next(
        v["pubsub_subscriptions"] for v in variables if "pubsub_subscriptions" in v
    )

    assert "max_delivery_attempts = optional(number, 5)" in subscriptions["type"]


def test_the_scheduler_jobs_match_the_local_schedules() -> None:
    jobs = _locals(CATALOG / "operations.tf")["schedules"]

    assert {name: (job["schedule"], job["topic"]) for name, job in jobs.items()} == {
        schedule.name: (schedule.cron, schedule.topic) for schedule in SCHEDULES
    }


def test_the_alert_policies_have_the_product_owners_thresholds() -> None:
    policies = _locals(TERRAFORM / "modules/monitoring/main.tf")["alerts"]

    assert set(policies) == {rule.name for rule in ALERT_RULES}
    for rule in ALERT_RULES:
        policy = policies[rule.name]
        assert float(policy["threshold"]) == rule.threshold, rule.name
        assert policy["duration"] == f"{rule.for_s:.0f}s", rule.name
        assert policy["metric_type"] == rule.gcp_metric, rule.name


@pytest.mark.parametrize(
    ("table", "event"), [(AI_REQUESTS_TABLE, AiRequestEvent), (PROCESSING_TABLE, ProcessingEvent)]
)
def test_bigquery_tables_have_the_fields_of_the_analytics_rows(table: str, event: type) -> None:
    schema = json.loads((TERRAFORM / f"modules/analytics/schemas/{table}.json").read_text())
    tables = _locals(TERRAFORM / "modules/analytics/main.tf")["tables"]

    assert table in tables
    assert [f["name"] for f in schema] == [f.name for f in dataclasses.fields(event)]


def test_function_environment_names_are_settings() -> None:
    catalog = _locals(CATALOG / "functions.tf")
    names = set(catalog["common_environment"])
    names |= {n for extra in catalog["extra_environment"].values() for n in extra}
    names |= {n for secrets in catalog["secrets"].values() for n in secrets}

    settings = {name.upper() for name in Settings.model_fields}
    assert names - settings - SETTINGS_OF_OTHER_ISSUES == set()
    assert {"UPLOADS_BUCKET", "AUDIO_BUCKET", "EXPORTS_BUCKET", "REDIS_URL"} <= names


def test_production_is_highly_available_and_warm() -> None:
    module = _parsed(TERRAFORM / "envs/production/main.tf")["module"][0]["catalog"]
    staging = _parsed(TERRAFORM / "envs/staging/main.tf")["module"][0]["catalog"]

    sizing = module["sizing"]
    assert sizing["sql_high_availability"] is True
    assert sizing["redis_high_availability"] is True
    assert sizing["inference_min_instances"] >= 1  # the Enterprise real-time path
    assert sizing["analyze_high_min_instances"] >= 1
    assert module["ci"]["approval_required"] is True
    assert staging["ci"]["approval_required"] is False


def test_every_variable_has_a_type_and_a_description() -> None:
    missing = [
        f"{path.relative_to(TERRAFORM)}: {name}"
        for path in TERRAFORM.rglob("variables.tf")
        for block in _parsed(path).get("variable", [])
        for name, spec in block.items()
        if "type" not in spec or "description" not in spec
    ]

    assert missing == []


def _terraform() -> str:
    found = os.environ.get("TERRAFORM") or shutil.which("terraform") or "/usr/local/bin/terraform"
    assert Path(found).exists(), "terraform not found: set TERRAFORM or put it on PATH"
    return found


def test_terraform_fmt_is_clean() -> None:
    result = subprocess.run(
        [_terraform(), "fmt", "-check", "-recursive", "-list=true", str(TERRAFORM)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, f"not formatted: {result.stdout}"


_SKIP = re.compile(r"checkov:skip=(CKV2?_[A-Z]+_\d+)(:?)(.*)")


def test_every_checkov_exception_says_why() -> None:
    skips = [
        (path.relative_to(TERRAFORM), match)
        for path in TERRAFORM.rglob("*.tf")
        for match in _SKIP.finditer(path.read_text())
    ]

    assert len(skips) >= 5
    undocumented = [f"{path}: {m.group(1)}" for path, m in skips if len(m.group(3).strip()) < 20]
    assert undocumented == []


@pytest.mark.slow
def test_checkov_passes() -> None:
    checkov = REPO_ROOT / ".venv-checkov" / "bin" / "checkov"
    assert checkov.exists(), "checkov not installed: run make install"

    result = subprocess.run(
        [
            str(checkov),
            "-d",
            str(TERRAFORM),
            "--framework",
            "terraform",
            "--quiet",
            "--compact",
            "--skip-download",
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )

    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [
        f"{c['check_id']} {c['resource']} ({c['file_path']})"
        for r in reports
        for c in r["results"]["failed_checks"]
    ]
    assert failed == []
    assert sum(r["summary"]["passed"] for r in reports) > 100
    assert result.returncode == 0
