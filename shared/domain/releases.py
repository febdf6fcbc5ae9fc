"""Releases (DDEX Release): the product a store sells, with its tracks and deals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from shared.domain.codes import DISPLAY_ARTIST_ROLES, PARENTAL_WARNING_TYPES, RELEASE_TYPES
from shared.domain.identifiers import Grid, Gtin
from shared.domain.provenance import Provenance
from shared.domain.territories import check_territories
from shared.errors import InvalidField


@dataclass(frozen=True, slots=True)
class CopyrightLine:
    """A P-line (sound recording copyright) or C-line (artwork and text copyright)."""

    text: str
    year: int | None = None

    def __post_init__(self) -> None:
        if self.year is not None and not 1877 <= self.year <= 2200:  # 1877: the phonograph
            raise InvalidField("year", f"{self.year} is not a plausible copyright year")

    def display(self, symbol: str) -> str:
        """ "℗ 2024 Label" style."""
        return " ".join(part for part in (symbol, str(self.year or ""), self.text) if part)


@dataclass(frozen=True, slots=True)
class Artwork:
    """The release's front cover image."""

    bucket: str
    object_name: str
    mime_type: str
    width: int
    height: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class ArtistCredit:
    """A party credited as an artist of the whole release (DDEX DisplayArtist), in order."""

    party_id: UUID
    name: str
    role: str  # a DDEX DisplayArtistRole: MainArtist, FeaturedArtist, Artist, Composer
    sequence: int = 1

    def __post_init__(self) -> None:
        if self.role not in DISPLAY_ARTIST_ROLES:
            raise InvalidField(
                "role",
                f"{self.role!r} is not a DDEX DisplayArtistRole"
                f" ({', '.join(sorted(DISPLAY_ARTIST_ROLES))})",
            )


@dataclass(frozen=True, slots=True)
class Release:
    """DDEX Release."""

    id: UUID
    partner_id: UUID
    title: str
    release_type: str = "Album"
    version_title: str | None = None
    upc: Gtin | None = None
    grid: Grid | None = None
    catalog_number: str | None = None
    display_artist: str | None = None
    label_name: str | None = None
    release_date: date | None = None
    original_release_date: date | None = None
    p_line: CopyrightLine | None = None
    c_line: CopyrightLine | None = None
    genre: str | None = None
    sub_genre: str | None = None
    parental_advisory: str = "NoAdviceAvailable"  # DDEX ParentalWarningType
    territories: frozenset[str] = frozenset({"Worldwide"})
    artwork: Artwork | None = None
    status: str = "draft"
    artists: tuple[ArtistCredit, ...] = ()  # credited in this order; display_artist is the text
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise InvalidField("title", "a release needs a title")
        if self.release_type not in RELEASE_TYPES:
            raise InvalidField("release_type", f"{self.release_type!r} is not a DDEX ReleaseType")
        if self.parental_advisory not in PARENTAL_WARNING_TYPES:
            raise InvalidField(
                "parental_advisory", f"{self.parental_advisory!r} is not a DDEX ParentalWarningType"
            )
        check_territories(self.territories, field="territories")
