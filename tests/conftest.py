"""Shared fixtures: a real PostgreSQL database per test session, settings and services.

The machine's PostgreSQL at 127.0.0.1:5432 is used when it answers (CI and the dev machines run
one); otherwise an embedded server from pgserver under a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services, build_services, install_services
from shared.db.engine import PgTarget, ensure_database
from shared.db.migrate import migrate
from shared.domain.audit import Actor
from shared.domain.partners import Partner, Tier
from shared.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_RESOURCES = REPO_ROOT.parent / "shared"
TEST_ACTOR = Actor.system("tests")


@pytest.fixture
def pgserver_reachable_dir() -> Iterator[Path]:
    """A temporary folder the embedded PostgreSQL can reach.

    As root, pgserver runs PostgreSQL as the user `pgserver`; pytest keeps its own temporary
    folders private (0700, reset by every pytest session that starts), so data dirs for the
    embedded server live in a traversable folder of their own instead.
    """
    path = Path(tempfile.mkdtemp(prefix="catalog-test-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _machine_postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> PgTarget:
    """A PostgreSQL server: the machine's, or an embedded one."""
    if os.environ.get("TEST_DATABASE_SERVER") == "embedded" or not _machine_postgres_answers():
        from shared.db.embedded import start_embedded_postgres

        base = Path(tempfile.mkdtemp(prefix="catalog-test-pg-"))
        base.chmod(0o755)  # reachable by the `pgserver` user (see pgserver_reachable_dir)
        socket_dir = start_embedded_postgres(base / "data")
        return PgTarget.from_url(f"postgresql://postgres@/postgres?host={socket_dir}")
    return PgTarget(database="postgres", user="postgres", host="127.0.0.1", port=5432)


@pytest.fixture(scope="session")
def database_url(pg_server: PgTarget) -> Iterator[str]:
    """A fresh, migrated database for this test session, dropped at the end."""
    name = f"catalog_test_{uuid.uuid4().hex[:12]}"
    ensure_database(pg_server, name, timeout_s=10)
    url = _url_of(pg_server.with_database(name))
    engine = sa.create_engine("postgresql+pg8000://", creator=lambda: _connect(url))
    migrate(engine)
    engine.dispose()
    yield url
    _drop_database(pg_server, name)


def _url_of(target: PgTarget) -> str:
    if target.unix_sock:
        return f"postgresql://{target.user}@/{target.database}?host={Path(target.unix_sock).parent}"
    return f"postgresql://{target.user}@{target.host}:{target.port}/{target.database}"


def _connect(url: str) -> object:
    return PgTarget.from_url(url).connect(timeout_s=10, statement_timeout_s=60)


def _drop_database(server: PgTarget, name: str) -> None:
    conn = server.connect(timeout_s=10, statement_timeout_s=60)
    try:
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Local-mode settings on the test database, with fast bus timings."""
    return Settings(
        database_url=database_url,
        catalog_data_dir=tmp_path / "data",
        environment="test",
        bus_poll_interval_s=0.01,
        bus_retry_min_backoff_s=0.0,
        bus_retry_max_backoff_s=0.0,
        db_pool_size=4,
    )


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Services built from ``settings``; connections released afterwards."""
    built = build_services(settings)
    yield built
    built.close()


@pytest.fixture
def installed_services(services: Services) -> Iterator[Services]:
    """``services`` installed as the process's, so entry points called by a test use them."""
    install_services(services)
    yield services
    install_services(None)


@pytest.fixture
def engine(services: Services) -> sa.Engine:
    """The services' engine."""
    return services.engine


@pytest.fixture
def clean_bus(engine: sa.Engine) -> None:
    """An empty bus and dead-letter table: bus tests count messages."""
    with engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE bus_messages, dead_letters"))


@pytest.fixture
def now() -> datetime:
    """A fixed, timezone-aware 'now'."""
    return datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def partner(services: Services, now: datetime) -> Partner:
    """A fresh Pro partner (unique name, so tests never collide)."""
    return services.partners.create_partner(
        f"Test Label {uuid.uuid4().hex[:8]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )
