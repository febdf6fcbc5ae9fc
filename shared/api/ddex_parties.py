"""REST for a partner's DDEX parties (issue 17, item 3): GET and PUT /api/v1/ddex-parties.

The sender DPID and name, and the stores the partner delivers to (name, DPID, one default), as a
partner setting the ERN exporter uses before the DDEX_* environment variables. A PUT replaces
them all; a bad DPID is a 422 naming the field (``stores[2].dpid``) and nothing is saved.
"""

from __future__ import annotations

import flask
from pydantic import BaseModel, Field

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.context import now, services
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.ddex_parties import MAX_STORES, DdexParties, DdexStore
from shared.domain.identifiers import Dpid
from shared.domain.partners import Role

READERS = (Role.ADMIN, Role.LABEL, Role.API)
EDITORS = (Role.ADMIN, Role.LABEL)


class DdexStoreIn(s.Strict):
    """A store the partner delivers to."""

    name: str = Field(max_length=200, examples=["Example Store"])
    dpid: str = Field(max_length=40, examples=["PADPIDA2009101501Y"])
    is_default: bool = False


class DdexPartiesIn(s.Strict):
    """The partner's DDEX sender and stores; null or blank sender fields clear them."""

    sender_dpid: str | None = Field(None, max_length=40, examples=["PADPIDA2007050901U"])
    sender_name: str | None = Field(None, max_length=200)
    stores: list[DdexStoreIn] = Field(default_factory=list, max_length=MAX_STORES)


class DdexStoreOut(BaseModel):
    """A store with its DPID."""

    name: str
    dpid: str
    is_default: bool


class DdexPartiesOut(BaseModel):
    """The partner's DDEX sender and stores as saved."""

    sender_dpid: str | None
    sender_name: str | None
    stores: list[DdexStoreOut]


def parties_from(body: DdexPartiesIn) -> DdexParties:
    """Parsed and checked: InvalidField names the bad field (``stores[1].dpid``)."""
    stores = tuple(
        DdexStore(
            store.name.strip(),
            Dpid.parse(store.dpid, field=f"stores[{index}].dpid"),
            store.is_default,
        )
        for index, store in enumerate(body.stores)
    )
    sender_name = (body.sender_name or "").strip() or None
    return DdexParties(Dpid.parse_optional(body.sender_dpid, field="sender_dpid"), sender_name,
                       stores)  # fmt: skip


def parties_out(parties: DdexParties) -> DdexPartiesOut:
    """The response body."""
    return DdexPartiesOut(
        sender_dpid=str(parties.sender_dpid) if parties.sender_dpid else None,
        sender_name=parties.sender_name,
        stores=[DdexStoreOut(name=x.name, dpid=str(x.dpid), is_default=x.is_default)
                for x in parties.stores],
    )  # fmt: skip


def ddex_parties_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The DDEX parties setting."""
    bp = flask.Blueprint("ddex_parties", __name__)
    path = "/api/v1/ddex-parties"

    @spec.operation(bp, "GET", path, name="get_ddex_parties", summary="The partner's DDEX "
                    "sender and stores", tag="settings", roles=READERS, query=s.PartnerQuery,
                    response=DdexPartiesOut)  # fmt: skip
    def get_ddex_parties(query: s.PartnerQuery) -> BaseModel:
        partner = partner_of(current_principal(), query.partner_id)
        return parties_out(services().partners.ddex_parties(partner))

    @spec.operation(bp, "PUT", path, name="set_ddex_parties", summary="Replace the partner's "
                    "DDEX sender and stores (422 naming a bad DPID)", tag="settings",
                    roles=EDITORS, query=s.PartnerQuery, body=DdexPartiesIn,
                    response=DdexPartiesOut)  # fmt: skip
    def set_ddex_parties(query: s.PartnerQuery, body: DdexPartiesIn) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        parties = services().partners.set_ddex_parties(
            partner, parties_from(body), now=now(), actor=principal.actor()
        )
        return parties_out(parties)

    return bp
