"""Migrations on real PostgreSQL: from empty, idempotent, and edited files refused."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from shared.db import migrate as migrate_module
from shared.db.engine import PgTarget, ensure_database
from shared.db.migrate import Migration, MigrationError, migrate, pending_migrations
from shared.db.tables import metadata


@pytest.fixture
def empty_engine(pg_server: PgTarget) -> Iterator[sa.Engine]:
    name = f"catalog_empty_{uuid.uuid4().hex[:10]}"
    ensure_database(pg_server, name, timeout_s=10)
    target = pg_server.with_database(name)
    engine = sa.create_engine(
        "postgresql+pg8000://",
        creator=lambda: target.connect(timeout_s=10, statement_timeout_s=60),
    )
    yield engine
    engine.dispose()
    conn = pg_server.connect(timeout_s=10, statement_timeout_s=60)
    conn.autocommit = True
    conn.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    conn.close()


def test_migrations_apply_from_an_empty_database_and_only_once(empty_engine: sa.Engine) -> None:
    first = migrate(empty_engine)
    second = migrate(empty_engine)

    assert first
    assert first[0] == "0001_foundation.sql"
    assert second == []
    assert pending_migrations(empty_engine) == []


def test_an_applied_migration_that_was_edited_is_refused(
    empty_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrate(empty_engine)
    edited = [
        Migration(m.version, m.name, m.sql + "\n-- edited")
        for m in migrate_module.available_migrations()
    ]
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: edited)

    with pytest.raises(MigrationError, match="was changed after it was applied"):
        migrate(empty_engine)


def test_core_table_definitions_match_the_migrated_schema(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public'"
            )
        ).all()
    in_database: dict[str, set[str]] = {}
    for table, column in rows:
        in_database.setdefault(table, set()).add(column)

    for table in metadata.sorted_tables:
        assert {c.name for c in table.columns} == in_database[table.name], table.name


def test_the_audit_log_has_monthly_partitions_per_retention_class(engine: sa.Engine) -> None:
    with engine.connect() as conn:
        names = set(
            conn.execute(
                sa.text("SELECT relname FROM pg_class WHERE relname LIKE 'audit_events_%_20____'")
            ).scalars()
        )

    for retention_class in ("ddex", "ai", "operational"):
        assert any(name.startswith(f"audit_events_{retention_class}_") for name in names)


def test_assets_the_same_content_race_made_twice_are_marked_and_a_third_is_refused(
    empty_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0920 (issue 15): one live asset per content from now on; earlier doubles stay, marked."""
    everything = migrate_module.available_migrations()
    monkeypatch.setattr(
        migrate_module,
        "available_migrations",
        lambda: [m for m in everything if m.version < "0920"],
    )
    migrate(empty_engine)
    partner, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    insert = sa.text(
        "INSERT INTO assets (partner_id, id, bucket, object_name, generation, sha256, size_bytes,"
        " created_at) VALUES (:p, :id, 'uploads', :name, 1, 'abc', 3, :at)"
    )
    with empty_engine.begin() as conn:
        conn.execute(insert, {"p": partner, "id": first, "name": "a", "at": "2026-01-01"})
        conn.execute(insert, {"p": partner, "id": second, "name": "b", "at": "2026-01-02"})
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: everything)

    applied = migrate(empty_engine)

    with empty_engine.connect() as conn:
        marks = dict(conn.execute(sa.text("SELECT id, same_content_of FROM assets")).all())
        with pytest.raises(sa.exc.DatabaseError, match="23505"):
            conn.execute(
                insert, {"p": partner, "id": uuid.uuid4(), "name": "c", "at": "2026-02-01"}
            )
    assert "0920_hostile_inputs.sql" in applied
    assert marks == {first: None, second: first}
