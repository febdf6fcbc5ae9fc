"""Parties: the people and companies named in releases, recordings and works."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from shared.domain.identifiers import Dpid, IpiBaseNumber, IpiNameNumber, Isni
from shared.domain.provenance import Provenance
from shared.errors import InvalidField


class PartyKind(StrEnum):
    """A person or an organisation (DDEX distinguishes them for names)."""

    PERSON = "person"
    ORGANIZATION = "organization"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Party:
    """DDEX Party: a name with its industry identifiers."""

    id: UUID
    partner_id: UUID
    name: str
    kind: PartyKind = PartyKind.UNKNOWN
    isni: Isni | None = None
    ipi_name_number: IpiNameNumber | None = None
    ipi_base_number: IpiBaseNumber | None = None
    dpid: Dpid | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidField("name", "a party needs a name")
