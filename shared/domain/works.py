"""Musical works (DDEX MusicalWork): the composition, its writers, publishers and shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from shared.domain.identifiers import IpiNameNumber, Iswc
from shared.domain.provenance import Provenance
from shared.domain.societies import Societies
from shared.errors import InvalidField

SHARE_TOLERANCE = Decimal("0.06")  # CWR allows totals within 100 +/- 0.06
FULL_SHARE = Decimal(100)
RIGHT_WORDS = {"pr": "performance", "mr": "mechanical", "sr": "synchronisation"}


class WriterRole(StrEnum):
    """CWR writer designation codes."""

    COMPOSER_AUTHOR = "CA"
    COMPOSER = "C"
    AUTHOR = "A"
    ARRANGER = "AR"
    ADAPTOR = "AD"
    TRANSLATOR = "TR"
    SUB_ARRANGER = "SR"
    SUB_AUTHOR = "SA"
    INCOME_PARTICIPANT = "PA"


class PublisherRole(StrEnum):
    """CWR publisher type codes."""

    ORIGINAL_PUBLISHER = "E"
    ADMINISTRATOR = "AM"
    SUB_PUBLISHER = "SE"
    INCOME_PARTICIPANT = "PA"
    SUBSTITUTED_PUBLISHER = "ES"
    ACQUIRER = "AQ"


@dataclass(frozen=True, slots=True)
class Shares:
    """Performance, mechanical and synchronisation ownership shares, in percent."""

    pr: Decimal = Decimal(0)
    mr: Decimal = Decimal(0)
    sr: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for name in ("pr", "mr", "sr"):
            value = getattr(self, name)
            if not Decimal(0) <= value <= Decimal(100):
                raise InvalidField(f"{name}_share", f"{value} is not between 0 and 100")


@dataclass(frozen=True, slots=True)
class WorkWriter:
    """A writer of a work, with role, IPI and shares."""

    party_id: UUID
    name: str
    role: WriterRole
    shares: Shares = Shares()
    ipi_name_number: IpiNameNumber | None = None
    controlled: bool = True
    publisher_party_id: UUID | None = None
    societies: Societies = Societies()  # PR, MR, SR affiliations (CWR SWR)


@dataclass(frozen=True, slots=True)
class WorkPublisher:
    """A publisher of a work, with role, IPI and shares."""

    party_id: UUID
    name: str
    role: PublisherRole
    shares: Shares = Shares()
    ipi_name_number: IpiNameNumber | None = None
    controlled: bool = True
    societies: Societies = Societies()  # PR, MR, SR affiliations (CWR SPU)


@dataclass(frozen=True, slots=True)
class MusicalWork:
    """DDEX MusicalWork."""

    id: UUID
    partner_id: UUID
    title: str
    iswc: Iswc | None = None
    alternate_titles: tuple[str, ...] = ()
    language: str | None = None
    writers: tuple[WorkWriter, ...] = ()
    publishers: tuple[WorkPublisher, ...] = ()
    registration_status: str = "unregistered"
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidField("title", "a work needs a title")

    def share_problems(self) -> list[str]:
        """Each right's total must be 100% (or 0% when nothing is claimed), within tolerance."""
        problems = []
        for right in ("pr", "mr", "sr"):
            people: tuple[WorkWriter | WorkPublisher, ...] = (*self.writers, *self.publishers)
            total = sum((getattr(p.shares, right) for p in people), Decimal(0))
            if total and abs(total - 100) > SHARE_TOLERANCE:
                problems.append(f"{right}_share totals {total}%, expected 100%")
        return problems


def require_whole_splits(work: MusicalWork) -> None:
    """A person's save: each right's shares total exactly 100.00%, or nothing is claimed yet.

    Imported files keep CWR's tolerance (``share_problems``); what a person types has no rounding
    excuse, so the editor refuses anything else and names the right that is off.
    """
    people: tuple[WorkWriter | WorkPublisher, ...] = (*work.writers, *work.publishers)
    for right, words in RIGHT_WORDS.items():
        total = sum((getattr(p.shares, right) for p in people), Decimal(0))
        if total and total != FULL_SHARE:
            raise InvalidField(
                f"{right}_share",
                f"writers and publishers own {total:.2f}% of the {words} right;"
                " the shares must total exactly 100.00% (or all be 0)",
            )
    publishers = {p.party_id for p in work.publishers}
    for index, writer in enumerate(work.writers):
        if writer.publisher_party_id and writer.publisher_party_id not in publishers:
            raise InvalidField(
                f"writers[{index}].publisher_party_id", "is not one of this work's publishers"
            )
