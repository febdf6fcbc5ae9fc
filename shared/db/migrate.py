"""An ordered SQL migrator: numbered .sql files in migrations/, each applied once, in order.

Why not Alembic: our schema leans on PostgreSQL features Alembic's autogenerate does not model
(LIST/RANGE partitions, partitioned indexes, pg_trgm operator classes, a plpgsql function), so
every migration would be hand-written SQL anyway. Plain files keep that SQL reviewable as is;
this module adds what matters in production: a lock so two processes never migrate at once,
one transaction per file, and a checksum that refuses an already-applied file that was edited.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import sqlalchemy as sa

from shared.db.engine import describe_db_error
from shared.errors import CatalogError

logger = logging.getLogger(__name__)

_LOCK_KEY = 7_262_611_001  # pg_advisory_lock key reserved for migrations
_MIGRATIONS_PACKAGE = "shared.db"


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered SQL file."""

    version: str  # "0001"
    name: str  # "0001_foundation.sql"
    sql: str

    @property
    def checksum(self) -> str:
        """sha256 of the file, to notice an applied migration that was edited later."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


class MigrationError(CatalogError):
    """The database and the migration files disagree."""


def available_migrations(directory: Path | None = None) -> list[Migration]:
    """Every migration file, in version order."""
    if directory is None:
        folder = resources.files(_MIGRATIONS_PACKAGE).joinpath("migrations")
        files = [(entry.name, entry.read_text()) for entry in folder.iterdir()]
    else:
        files = [(path.name, path.read_text()) for path in directory.iterdir()]
    migrations = [
        Migration(version=name.split("_", 1)[0], name=name, sql=text)
        for name, text in files
        if name.endswith(".sql")
    ]
    return sorted(migrations, key=lambda migration: migration.version)


def migrate(engine: sa.Engine, *, today: date | None = None) -> list[str]:
    """Apply every pending migration; return the names applied. Safe to run concurrently."""
    applied_now: list[str] = []
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
        try:
            _ensure_history_table(conn)
            applied = _applied_checksums(conn)
            for migration in available_migrations():
                if migration.version in applied:
                    _refuse_edited(migration, applied[migration.version])
                    continue
                _apply(conn, migration)
                applied_now.append(migration.name)
            prepare_audit_partitions(conn, today or date.today())
            ensure_embeddings(conn)
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
            conn.commit()
    return applied_now


def prepare_audit_partitions(conn: sa.Connection, today: date, months_ahead: int = 3) -> None:
    """Create this month's and the next months' audit partitions (idempotent)."""
    conn.execute(
        sa.text("SELECT catalog_ensure_audit_partitions(:start, :months)"),
        {"start": today, "months": months_ahead + 1},
    )
    conn.commit()


def ensure_embeddings(conn: sa.Connection) -> bool:
    """Make the embeddings table if pgvector has become available since 1040 ran (idempotent);
    whether the table exists. False, and nothing changed, on a server without pgvector."""
    if conn.execute(sa.text("SELECT to_regproc('catalog_ensure_embeddings')")).scalar() is None:
        return False  # a database migrated only partway (tests of older schemas)
    made = bool(conn.execute(sa.text("SELECT catalog_ensure_embeddings()")).scalar())
    conn.commit()
    return made


def pending_migrations(engine: sa.Engine) -> list[str]:
    """Names of migrations not yet applied (for /healthz and `catalog migrate --check`)."""
    with engine.connect() as conn:
        exists = conn.execute(sa.text("SELECT to_regclass('schema_migrations')")).scalar()
        applied = _applied_checksums(conn) if exists else {}
    return [m.name for m in available_migrations() if m.version not in applied]


def _ensure_history_table(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
    )
    conn.commit()


def _applied_checksums(conn: sa.Connection) -> dict[str, str]:
    rows = conn.execute(sa.text("SELECT version, checksum FROM schema_migrations"))
    return {version: checksum for version, checksum in rows}


def _refuse_edited(migration: Migration, applied_checksum: str) -> None:
    if migration.checksum != applied_checksum:
        raise MigrationError(
            f"{migration.name} was changed after it was applied; "
            "add a new migration instead of editing an applied one"
        )


def _apply(conn: sa.Connection, migration: Migration) -> None:
    logger.info("applying migration %s", migration.name)
    try:
        conn.exec_driver_sql(migration.sql)
        conn.execute(
            sa.text("INSERT INTO schema_migrations (version, name, checksum) VALUES (:v, :n, :c)"),
            {"v": migration.version, "n": migration.name, "c": migration.checksum},
        )
        conn.commit()
    except sa.exc.DBAPIError as exc:
        conn.rollback()
        raise MigrationError(f"{migration.name} failed: {describe_db_error(exc)}") from exc
