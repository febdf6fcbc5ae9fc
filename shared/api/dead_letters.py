"""GET /api/v1/dead-letters and POST /api/v1/dead-letters/{id}/dismiss: a partner sees the work
of theirs that failed three times and was set aside (the dashboard's list), with what it was
about and what to do next, and dismisses what they have dealt with."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import flask
from pydantic import BaseModel, Field

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.context import current_services
from shared.api.openapi import ApiSpec
from shared.domain.dead_letters import OpenDeadLetter
from shared.domain.partners import Role
from shared.errors import NotFound

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)


class DeadLettersQuery(s.PartnerQuery):
    """How many of the newest to list."""

    limit: int = Field(50, ge=1, le=500)


class DeadLetterOut(BaseModel):
    """One dead letter as the partner sees it."""

    id: UUID
    topic: str = Field(description="the topic the work was published to, e.g. analysis-high")
    summary: str = Field(description="which work failed and what to do next, in words")
    subject_kind: (
        Literal["track", "asset", "upload", "import", "export", "bulk_edit", "job"] | None
    ) = Field(description="what the work was about, when the message says")
    subject_id: str | None
    delivery_attempts: int | None
    recorded_at: datetime
    reason: str | None = Field(
        description="the recorded failure, for operators: admins only (null for others)"
    )


class DeadLetterListOut(BaseModel):
    """The partner's unresolved dead letters, newest first."""

    items: list[DeadLetterOut]


def dead_letters_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The dead-letter list and its dismiss action."""
    bp = flask.Blueprint("dead_letters", __name__)

    @spec.operation(bp, "GET", "/api/v1/dead-letters", summary="Work set aside after failing",
                    tag="stats", roles=_ROLES, query=DeadLettersQuery,
                    response=DeadLetterListOut)  # fmt: skip
    def list_dead_letters(query: DeadLettersQuery) -> DeadLetterListOut:
        principal = current_principal()
        partner_id = principal.partner_scope(query.partner_id)
        letters = current_services().dead_letters.open_letters_of(partner_id, limit=query.limit)
        return DeadLetterListOut(items=[_out(x, operator=principal.is_admin) for x in letters])

    @spec.operation(bp, "POST", "/api/v1/dead-letters/<uuid:letter_id>/dismiss",
                    summary="Mark a dead letter as dealt with", tag="stats", roles=_ROLES,
                    query=s.PartnerQuery, status=204)  # fmt: skip
    def dismiss_dead_letter(letter_id: UUID, query: s.PartnerQuery) -> flask.Response:
        principal = current_principal()
        partner_id = principal.partner_scope(query.partner_id)
        services = current_services()
        if not services.dead_letters.dismiss(
            partner_id, letter_id, actor=principal.actor(), now=services.clock()
        ):
            raise NotFound(f"dead letter {letter_id} not found (or already dismissed)")
        return flask.Response(status=204)

    return bp


def _out(letter: OpenDeadLetter, *, operator: bool) -> DeadLetterOut:
    return DeadLetterOut(
        id=letter.id,
        topic=letter.topic,
        summary=letter.summary,
        subject_kind=letter.subject_kind,
        subject_id=letter.subject_id,
        delivery_attempts=letter.delivery_attempts,
        recorded_at=letter.recorded_at,
        reason=letter.reason if operator else None,
    )
