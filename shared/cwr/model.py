"""What a CWR registration is made of: works with their recordings, performers and origin."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared.domain.identifiers import IpiNameNumber
from shared.domain.parties import Party
from shared.domain.recordings import SoundRecording
from shared.domain.releases import Release
from shared.domain.works import MusicalWork

WORLD_TIS = 2136  # CISAC TIS code of the world


@dataclass(frozen=True, slots=True)
class WorkOrigin:
    """ORN: where a library, film or TV work comes from."""

    intended_purpose: str  # LIB, FIL, TEL, ... (CWR Intended Purpose table)
    production_title: str | None = None
    cd_identifier: str | None = None
    cut_number: int | None = None
    library: str | None = None


@dataclass(frozen=True, slots=True)
class CwrRecording:
    """A recording of the work (REC), with the release it first came out on."""

    track: SoundRecording
    release: Release | None = None


@dataclass(frozen=True, slots=True)
class CwrWork:
    """One work to register, with everything the NWR/REV transaction carries."""

    work: MusicalWork
    recordings: tuple[CwrRecording, ...] = ()
    parties: tuple[Party, ...] = ()  # writers' and publishers' parties (IPI base numbers)
    performers: tuple[str, ...] = ()
    origin: WorkOrigin | None = None
    revision: bool = False  # REV: the society already accepted the work

    def party(self, party_id: UUID) -> Party | None:
        """A party by id."""
        return next((p for p in self.parties if p.id == party_id), None)


@dataclass(frozen=True, slots=True)
class CwrSender:
    """Who submits: a publisher with its IPI name number (HDR sender)."""

    ipi_name_number: IpiNameNumber
    name: str
    code: str = "XXX"  # 2-3 character publisher code for the file name
    sender_type: str = "PB"  # PB publisher, AA administrator, WR writer


@dataclass(frozen=True, slots=True)
class CwrFile:
    """A written CWR file."""

    name: str
    text: str
    version: str
    submitter_numbers: dict[UUID, str] = field(default_factory=dict)  # work id -> submitter #


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """What a society said about one submitted work (ACK transaction)."""

    submitter_work_number: str
    title: str
    status: str  # CWR transaction status code (AS, AC, RA, RJ, CO, DU, NP, RC)
    original_transaction_type: str
    society_work_number: str | None
    processing_date: date | None
    iswc: str | None = None
    messages: tuple[str, ...] = ()
    line: int = 0

    @property
    def accepted(self) -> bool:
        """Registration accepted (with or without changes) or transaction accepted."""
        return self.status in ("AS", "AC", "RA")


STATUS_TEXT = {
    "AS": "registration accepted",
    "AC": "accepted with changes",
    "RA": "transaction accepted",
    "RJ": "rejected",
    "CO": "conflict",
    "DU": "duplicate",
    "NP": "no participation",
    "RC": "claim rejected",
}


def share_units(percent: Decimal) -> int:
    """A share as CWR writes it: five digits, two implied decimals (33.5 % -> 3350)."""
    return int((percent * 100).quantize(Decimal(1)))
