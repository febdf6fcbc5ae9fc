"""Where a partner's new codes come from: its ISRC prefixes and its UPC/EAN ranges.

An ISRC prefix is the country code and registrant code the national ISRC agency gave the
partner (``GB`` + ``UV7``); a code is the prefix, the year of assignment's last two digits and a
five-digit designation counted per prefix and year (ISO 3901). A UPC/EAN range is either a GS1
company prefix (every item reference after it) or an explicit first..last pair of codes; a code is
the range's n-th body with its GS1 check digit. Rules and worked check digits:
../shared/standards/IDENTIFIERS.md. No IO here: the counters live in the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.domain.identifiers import Gtin, Isrc, compact, gtin_check_digit, non_ascii_problem
from shared.errors import InvalidField

MAX_DESIGNATION = 99_999  # NNNNN: five digits per prefix and year
GTIN_LENGTHS = (12, 13)  # UPC-A and EAN-13: the lengths a release carries


class CodeKind(enum.StrEnum):
    """The two kinds of code a partner can assign."""

    ISRC = "isrc"
    GTIN = "upc"


@dataclass(frozen=True, slots=True)
class IsrcStem:
    """Country code + registrant code: the first five characters of every ISRC it issues."""

    country_code: str
    registrant_code: str

    @classmethod
    def parse(cls, country_code: str, registrant_code: str) -> IsrcStem:
        """Both parts checked with the product's ISRC rules; InvalidField names the part."""
        country, registrant = compact(country_code or ""), compact(registrant_code or "")
        for field, text, size in (("country_code", country, 2), ("registrant_code", registrant, 3)):
            problem = non_ascii_problem(text)
            if problem or len(text) != size:
                why = problem or f"has {len(text)} characters, it must have {size}"
                raise InvalidField(field, f"{text!r} {why}")
        problem = Isrc.check(f"{country}{registrant}0000001")
        if problem:
            field = "registrant_code" if "registrant" in problem else "country_code"
            shown = registrant if field == "registrant_code" else country
            reason = problem.split(": ", 1)[-1] if ": " in problem else problem
            raise InvalidField(field, f"{shown!r}: {reason}")
        return cls(country, registrant)

    @property
    def value(self) -> str:
        """CCXXX."""
        return f"{self.country_code}{self.registrant_code}"

    def display(self) -> str:
        """CC-XXX."""
        return f"{self.country_code}-{self.registrant_code}"

    def code(self, year: int, designation: int) -> Isrc:
        """The ISRC with the year's last two digits and the designation."""
        if not 0 < designation <= MAX_DESIGNATION:
            raise ValueError(f"designation {designation} is outside 1..{MAX_DESIGNATION}")
        return Isrc.parse(f"{self.value}{year % 100:02d}{designation:05d}")


@dataclass(frozen=True, slots=True)
class GtinRange:
    """Every code from ``first`` to ``last`` (same length, check digits included)."""

    first: Gtin
    last: Gtin

    @classmethod
    def from_company_prefix(cls, company_prefix: str, length: int) -> GtinRange:
        """Every item reference after a GS1 company prefix, as UPC-A (12) or EAN-13 (13)."""
        prefix = compact(company_prefix or "")
        if length not in GTIN_LENGTHS:
            raise InvalidField("length", f"{length} is not 12 (UPC-A) or 13 (EAN-13)")
        if not prefix.isdigit() or not 6 <= len(prefix) <= length - 2:
            raise InvalidField(
                "company_prefix",
                f"{company_prefix!r} must be 6 to {length - 2} digits "
                f"(a GS1 company prefix leaves room for an item reference and a check digit)",
            )
        item_digits = length - 1 - len(prefix)
        return cls(_with_check(prefix + "0" * item_digits), _with_check(prefix + "9" * item_digits))

    @classmethod
    def from_codes(cls, first: str, last: str) -> GtinRange:
        """An explicit range; both ends are checked as UPC/EAN codes."""
        first_code, last_code = Gtin.parse(first, field="first"), Gtin.parse(last, field="last")
        if len(first_code.value) not in GTIN_LENGTHS:
            raise InvalidField("first", f"{first!r} is a {first_code.kind}: use a UPC-A or EAN-13")
        if len(last_code.value) != len(first_code.value):
            raise InvalidField("last", f"{last!r} is not as long as first ({first_code.kind})")
        if last_code.value < first_code.value:
            raise InvalidField("last", f"{last!r} comes before first {first!r}")
        return cls(first_code, last_code)

    @property
    def size(self) -> int:
        """How many codes the range holds."""
        return int(self.last.value[:-1]) - int(self.first.value[:-1]) + 1

    def code(self, index: int) -> Gtin:
        """The range's code number ``index`` (0 is ``first``)."""
        if not 0 <= index < self.size:
            raise ValueError(f"index {index} is outside the range's {self.size} codes")
        width = len(self.first.value) - 1
        return _with_check(f"{int(self.first.value[:-1]) + index:0{width}d}")

    def overlaps(self, other: GtinRange) -> bool:
        """Whether the two ranges share a code (as EAN-13, so a UPC-A meets its EAN twin)."""
        mine = (self.first.as_ean13(), self.last.as_ean13())
        theirs = (other.first.as_ean13(), other.last.as_ean13())
        return mine[0] <= theirs[1] and theirs[0] <= mine[1]

    def display(self) -> str:
        """first..last."""
        return f"{self.first}..{self.last}"


def _with_check(body: str) -> Gtin:
    return Gtin(body + str(gtin_check_digit(body)))


@dataclass(frozen=True, slots=True)
class CodeSource:
    """One registered ISRC prefix or UPC/EAN range of a partner."""

    id: UUID
    partner_id: UUID
    kind: CodeKind
    isrc_stem: IsrcStem | None
    gtin_range: GtinRange | None
    label: str | None
    created_by: str
    created_at: datetime
    used: int = 0  # codes assigned from it (all years for a prefix)

    def display(self) -> str:
        """``ISRC prefix GB-UV7`` or ``UPC range 036000000005..036000999995``."""
        if self.isrc_stem is not None:
            return f"ISRC prefix {self.isrc_stem.display()}"
        assert self.gtin_range is not None
        return f"UPC/EAN range {self.gtin_range.display()}"


@dataclass(frozen=True, slots=True)
class AssignedCode:
    """A code this product issued: from which source, to what, by whom and when."""

    code: str
    kind: CodeKind
    source_id: UUID
    source: str  # the source's display, kept as it was when the code was issued
    subject_kind: str  # "track" or "release"
    subject_id: UUID
    replaced: str | None  # the code the subject had before, when overwriting was asked
    assigned_by: str
    assigned_at: datetime
