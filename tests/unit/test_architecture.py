"""Imports point one way: domain and services never import cloud or web libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

FORBIDDEN = {"google", "pg8000", "redis", "openai", "flask", "functions_framework"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", ["domain", "services"])
def test_inner_layers_do_not_import_infrastructure(layer: str) -> None:
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(_imports(path) & FORBIDDEN)
        for path in (REPO_ROOT / "shared" / layer).rglob("*.py")
        if _imports(path) & FORBIDDEN
    }

    assert offenders == {}


def test_the_domain_does_no_io() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in (REPO_ROOT / "shared" / "domain").rglob("*.py")
        if _imports(path) & {"sqlalchemy", "requests", "socket", "subprocess", "shared.db"}
    ]

    assert offenders == []


def test_google_appears_only_under_adapters() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in (REPO_ROOT / "shared").rglob("*.py")
        if "google" in _imports(path) and "adapters" not in path.parts and path.name != "engine.py"
    ]

    assert offenders == []
