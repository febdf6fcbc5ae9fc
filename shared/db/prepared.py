"""Statements prepared once per pooled connection, each run in one round trip (issue 19).

pg8000 sends an unnamed statement in three round trips (parse, then describe and bind, then
execute); a statement it has prepared is one (bind and execute). For work that is one statement
on an autocommit pool, such as the local bus's publish, claim and ack, that is most of its cost.
"""

from __future__ import annotations

from typing import Any

import pg8000
import sqlalchemy as sa
from pg8000.native import PreparedStatement

from shared.db.engine import describe_db_error
from shared.errors import Unavailable

Rows = tuple[list[Any], ...]


class PreparedStatements:
    """Run named-parameter SQL (``:name``) on an autocommit engine, preparing each text once
    per connection (remembered in the pool's record of that connection)."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine

    def run(self, sql: str, **params: Any) -> Rows:
        """The statement's rows (empty when it returns none); Unavailable when the connection
        is gone (the pool then makes a new one)."""
        pooled = self._engine.raw_connection()
        try:
            prepared: dict[str, Any] = pooled.info.setdefault("prepared_statements", {})
            statement = prepared.get(sql)
            if statement is None:
                # pg8000's native statement works on its DB-API connections (the same core)
                statement = PreparedStatement(pooled.dbapi_connection, sql)
                prepared[sql] = statement
            return tuple(statement.run(**params) or ())
        except (pg8000.InterfaceError, OSError) as exc:
            pooled.invalidate()  # a broken connection: the pool makes a new one
            raise Unavailable(f"PostgreSQL: {describe_db_error(exc)}") from exc
        finally:
            pooled.close()

    def dispose(self) -> None:
        """Close the pool's connections (their prepared statements go with them)."""
        self._engine.dispose()
