"""Territories: ISO 3166-1 alpha-2 codes or DDEX's Worldwide."""

from __future__ import annotations

from collections.abc import Iterable

from shared.domain.codes import ISO_TERRITORY_CODES, WORLDWIDE
from shared.errors import InvalidField


def normalise_territory(code: str) -> str:
    """Upper-case ISO codes; any spelling of Worldwide becomes "Worldwide"."""
    stripped = code.strip()
    if stripped.lower() in ("worldwide", "ww", "world"):
        return WORLDWIDE
    return stripped.upper()


def check_territories(codes: Iterable[str], *, field: str) -> None:
    """Raise InvalidField naming the first code that is neither ISO 3166-1 nor Worldwide."""
    for code in codes:
        if code != WORLDWIDE and code not in ISO_TERRITORY_CODES:
            raise InvalidField(field, f"{code!r} is not an ISO 3166-1 alpha-2 code or Worldwide")


def covers(territories: Iterable[str], excluded: Iterable[str], territory: str) -> bool:
    """True when ``territory`` is inside ``territories`` and not excluded."""
    listed = set(territories)
    return territory not in set(excluded) and (WORLDWIDE in listed or territory in listed)
