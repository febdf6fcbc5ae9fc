"""Connections: DATABASE_URL, Cloud SQL through its Python connector, or the embedded server.

One SQLAlchemy Engine (Core only, on pg8000) per process; everything else takes it injected.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pg8000.dbapi
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from shared.errors import Unavailable
from shared.settings import Settings

logger = logging.getLogger(__name__)

Connect = Callable[[], Any]


@dataclass(frozen=True, slots=True)
class PgTarget:
    """Where a pg8000 connection goes: a TCP host or a unix socket."""

    database: str
    user: str
    password: str | None = None
    host: str | None = "127.0.0.1"
    port: int = 5432
    unix_sock: str | None = None

    @classmethod
    def from_url(cls, url: str) -> PgTarget:
        """Parse postgresql://user:pass@host:port/db (or ?host=/socket/dir)."""
        parsed = make_url(url.replace("postgres://", "postgresql://", 1))
        socket_dir = parsed.query.get("host")
        if isinstance(socket_dir, tuple):
            socket_dir = socket_dir[0]
        return cls(
            database=parsed.database or "postgres",
            user=parsed.username or "postgres",
            password=parsed.password or None,
            host=None if socket_dir else (parsed.host or "127.0.0.1"),
            port=parsed.port or 5432,
            unix_sock=str(Path(socket_dir) / f".s.PGSQL.{parsed.port or 5432}")
            if socket_dir
            else None,
        )

    def with_database(self, database: str) -> PgTarget:
        """The same server, another database."""
        return PgTarget(database, self.user, self.password, self.host, self.port, self.unix_sock)

    def connect(self, *, timeout_s: float, statement_timeout_s: float) -> Any:
        """A new pg8000 DB-API connection; Unavailable when the server does not answer."""
        try:
            return pg8000.dbapi.connect(
                user=self.user,
                password=self.password,
                host=self.host or "localhost",
                port=self.port,
                database=self.database,
                unix_sock=self.unix_sock,
                timeout=timeout_s,
                application_name="catalog",
                startup_params={"statement_timeout": str(int(statement_timeout_s * 1000))},
            )
        except (OSError, pg8000.dbapi.InterfaceError) as exc:
            where = self.unix_sock or f"{self.host}:{self.port}"
            raise Unavailable(f"PostgreSQL at {where} did not answer: {exc}") from exc


def describe_db_error(exc: BaseException) -> str:
    """PostgreSQL's own message from a pg8000 error (its args hold a dict of fields)."""
    original = getattr(exc, "orig", exc)
    fields = original.args[0] if original.args else None
    if isinstance(fields, dict) and "M" in fields:
        return str(fields["M"]) + (f" ({fields['D']})" if fields.get("D") else "")
    return str(original)


def resolve_target(settings: Settings) -> PgTarget:
    """The database this process should use; starts the embedded server when none is set."""
    if settings.database_url:
        target = PgTarget.from_url(settings.database_url)
        if settings.backend == "local":  # a fresh local database is created on first use
            ensure_database(target.with_database("postgres"), target.database, timeout_s=10)
        return target
    from shared.db.embedded import start_embedded_postgres

    socket_dir = start_embedded_postgres(settings.embedded_postgres_dir)
    server = PgTarget.from_url(f"postgresql://postgres@/postgres?host={socket_dir}")
    ensure_database(server, settings.db_name, timeout_s=settings.http_timeout_s)
    return server.with_database(settings.db_name)


def ensure_database(server: PgTarget, name: str, *, timeout_s: float) -> None:
    """Create database ``name`` on ``server`` if it does not exist."""
    conn = server.connect(timeout_s=timeout_s, statement_timeout_s=timeout_s)
    try:
        conn.autocommit = True
        cursor = conn.cursor()
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            logger.info("created database %s", name)
    finally:
        conn.close()


_MEMO_STATEMENTS_UP_TO = 8192  # characters; longer texts (multi-row VALUES) vary per batch


