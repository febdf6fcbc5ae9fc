"""The database's health probe: it answers, and its schema is up to date."""

from __future__ import annotations

import sqlalchemy as sa

from shared.db.migrate import pending_migrations
from shared.errors import Unavailable


def database_state(engine: sa.Engine) -> str:
    """PostgreSQL's version when it answers and no migration is pending; Unavailable else."""
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar()
    except sa.exc.DBAPIError as exc:
        raise Unavailable(f"PostgreSQL did not answer: {exc.orig}") from exc
    pending = pending_migrations(engine)
    if pending:
        raise Unavailable(f"{len(pending)} migration(s) pending: run `catalog migrate`")
    return f"PostgreSQL {version}, schema up to date"
