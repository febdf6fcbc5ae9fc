"""Export column presets: the catalog's own layout and common DSP and distributor templates.

Each preset is an ordered list of (header, field). Every preset's headers are also import
synonyms, so a file exported with any preset imports back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.batch.fields import FIELD_NAMES
from shared.errors import InvalidField

# the column CSV and JSON exports end with (unless asked not to): the names of the row's fields
# whose value an AI set and no person reviewed, so a reader can tell guesses from checked values
AI_UNREVIEWED = "ai_unreviewed"


@dataclass(frozen=True, slots=True)
class Preset:
    """A named column layout."""

    name: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (header, field)


_CATALOG = Preset(
    "catalog",
    "every field under its own name: the lossless round-trip layout (ids included)",
    tuple((name, name) for name in FIELD_NAMES),
)
_DISTRIBUTOR = Preset(
    "distributor",
    "a typical distributor bulk-delivery sheet: one row per track, release columns first",
    (
        ("UPC", "upc"),
        ("Release Title", "release_title"),
        ("Release Version", "release_version"),
        ("Release Artist", "release_artist"),
        ("Label", "label"),
        ("Release Date", "release_date"),
        ("Original Release Date", "original_release_date"),
        ("Release Type", "release_type"),
        ("Catalog Number", "catalog_number"),
        ("Release Genre", "release_genre"),
        ("C Line", "c_line"),
        ("Parental Advisory", "parental_advisory"),
        ("Disc Number", "disc_number"),
        ("Track Number", "track_number"),
        ("Track Title", "title"),
        ("Version", "version_title"),
        ("Track Artist", "display_artist"),
        ("ISRC", "isrc"),
        ("ISWC", "iswc"),
        ("Duration", "duration"),
        ("Explicit", "explicit"),
        ("P Line", "p_line"),
        ("Track Genre", "genre"),
        ("Language", "language"),
    ),
)
_DSP_TRACK = Preset(
    "dsp-track",
    "a store track-metadata sheet: identifiers, titles, artists and rights lines",
    (
        ("ISRC", "isrc"),
        ("Song Title", "title"),
        ("Mix Version", "version_title"),
        ("Primary Artist", "display_artist"),
        ("Album", "release_title"),
        ("Album Artist", "release_artist"),
        ("UPC/EAN", "upc"),
        ("Record Label", "label"),
        ("Street Date", "release_date"),
        ("Volume", "disc_number"),
        ("Position", "track_number"),
        ("Length", "duration"),
        ("Primary Genre", "genre"),
        ("Explicit Lyrics", "explicit"),
        ("Lyrics Language", "language"),
        ("Sound Recording Copyright", "p_line"),
        ("Copyright", "c_line"),
        ("Tempo", "bpm"),
        ("Musical Key", "key"),
    ),
)
_YOUTUBE = Preset(
    "youtube-cms",
    "modelled on a content-ID sound-recording sheet: custom_id plus identifiers and titles",
    (
        ("custom_id", "track_id"),
        ("isrc", "isrc"),
        ("upc", "upc"),
        ("title", "title"),
        ("artist", "display_artist"),
        ("album", "release_title"),
        ("label", "label"),
        ("genre", "genre"),
        ("release_date", "release_date"),
        ("explicit", "explicit"),
    ),
)

PRESETS: dict[str, Preset] = {p.name: p for p in (_CATALOG, _DISTRIBUTOR, _DSP_TRACK, _YOUTUBE)}


def preset(name: str) -> Preset:
    """A preset by name; InvalidField lists the names there are."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InvalidField("preset", f"{name!r} is not a preset ({', '.join(PRESETS)})") from None
