"""The API in-process: the real app (create_app) on the session's database, real tokens."""

from __future__ import annotations

from collections.abc import Callable

import flask
import pytest
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
