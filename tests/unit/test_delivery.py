"""The delivery pipeline: cloudbuild.yaml's order, and the bundle Cloud Functions builds."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT

PIPELINE = yaml.safe_load((REPO_ROOT / "cloudbuild.yaml").read_text())
STEPS = [step["id"] for step in PIPELINE["steps"]]


def test_nothing_deploys_before_lint_and_tests_pass() -> None:
    for deploying in ("push-inference", "upload-functions", "terraform-plan", "terraform-apply"):
        assert STEPS.index("lint") < STEPS.index("test") < STEPS.index(deploying)


def test_terraform_applies_the_plan_it_made_for_the_environment() -> None:
    plan = next(s for s in PIPELINE["steps"] if s["id"] == "terraform-plan")
    apply = next(s for s in PIPELINE["steps"] if s["id"] == "terraform-apply")

    assert plan["dir"] == apply["dir"] == "terraform/envs/${_ENV}"
    assert "-out=tfplan" in plan["args"][-1]
    assert apply["args"] == ["apply", "-input=false", "tfplan"]
    assert "functions-${SHORT_SHA}.zip" in plan["args"][-1]


def test_the_flags_of_the_environment_roll_forward_after_the_deploy() -> None:
    flags = next(s for s in PIPELINE["steps"] if s["id"] == "feature-flags")

    assert STEPS.index("terraform-apply") < STEPS.index("feature-flags")
    assert "deploy/flags/${_ENV}.json" in flags["args"][-1]
    assert (REPO_ROOT / "deploy/flags/staging.json").exists()
    assert (REPO_ROOT / "deploy/flags/production.json").exists()


def test_the_function_bundle_imports_every_entry_point(tmp_path: Path) -> None:
    bundle = tmp_path / "functions.zip"
    subprocess.run(
        ["bash", str(REPO_ROOT / "scripts/build-function-source.sh"), str(bundle)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    unpacked = tmp_path / "src"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)

    result = subprocess.run(
        [sys.executable, "-c", "import main; print(' '.join(sorted(main.__all__)))"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr
    assert {"api", "on_cleanup_scheduled", "on_dead_letter"} <= set(result.stdout.split())
    assert (unpacked / "requirements.txt").read_text() == "-c constraints.txt\n.[gcp]\n"
    assert (unpacked / "shared/db/migrations/0800_operations.sql").exists()