def _memoize_placeholder_rewrite() -> None:
    """pg8000 rewrites ``%s`` to ``$1`` by scanning a statement's text character by character
    on every execute: 0.25 ms for a track SELECT, a tenth of an API read. The result depends on
    the text alone, so remember it for the few hundred statements the code uses."""
    rewrite = pg8000.dbapi.convert_paramstyle
    if getattr(rewrite, "memoized", False):
        return

    @functools.lru_cache(maxsize=1024)
    def rewritten(query: str) -> str:
        return str(rewrite("format", query, ())[0])

    def convert(style: str, query: str, args: Any) -> tuple[str, Any]:
        if style == "format" and len(query) <= _MEMO_STATEMENTS_UP_TO:
            return rewritten(query), args
        return rewrite(style, query, args)  # type: ignore[no-any-return]

    convert.memoized = True  # type: ignore[attr-defined]
    pg8000.dbapi.convert_paramstyle = convert


_memoize_placeholder_rewrite()


def create_engines(settings: Settings) -> tuple[sa.Engine, sa.Engine]:
    """The process's Engine, pooled, for whichever database the settings choose; and a second
    pool for the API's single-statement reads.

    The read pool's connections are in autocommit (pg8000 sends no BEGIN, a read needs no
    COMMIT), are not pinged on checkout and are not rolled back on return: a read costs one
    round trip (shared/db/reads.py retries one once when its connection turns out dead).
    """
    connect = _connector(settings)
    engine = sa.create_engine(
        "postgresql+pg8000://",
        creator=connect,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        pool_timeout=settings.http_timeout_s,
    )
    sa.event.listen(engine, "handle_error", _translate_transient_errors)
    return engine, _statement_engine(settings, connect)


def _statement_engine(settings: Settings, connect: Connect) -> sa.Engine:
    """A pool of autocommit connections for work done in one statement (the API's reads, the
    local bus's claims and acks): no ping on checkout, no BEGIN, no COMMIT, no rollback on
    return, so a statement is one round trip. A connection the server closed raises
    Unavailable once and is replaced."""
    statements = sa.create_engine(
        "postgresql+pg8000://",
        creator=connect,
        pool_size=settings.db_pool_size,
        max_overflow=0,
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_timeout=settings.http_timeout_s,
        pool_reset_on_return=None,
        isolation_level="AUTOCOMMIT",
    )
    sa.event.listen(statements, "handle_error", _translate_transient_errors)
    return statements


def another_statement_pool(statements: sa.Engine) -> sa.Engine:
    """A second pool shaped like ``statements`` (the same server and settings, its connector
    reused, not started again), for a component that must not wait behind the API's reads."""
    engine = sa.create_engine(
        "postgresql+pg8000://", pool=statements.pool.recreate(), isolation_level="AUTOCOMMIT"
    )
    sa.event.listen(engine, "handle_error", _translate_transient_errors)
    return engine


_TRANSIENT_SQLSTATES = {
    "57014",  # statement timeout / query canceled
    "57P01",  # admin shutdown
    "57P03",  # cannot connect now (starting up)
    "53300",  # too many connections
    "40001",  # serialization failure
    "40P01",  # deadlock detected
}


def _translate_transient_errors(context: sa.engine.ExceptionContext) -> None:
    """Turn a lost connection or a timeout into Unavailable, so events retry and HTTP says 503."""
    original = context.original_exception
    fields = original.args[0] if original.args else None
    code = fields.get("C") if isinstance(fields, dict) else None
    if context.is_disconnect or code in _TRANSIENT_SQLSTATES or isinstance(original, OSError):
        raise Unavailable(f"PostgreSQL: {describe_db_error(original)}") from original


def _connector(settings: Settings) -> Connect:
    if settings.instance_connection_name:
        return _cloud_sql_connector(settings)
    target = resolve_target(settings)

    def connect() -> Any:
        return target.connect(
            timeout_s=settings.http_timeout_s, statement_timeout_s=settings.db_statement_timeout_s
        )

    return connect


def _cloud_sql_connector(settings: Settings) -> Connect:
    from google.cloud.sql.connector import Connector  # only in GCP mode

    instance = settings.instance_connection_name
    assert instance is not None
    connector = Connector(timeout=int(settings.http_timeout_s))
    password = settings.db_password.get_secret_value() if settings.db_password else None

    def connect() -> Any:
        return connector.connect(
            instance,
            "pg8000",
            user=settings.db_user,
            password=password,
            db=settings.db_name,
        )

    return connect
