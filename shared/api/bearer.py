"""The real authenticator: OAuth2 bearer access tokens (JWT), then the caller's rate limit.

``create_app`` installs it, so every blueprint's ``@requires`` and ``current_principal()`` work on
verified tokens. Each authenticated request spends one token of its caller's bucket (limits by
the partner's tier); the verdict is sent back in RateLimit headers, and 429 when it is spent.
"""

from __future__ import annotations

import logging
from typing import Literal
from uuid import UUID

import flask

from shared.api.auth import Principal
from shared.domain.partners import Role
from shared.errors import TooManyRequests, Unauthorized
from shared.ports import RateDecision
from shared.services.tokens import AccessClaims

logger = logging.getLogger(__name__)

_DECISION = "rate_decision"


def principal_of(claims: AccessClaims) -> Principal:
    """The Principal a verified token describes."""
    try:
        role = Role(claims.role)
        partner_id = UUID(claims.partner_id) if claims.partner_id else None
    except ValueError:
        raise Unauthorized("the access token's role or partner is malformed") from None
    if role is not Role.ADMIN and partner_id is None:
        raise Unauthorized("the access token names no partner")
    kind: Literal["user", "client"] = "client" if claims.kind == "client" else "user"
    return Principal(claims.subject, kind, role, partner_id, frozenset(claims.territories),
                     claims.client_id)  # fmt: skip


def bearer_authenticator(request: flask.Request) -> Principal:
    """Verify ``Authorization: Bearer <jwt>`` and charge the caller's rate limit."""
    from shared.api.context import current_services

    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "send an access token: Authorization: Bearer <token> (POST /oauth/token gives one)"
        )
    built = current_services()
    claims = built.tokens.verify(token.strip())
    principal = principal_of(claims)
    per_minute, burst = built.settings.rate_limit_of(claims.tier)
    key = f"ratelimit:{principal.kind}:{principal.client_id or principal.subject}"
    decision = built.rate_limiter.hit(key, per_minute=per_minute, burst=burst)
    flask.g.setdefault(_DECISION, decision)
    if not decision.allowed:
        raise TooManyRequests(
            f"rate limit of the {claims.tier} tier spent ({per_minute} requests a minute, "
            f"bursts of {burst}); retry in {decision.retry_after_s:.1f} s",
            decision.retry_after_s,
        )
    return principal


def add_rate_limit_headers(response: flask.Response) -> flask.Response:
    """RateLimit headers (IETF httpapi draft) on every response to an authenticated caller."""
    decision: RateDecision | None = flask.g.get(_DECISION)
    if decision is not None:
        reset = max(0, round(decision.reset_s))
        response.headers["RateLimit-Limit"] = str(decision.limit)
        response.headers["RateLimit-Remaining"] = str(max(0, decision.remaining))
        response.headers["RateLimit-Reset"] = str(reset)
        response.headers["RateLimit"] = (
            f"limit={decision.limit}, remaining={max(0, decision.remaining)}, reset={reset}"
        )
    return response
