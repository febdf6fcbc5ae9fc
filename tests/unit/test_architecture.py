"""The house rules (STYLE.md sections 1, 3, 9, 13), read from the source: each rule is a function
of a source tree, run on ours (no offenders) and on a tree with one deliberate violation of every
rule (each rule finds its own), so a rule that can never match fails here.

Imports are read with ``ast``: every import counts, those inside functions too (a lazy import is
still a dependency), except those under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CLOUD_AND_WEB = {"google", "pg8000", "redis", "openai", "flask", "functions_framework"}
DOMAIN_IO = {"sqlalchemy", "requests", "socket", "subprocess", "shared.db", "shared.adapters"}
SERVICE_INFRASTRUCTURE = {
    "sqlalchemy",
    "shared.db",
    "shared.adapters",
    "shared.api",
    "shared.bootstrap",
}
BODY_READERS = {"get_json", "get_data", "json", "form", "files", "data"}  # of flask.request
# Version registries of the standards code load each version's module lazily, and that module
# imports the registry back: the standards owners' code, untangled with them rather than under
# them (issue 14's report). Any other cycle fails, and so does a new member of one of these.
ALLOWED_CYCLES = [
    {"shared.ern.model", "shared.ern.ern43", "shared.ern.ern382"},
    {"shared.cwr.layout", "shared.cwr.layout_v3"},
    {"shared.cwr.writer", "shared.cwr.writer_v3"},
]

Rule = Callable[[Path], list[str]]


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted((root / "shared").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for child in ast.walk(node))
    return hidden


def imported_names(path: Path) -> set[str]:
    """Every absolute module name ``path`` imports, and each ``from x import y`` as ``x.y``."""
    tree = ast.parse(path.read_text())
    hidden = _type_checking_nodes(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _matches(name: str, prefixes: set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _offenders(root: Path, folder: str, forbidden: set[str]) -> list[str]:
    return sorted(
        f"{path.relative_to(root)}: {name}"
        for path in (root / folder).rglob("*.py")
        for name in imported_names(path)
        if _matches(name, forbidden)
    )


def domain_and_services_import_no_cloud_or_web_library(root: Path) -> list[str]:
    """STYLE 1: domain/ and services/ never import google, pg8000, redis, openai, flask."""
    return _offenders(root, "shared/domain", CLOUD_AND_WEB) + _offenders(
        root, "shared/services", CLOUD_AND_WEB
    )


def the_domain_does_no_io(root: Path) -> list[str]:
    """Domain values and rules: no SQL, sockets, processes, database or adapters."""
    return _offenders(root, "shared/domain", DOMAIN_IO)


def services_see_only_domain_ports_and_services(root: Path) -> list[str]:
    """STYLE 13: services reach storage through the unit of work's ports, never SQLAlchemy,
    shared.db, an adapter, the API or the composition root."""
    return _offenders(root, "shared/services", SERVICE_INFRASTRUCTURE)


def services_never_touch_the_connection(root: Path) -> list[str]:
    """No ``uow.connection`` (nor ``Repo(uow.connection)``): repositories are bound on the uow."""
    return sorted(
        f"{path.relative_to(root)}:{node.lineno}"
        for path in (root / "shared/services").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Attribute) and node.attr == "connection"
    )


def google_appears_only_under_adapters(root: Path) -> list[str]:
    """STYLE 1: the word "google" is imported only by adapters (and the Cloud SQL connector)."""
    return sorted(
        str(path.relative_to(root))
        for path in (root / "shared").rglob("*.py")
        if any(_matches(n, {"google"}) for n in imported_names(path))
        and "adapters" not in path.parts
        and path.name != "engine.py"
    )


def shared_imports_inference_only_in_the_in_process_analyzer(root: Path) -> list[str]:
    """shared/ and inference/ do not import each other, but for the in-process analyzer."""
    allowed = root / "shared/adapters/inprocess_analyzer.py"
    return sorted(
        str(path.relative_to(root))
        for path in (root / "shared").rglob("*.py")
        if path != allowed and any(_matches(n, {"inference"}) for n in imported_names(path))
    )


def bootstrap_is_wiring_only(root: Path) -> list[str]:
    """The composition root builds adapters and services: it imports neither the API layer nor
    SQL (health probes live in services/health.py and the adapters)."""
    path = root / "shared/bootstrap.py"
    names = imported_names(path)
    found = sorted(n for n in names if _matches(n, {"shared.api", "sqlalchemy.sql"}))
    source = path.read_text()
    found += [f"SQL text in {path.name}" for marker in ("sa.text(", "SHOW ") if marker in source]
    found += [f"a mutable bag in {path.name}" for m in ("extras",) if m in source]
    return found


def the_api_runs_no_threads(root: Path) -> list[str]:
    """STYLE 13: work that outlives a request is a job on a topic, never a thread."""
    return _offenders(root, "shared/api", {"threading", "concurrent.futures", "_thread"})


def _request_reads(path: Path) -> Iterator[int]:
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in BODY_READERS
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "request"
        ):
            yield node.lineno


def bodies_are_read_only_by_the_shared_checks(root: Path) -> list[str]:
    """STYLE 13: one way to declare an endpoint; only bodies.py reads a request body, so every
    body passes the same size, depth and duplicate-key checks."""
    readers = {"bodies.py", "local_blobs.py"}  # local_blobs: the signed-URL PUT of raw audio
    return sorted(
        f"{path.relative_to(root)}:{line}"
        for path in (root / "shared/api").rglob("*.py")
        if path.name not in readers
        for line in _request_reads(path)
    )


def routes_are_declared_one_way(root: Path) -> list[str]:
    """Every API route is a ``spec.operation``: no route described after the fact."""
    found = [str(p.relative_to(root)) for p in (root / "shared/api").rglob("described.py")]
    for path in (root / "shared/api").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "describe":
                found.append(f"{path.relative_to(root)}:{node.lineno}: describe")
    return sorted(found)


def graphql_resolvers_run_no_sql(root: Path) -> list[str]:
    """GraphQL resolvers call services or repository methods, never SQL."""
    found = _offenders(root, "shared/api/graphql", {"sqlalchemy", "shared.db"})
    for path in (root / "shared/api/graphql").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "connection":
                found.append(f"{path.relative_to(root)}:{node.lineno}: .connection")
    return sorted(found)


def _targets(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of shared/ that ``path`` imports; ``from package import submodule`` depends
    on the submodule, ``from package import name`` on the package."""
    tree = ast.parse(path.read_text())
    hidden = _type_checking_nodes(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                names.add(full if full in modules else node.module)
    targets = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name:
            targets.add(name)
    return targets


def _graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {m: _targets(path, modules) - {m} for m, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def there_are_no_import_cycles(root: Path) -> list[str]:
    """Modules of shared/ import each other one way (lazy imports count)."""
    return sorted(
        " <-> ".join(sorted(cycle))
        for cycle in _cycles(_graph(root))
        if cycle not in ALLOWED_CYCLES
    )


RULES: list[Rule] = [
    domain_and_services_import_no_cloud_or_web_library,
    the_domain_does_no_io,
    services_see_only_domain_ports_and_services,
    services_never_touch_the_connection,
    google_appears_only_under_adapters,
    shared_imports_inference_only_in_the_in_process_analyzer,
    bootstrap_is_wiring_only,
    the_api_runs_no_threads,
    bodies_are_read_only_by_the_shared_checks,
    routes_are_declared_one_way,
    graphql_resolvers_run_no_sql,
    there_are_no_import_cycles,
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_our_source_keeps_the_rule(rule: Rule) -> None:
    assert rule(REPO_ROOT) == []


VIOLATIONS = {
    "shared/domain/bad.py": "import shared.db.tables\nfrom redis import Redis\n",
    "shared/services/bad.py": (
        "from shared.db.uow import UnitOfWork\n"
        "import sqlalchemy as sa\n"
        "def f(uow):\n    return Repo(uow.connection)\n"
    ),
    "shared/cli/bad.py": "from google.cloud import storage\nfrom inference.audio import decode\n",
    "shared/bootstrap.py": (
        "from shared.api.documents import track_json\nimport sqlalchemy as sa\n"
        "extras = {}\nsa.text('SHOW server_version')\n"
    ),
    "shared/api/bad.py": (
        "import threading\nimport flask\nfrom shared.api.described import describe_routes\n"
        "def view():\n    return flask.request.get_json()\n"
        "spec.describe('GET', '/x')\n"
    ),
    "shared/api/described.py": "from shared.api.bad import view\n",
    "shared/api/graphql/schema.py": (
        "import sqlalchemy as sa\ndef resolve(ctx):\n    return ctx.uow.connection.execute()\n"
    ),
}


@pytest.fixture
def violating_tree(tmp_path: Path) -> Path:
    for name, source in VIOLATIONS.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    return tmp_path


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_each_rule_finds_its_deliberate_violation(rule: Rule, violating_tree: Path) -> None:
    """The proof that each rule can match: the shared.db rule of the domain never could."""
    assert rule(violating_tree) != []
