"""What an import row would change on a track already in the catalog, and who set the old value.

The import preview lists these per row (old -> new), marking values a person set, so the user can
choose to keep those (the default) or overwrite them before starting the import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.batch.rows import STAGING_COLUMNS
from shared.domain.provenance import Source
from shared.domain.recordings import SoundRecording

# staging column -> (SoundRecording attribute, provenance names a person's value may carry)
_COMPARED: dict[str, tuple[str, tuple[str, ...]]] = {
    "isrc": ("isrc", ("isrc",)),
    "title": ("title", ("title",)),
    "version_title": ("version_title", ("version_title",)),
    "display_artist": ("display_artist", ("display_artist",)),
    "duration_ms": ("duration_ms", ("duration_ms",)),
    "genre": ("genre", ("genre",)),
    "sub_genre": ("sub_genre", ("sub_genre",)),
    "explicit": ("explicit", ("explicit",)),
    "language": ("language", ("language",)),
    "track_number": ("track_number", ("track_number",)),
    "disc_number": ("disc_number", ("disc_number",)),
    "bpm": ("bpm", ("bpm",)),
    "musical_key": ("key", ("key", "musical_key")),  # the API records "key", imports the column
    "vocals": ("vocals", ("vocals",)),
    "vocal_gender": ("vocal_gender", ("vocal_gender",)),
    "preview_start_s": ("preview_start_s", ("preview_start_s",)),
}


@dataclass(frozen=True, slots=True)
class ValueUpdate:
    """One existing value a row would replace."""

    field: str
    old: str | None
    new: str
    set_by_person: bool

    def to_json(self) -> dict[str, Any]:
        """As the preview shows it."""
        return {
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "set_by_person": self.set_by_person,
        }


def staged_values(staged: tuple[Any, ...]) -> dict[str, Any]:
    """A staging tuple as column -> value."""
    return dict(zip(STAGING_COLUMNS, staged, strict=False))


def track_updates(values: Mapping[str, Any], track: SoundRecording) -> list[ValueUpdate]:
    """The track's values the row's (staged) ``values`` would change, in column order."""
    found = []
    for column, (attribute, names) in _COMPARED.items():
        new = _shown(values.get(column))
        old = _shown(getattr(track, attribute))
        if new is None or new == old:
            continue  # an empty cell keeps the value; the same value changes nothing
        by_person = any(
            track.provenance[name].source is Source.HUMAN
            for name in names
            if name in track.provenance
        )
        found.append(ValueUpdate(_FIELD_NAMES.get(column, column), old, new, by_person))
    return found


_FIELD_NAMES = {"musical_key": "key", "duration_ms": "duration"}  # the names the import maps to


def _shown(value: object) -> str | None:
    """A value as text both sides agree on (3 == 3.0, True == "yes")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)).normalize()
        return format(number, "f")
    return str(value)
