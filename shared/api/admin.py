"""Admin routes: partners, users and API clients (admins only)."""

from __future__ import annotations

from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.openapi import ApiSpec
from shared.domain.partners import ApiClient, Partner, Role, Tier, User

ADMIN = (Role.ADMIN,)


def _partner(p: Partner) -> s.PartnerOut:
    return s.PartnerOut(
        id=p.id,
        name=p.name,
        tier=p.tier.value,
        audio_retention_days=p.audio_retention_days,
        legal_hold=p.legal_hold,
        created_at=p.created_at,
    )


def _user(u: User) -> s.UserOut:
    return s.UserOut(
        id=u.id,
        email=u.email,
        role=u.role.value,
        partner_id=u.partner_id,
        display_name=u.display_name,
        territories=sorted(u.territories),
        created_at=u.created_at,
    )


def _client(c: ApiClient, secret: str | None = None) -> s.ClientOut:
    return s.ClientOut(
        client_id=c.client_id,
        partner_id=c.partner_id,
        role=c.role.value,
        name=c.name,
        territories=sorted(c.territories),
        created_at=c.created_at,
        client_secret=secret,
    )


def admin_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Partners, users, clients."""
    from shared.api.context import now, services

    bp = flask.Blueprint("admin", __name__)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/partners",
        summary="List partners",
        tag="admin",
        roles=ADMIN,
        response=s.PartnerList,
    )
    def list_partners() -> BaseModel:
        return s.PartnerList(items=[_partner(p) for p in services().partners.list_partners()])

    @spec.operation(
        bp,
        "POST",
        "/api/v1/partners",
        summary="Create a partner",
        tag="admin",
        roles=ADMIN,
        body=s.PartnerIn,
        response=s.PartnerOut,
        status=201,
    )
    def create_partner(body: s.PartnerIn) -> BaseModel:
        partner = services().partners.create_partner(
            body.name,
            Tier(body.tier),
            now=now(),
            actor=current_principal().actor(),
            audio_retention_days=body.audio_retention_days,
        )
        return _partner(partner)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/partners/<uuid:partner_id>",
        summary="Get a partner",
        tag="admin",
        roles=ADMIN,
        response=s.PartnerOut,
    )
    def get_partner(partner_id: UUID) -> BaseModel:
        return _partner(services().partners.find(str(partner_id)))

    @spec.operation(
        bp,
        "GET",
        "/api/v1/users",
        summary="List users",
        tag="admin",
        roles=ADMIN,
        query=s.PartnerQuery,
        response=s.UserList,
    )
    def list_users(query: s.PartnerQuery) -> BaseModel:
        return s.UserList(
            items=[_user(u) for u in services().identity.list_users(query.partner_id)]
        )

    @spec.operation(
        bp,
        "POST",
        "/api/v1/users",
        summary="Create a user",
        tag="admin",
        roles=ADMIN,
        body=s.UserIn,
        response=s.UserOut,
        status=201,
    )
    def create_user(body: s.UserIn) -> BaseModel:
        user = services().identity.create_user(
            body.email,
            Role(body.role),
            partner_id=body.partner_id,
            password=body.password,
            now=now(),
            actor=current_principal().actor(),
            display_name=body.display_name,
            territories=body.territories,
        )
        return _user(user)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/users/<uuid:user_id>",
        summary="Get a user",
        tag="admin",
        roles=ADMIN,
        response=s.UserOut,
    )
    def get_user(user_id: UUID) -> BaseModel:
        return _user(services().identity.get_user(user_id))

    @spec.operation(
        bp,
        "PATCH",
        "/api/v1/users/<uuid:user_id>",
        summary="Change a user",
        tag="admin",
        roles=ADMIN,
        body=s.UserPatch,
        response=s.UserOut,
    )
    def patch_user(user_id: UUID, body: s.UserPatch) -> BaseModel:
        user = services().identity.update_user(
            user_id,
            now=now(),
            actor=current_principal().actor(),
            display_name=body.display_name,
            role=Role(body.role) if body.role else None,
            territories=body.territories,
            password=body.password,
        )
        return _user(user)

    @spec.operation(
        bp,
        "DELETE",
        "/api/v1/users/<uuid:user_id>",
        summary="Delete a user (GDPR soft delete)",
        tag="admin",
        roles=ADMIN,
        status=204,
    )
    def delete_user(user_id: UUID) -> flask.Response:
        services().identity.delete_user(user_id, now=now(), actor=current_principal().actor())
        return flask.Response(status=204)

    @spec.operation(
        bp,
        "GET",
        "/api/v1/clients",
        summary="List API clients",
        tag="admin",
        roles=ADMIN,
        query=s.PartnerQuery,
        response=s.ClientList,
    )
    def list_clients(query: s.PartnerQuery) -> BaseModel:
        return s.ClientList(
            items=[_client(c) for c in services().identity.list_clients(query.partner_id)]
        )

    @spec.operation(
        bp,
        "POST",
        "/api/v1/clients",
        summary="Create an API client (the secret is shown once)",
        tag="admin",
        roles=ADMIN,
        body=s.ClientIn,
        response=s.ClientOut,
        status=201,
    )
    def create_client(body: s.ClientIn) -> BaseModel:
        created = services().identity.create_client(
            body.partner_id,
            Role(body.role),
            now=now(),
            actor=current_principal().actor(),
            name=body.name,
            territories=body.territories,
        )
        return _client(created.client, created.secret)

    @spec.operation(
        bp,
        "DELETE",
        "/api/v1/clients/<client_id>",
        summary="Revoke an API client",
        tag="admin",
        roles=ADMIN,
        status=204,
    )
    def revoke_client(client_id: str) -> flask.Response:
        services().identity.revoke_client(
            client_id[:200], now=now(), actor=current_principal().actor()
        )
        return flask.Response(status=204)

    return bp
