"""Who is calling: the Principal every API route works for, and the seam that finds it.

The app asks an ``Authenticator`` (installed in ``app.extensions``) to turn a request into a
Principal. Until OAuth2 is configured the installed one refuses every request (401), so no route
is ever open by accident.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, ParamSpec, TypeVar
from uuid import UUID

import flask

from shared.api.requests import request_id
from shared.domain.audit import Actor, ActorType
from shared.domain.partners import Role
from shared.errors import Forbidden, NotFound, Unauthorized

P = ParamSpec("P")
R = TypeVar("R")

AUTHENTICATOR_KEY = "catalog.authenticator"


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated user or API client."""

    subject: str  # user id or client id
    kind: Literal["user", "client"]
    role: Role
    partner_id: UUID | None  # None only for admins, who act across partners
    territories: frozenset[str] = field(default_factory=frozenset)  # empty: unrestricted
    client_id: str | None = None

    @property
    def is_admin(self) -> bool:
        """Admins see every partner."""
        return self.role is Role.ADMIN

    def actor(self) -> Actor:
        """The audit actor for changes made in this request."""
        kind = ActorType.USER if self.kind == "user" else ActorType.CLIENT
        return Actor(kind, self.subject, self.client_id, request_id())

    def partner_scope(self, requested: UUID | None = None) -> UUID:
        """The partner this request acts on: one's own; an admin must name one.

        Asking for another partner's data answers NotFound (404), never "forbidden", so the
        existence of other partners' objects does not leak.
        """
        if self.is_admin:
            if requested is None:
                raise NotFound("name the partner (partner_id) to act on as an admin")
            return requested
        assert self.partner_id is not None
        if requested is not None and requested != self.partner_id:
            raise NotFound(f"partner {requested} not found")
        return self.partner_id


Authenticator = Callable[[flask.Request], Principal]


def refuse_all(request: flask.Request) -> Principal:
    """The default: no authentication is configured, so nobody gets in."""
    raise Unauthorized("authentication is not configured on this server")


def install_authenticator(app: flask.Flask, authenticator: Authenticator) -> None:
    """Choose how this app authenticates requests."""
    app.extensions[AUTHENTICATOR_KEY] = authenticator


def current_principal() -> Principal:
    """The caller of the current request (authenticated once, then cached on ``flask.g``)."""
    principal: Principal | None = flask.g.get("principal")
    if principal is None:
        authenticator: Authenticator = flask.current_app.extensions.get(
            AUTHENTICATOR_KEY, refuse_all
        )
        principal = authenticator(flask.request)
        flask.g.principal = principal
    return principal


def requires(*roles: Role) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a view: 401 without credentials, 403 when the role is not among ``roles``."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            principal = current_principal()
            if roles and principal.role not in roles:
                raise Forbidden(f"the {principal.role.value} role may not do this")
            return view(*args, **kwargs)

        return guarded

    return decorate
