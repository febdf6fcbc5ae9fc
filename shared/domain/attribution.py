"""Who is behind a page of history (issue 17, item 1): people's names for the user ids in audit
records, and which changes undid which, so the history reads "by Anna" and "undone by Ben"
instead of bare UUIDs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from shared.domain.audit import Actor, ActorType


@dataclass(frozen=True, slots=True)
class UndoneBy:
    """The change that undid another: its id, who made it and when."""

    change_id: UUID
    actor: Actor
    at: datetime


@dataclass(frozen=True, slots=True)
class Attribution:
    """Names and undo links for the ids in some audit records."""

    names: Mapping[str, str] = field(default_factory=dict)  # user id -> display name or email
    undone_by: Mapping[UUID, UndoneBy] = field(default_factory=dict)  # change id -> its undo
    undoes: Mapping[UUID, UUID] = field(default_factory=dict)  # undo's change id -> undone one

    def name_of(self, actor: Actor) -> str | None:
        """A person's display name (or e-mail); an API client's id; None for the system or a
        user no longer there (deleted users are not named again)."""
        if actor.type is ActorType.CLIENT:
            return actor.client_id or actor.id
        if actor.type is ActorType.USER and actor.id:
            return self.names.get(actor.id)
        return None
