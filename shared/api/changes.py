"""GET /api/v1/changes/{id} (status and progress), POST .../undo, and GET /api/v1/audit."""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.errors import NotFound

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)


def changes_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Changes, undo, audit."""
    from shared.api.catalog import bulk_edit_out, change_out
    from shared.api.context import now, services

    bp = flask.Blueprint("changes", __name__)

    def scope() -> UUID | None:
        principal = current_principal()
        return None if principal.is_admin else principal.partner_scope()

    @spec.operation(
        bp,
        "GET",
        "/api/v1/changes/<uuid:change_id>",
        summary="A change and its progress",
        tag="changes",
        roles=EVERYONE,
        response=s.ChangeOut,
    )
    def get_change(change_id: UUID) -> BaseModel:
        """A bulk edit running as a job shows status pending or running, and done / total."""
        partner = scope()
        try:
            return change_out(services().catalog.change(partner, change_id))
        except NotFound:  # not committed yet: a bulk edit job, pending or running
            return bulk_edit_out(services().bulk_edits.get(change_id, partner))

    @spec.operation(
        bp,
        "POST",
        "/api/v1/changes/<uuid:change_id>/undo",
        summary="Undo a change (or a whole bulk edit)",
        tag="changes",
        roles=EVERYONE,
        response=s.ChangeOut,
    )
    def undo_change(change_id: UUID) -> BaseModel:
        """409 when a later change touched one of its fields: undo that one first."""
        principal = current_principal()
        undone = services().catalog.undo(
            scope(), change_id, actor=principal.actor(), now=now(), may_restore=principal.is_admin
        )
        return change_out(undone)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/audit",
        summary="Audit records",
        tag="changes",
        roles=EVERYONE,
        query=s.AuditQuery,
        response=s.AuditPage,
    )
    def audit(query: s.AuditQuery) -> BaseModel:
        """A partner's own records, newest first (admins: any partner, or all)."""
        from shared.api.catalog import events_out

        principal = current_principal()
        partner = (
            query.partner_id if principal.is_admin else principal.partner_scope(query.partner_id)
        )
        events = services().catalog.audit(
            partner,
            before=query.before,
            limit=query.limit,
            entity_type=query.entity_type,
            retention_class=query.retention_class,
        )
        next_before = events[-1].occurred_at if len(events) == query.limit else None
        return s.AuditPage(items=events_out(events), next_before=next_before)

    return bp
