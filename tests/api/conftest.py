"""The API in-process: the real app (create_app) on the session's database, real tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import flask
import pg8000.core
import pytest
import redis.connection
from flask.testing import FlaskClient

from shared.api import create_app
from shared.bootstrap import Services
from shared.domain.partners import Partner, Role
from tests.auth_helpers import bearer_headers

Headers = dict[str, str]


@pytest.fixture
def app(services: Services) -> flask.Flask:
    return create_app(lambda: services)


@pytest.fixture
def client(app: flask.Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def auth(services: Services) -> Callable[..., Headers]:
    """``auth(partner, role)`` -> headers with a real bearer token."""

    def headers(partner: Partner | None, role: Role = Role.LABEL, **claims: object) -> Headers:
        return bearer_headers(
            services, partner_id=partner.id if partner else None, role=role, **claims
        )

    return headers


@pytest.fixture
def label(auth: Callable[..., Headers], partner: Partner) -> Headers:
    """A label user of ``partner``."""
    return auth(partner, Role.LABEL)


@pytest.fixture
def admin(auth: Callable[..., Headers]) -> Headers:
    """An admin (every partner)."""
    return auth(None, Role.ADMIN)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement any pg8000 connection of this process sends, in order."""
    sent: list[str] = []
    for name in ("execute_simple", "execute_unnamed", "execute_named", "prepare_statement"):
        original = getattr(pg8000.core.CoreConnection, name)

        def counting(self: Any, statement: Any, *args: Any, _o: Any = original, **kw: Any) -> Any:
            # execute_named's first argument is the prepared statement's name; its text is last
            sent.append(args[-1] if isinstance(statement, bytes) else statement)
            return _o(self, statement, *args, **kw)

        monkeypatch.setattr(pg8000.core.CoreConnection, name, counting)
    return sent


_COMMAND_NAME = re.compile(rb"\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n")


@pytest.fixture
def redis_round_trips(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every round trip any redis-py connection of this process makes: the names of the
    commands sent together (a pipeline sends several in one)."""
    sent: list[list[str]] = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self: Any, command: Any, check_health: bool = True) -> None:
        packed = command if isinstance(command, bytes | str) else b"".join(command)
        packed = packed.encode() if isinstance(packed, str) else packed
        sent.append([name.decode().upper() for name in _COMMAND_NAME.findall(packed)])
        original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent
