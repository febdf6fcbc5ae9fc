"""Room for long bulk statements: a statement timeout and a socket timeout for one transaction.

Connections are opened with HTTP_TIMEOUT_S as pg8000's socket timeout, which is right for
requests but cuts off a bulk upsert or an export's sort that takes minutes. Inside this context
the transaction's statement_timeout and the socket's read timeout are raised together, and the
socket timeout is put back before the connection returns to the pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa


@contextmanager
def long_statements(conn: sa.Connection, seconds: float) -> Iterator[None]:
    """Allow statements of the current transaction up to ``seconds``."""
    conn.execute(sa.text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))
    socket = _socket_of(conn)
    previous = socket.gettimeout() if socket is not None else None
    if socket is not None:
        socket.settimeout(seconds + 30)  # the server gives up first, with a clear error
    try:
        yield
    finally:
        if socket is not None:
            socket.settimeout(previous)


def _socket_of(conn: sa.Connection) -> Any:
    driver = conn.connection.driver_connection
    return getattr(driver, "_usock", None)  # pg8000's socket; other drivers: left as they are
