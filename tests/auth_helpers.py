"""Real access tokens for tests: signed by the app's own TokenService, verified as in production.

Any suite can authenticate for real:

    from tests.auth_helpers import bearer_headers
    headers = bearer_headers(services, partner_id=partner.id, role=Role.LABEL)
    client.get("/api/v1/tracks", headers=headers)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from uuid import UUID

from shared.bootstrap import Services
from shared.domain.partners import Role
from shared.services.tokens import AccessClaims


def mint_token(
    services: Services,
    *,
    partner_id: UUID | None,
    role: Role = Role.LABEL,
    kind: str = "user",
    tier: str = "enterprise",
    territories: Iterable[str] = (),
    subject: str | None = None,
) -> str:
    """A signed access token for a made-up user or client of ``partner_id`` (None: admin)."""
    subject = subject or f"test-{kind}-{uuid.uuid4().hex[:8]}"
    claims = AccessClaims(
        subject=subject,
        kind=kind,
        role=role.value,
        partner_id=str(partner_id) if partner_id else None,
        tier=tier,
        territories=tuple(territories),
        client_id=subject if kind == "client" else None,
    )
    return services.tokens.issue(claims, now=datetime.now(UTC)).token


def bearer_headers(services: Services, **claims: object) -> dict[str, str]:
    """``Authorization: Bearer ...`` for ``mint_token(services, **claims)``."""
    return {"Authorization": f"Bearer {mint_token(services, **claims)}"}  # type: ignore[arg-type]
