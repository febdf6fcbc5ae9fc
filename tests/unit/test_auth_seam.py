"""The authentication seam: closed by default, roles enforced, other partners invisible."""

from __future__ import annotations

import uuid

import flask
import pytest

from shared.api import create_app
from shared.api.auth import Principal, current_principal, install_authenticator, requires
from shared.domain.partners import Role
from shared.errors import NotFound


def _app() -> flask.Flask:
    app = create_app(lambda: None)  # type: ignore[arg-type, return-value]

    @app.get("/labels-only")
    @requires(Role.LABEL, Role.ADMIN)
    def labels_only() -> dict[str, str]:
        return {"subject": current_principal().subject}

    return app


def test_without_a_bearer_token_every_request_is_refused() -> None:
    response = _app().test_client().get("/labels-only")

    assert response.status_code == 401
    assert response.json["detail"].startswith("authentication failed:")  # never which check
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_role_outside_the_list_is_forbidden() -> None:
    app = _app()
    install_authenticator(app, lambda request: Principal("c1", "client", Role.API, uuid.uuid4()))

    response = app.test_client().get("/labels-only")

    assert response.status_code == 403
    assert "api role may not" in response.json["detail"]


def test_an_allowed_role_passes() -> None:
    app = _app()
    install_authenticator(app, lambda request: Principal("u1", "user", Role.LABEL, uuid.uuid4()))

    assert app.test_client().get("/labels-only").json == {"subject": "u1"}


def test_another_partner_is_not_found_and_admins_must_name_one() -> None:
    own = uuid.uuid4()
    label = Principal("u1", "user", Role.LABEL, own)
    admin = Principal("a1", "user", Role.ADMIN, None)

    assert label.partner_scope() == own
    assert label.partner_scope(own) == own
    with pytest.raises(NotFound):
        label.partner_scope(uuid.uuid4())
    with pytest.raises(NotFound, match="name the partner"):
        admin.partner_scope()


def test_a_remembered_token_is_refused_once_expired_or_its_key_retired() -> None:
    """TokenService remembers verified tokens; the memo must not outlive exp or the key."""
    from shared.services.tokens import AccessClaims, _KeyRing, _Verified

    claims = AccessClaims("sub", "client", "api", None, "pro", (), "sub")
    verified = _Verified(claims, kid="key-00000001", not_before=1000.0, expires=1900.0)
    ring = _KeyRing()
    ring.verifying["key-00000001"] = object()

    assert verified.usable(1500.0, ring)
    assert verified.usable(1904.0, ring)  # PyJWT's leeway of 5 s
    assert not verified.usable(1905.0, ring)
    assert not verified.usable(990.0, ring)
    assert not verified.usable(1500.0, _KeyRing())  # the key left the ring
