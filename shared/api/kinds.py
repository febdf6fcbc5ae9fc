"""The catalog kinds as the REST API shows them, and whose objects a request acts on."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import BaseModel, create_model

from shared.api import schemas as s
from shared.api.auth import Principal
from shared.api.context import services
from shared.errors import InvalidField


class KindApi:
    """The models of one kind's routes."""

    def __init__(
        self,
        name: str,
        plural: str,
        create: type[BaseModel],
        patch: type[BaseModel],
        out: type[BaseModel],
        list_item: type[BaseModel] | None = None,
    ) -> None:
        self.name, self.plural, self.create, self.patch, self.out = name, plural, create, patch, out
        self.list_item = list_item or out
        title = name.capitalize()
        items: Any = list[self.list_item]  # type: ignore[name-defined]
        self.page: type[BaseModel] = create_model(
            f"{title}Page", items=(items, ...), next_cursor=(str | None, None)
        )
        self.changed: type[BaseModel] = create_model(
            f"{title}Changed", __base__=out, change_id=(UUID, ...)
        )


API_KINDS = (
    KindApi("track", "tracks", s.TrackCreate, s.TrackPatch, s.TrackOut, s.TrackListItem),
    KindApi("release", "releases", s.ReleaseCreate, s.ReleasePatch, s.ReleaseOut),
    KindApi("work", "works", s.WorkCreate, s.WorkPatch, s.WorkOut),
    KindApi("party", "parties", s.PartyCreate, s.PartyPatch, s.PartyOut),
    KindApi("deal", "deals", s.DealCreate, s.DealPatch, s.DealOut),
)


def partner_of(
    principal: Principal,
    requested: UUID | None,
    kind: str | None = None,
    obj_id: UUID | None = None,
) -> UUID:
    """The partner a request acts on (404 for another partner's; admins may name any)."""
    if principal.is_admin and requested is None:
        if kind is not None and obj_id is not None:
            return services().catalog.owner_of(kind, obj_id)
        raise InvalidField("partner_id", "admins name the partner to act on")
    return principal.partner_scope(requested)
