"""Compare two tracks and merge one into the other (issue 17, item 2).

A duplicate warning names two tracks; the compare screen shows them field by field and the user
picks, per field, which value the kept track ends with (by default the one a person set, else
the one that is filled in). The merge is one change set in one transaction: the other track is
soft-deleted (its audio, history and credits stay with it, and an admin can restore it), then
the chosen values are written to the kept track with provenance "merged from track <other>".
Undoing the change (POST /api/v1/changes/{id}/undo, admins: it restores a track) reverses both.

A track sits on at most one release: two tracks on different releases are refused (409) rather
than silently dropping one release's tracklist entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from shared.domain.audit import Actor
from shared.domain.provenance import Source
from shared.domain.recordings import SoundRecording
from shared.errors import Conflict, InvalidField
from shared.services.catalog import CatalogService, Changed
from shared.services.catalog_fields import TRACK_FIELDS

Side = Literal["kept", "other"]
# what a merge can choose: every editable field but the workflow status (the kept track's stays)
MERGED_FIELDS = tuple(name for name in TRACK_FIELDS if name != "status")
# where the track sits on its release: chosen together, so a track is never half on a release
RELEASE_POSITION = ("release_id", "disc_number", "track_number")


@dataclass(frozen=True, slots=True)
class FieldComparison:
    """One field of two tracks: both values (as the API shows them), whether they differ,
    where each came from and which side a merge keeps unless told otherwise."""

    field: str
    kept: Any
    other: Any
    kept_source: str | None
    other_source: str | None
    differs: bool
    default: Side


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def default_side(field: str, kept: SoundRecording, other: SoundRecording) -> Side:
    """The human's value, else the one filled in (the longer list), else the kept track's."""
    spec = TRACK_FIELDS[field]
    mine, theirs = spec.dump(getattr(kept, spec.attr)), spec.dump(getattr(other, spec.attr))
    if mine == theirs or _is_empty(theirs):
        return "kept"
    if _is_empty(mine):
        return "other"
    human = {s: p.source is Source.HUMAN for s, p in (("kept", kept.provenance.get(field)),
             ("other", other.provenance.get(field))) if p is not None}  # fmt: skip
    if human.get("other") and not human.get("kept"):
        return "other"
    if isinstance(mine, list) and isinstance(theirs, list) and len(theirs) > len(mine):
        return "other" if not human.get("kept") else "kept"
    return "kept"


def compare(kept: SoundRecording, other: SoundRecording) -> list[FieldComparison]:
    """Every mergeable field of the two tracks, in the API's field order."""
    rows = []
    for name in MERGED_FIELDS:
        spec = TRACK_FIELDS[name]
        mine, theirs = spec.dump(getattr(kept, spec.attr)), spec.dump(getattr(other, spec.attr))
        mine_from, theirs_from = kept.provenance.get(name), other.provenance.get(name)
        rows.append(
            FieldComparison(
                field=name,
                kept=mine,
                other=theirs,
                kept_source=mine_from.source.value if mine_from else None,
                other_source=theirs_from.source.value if theirs_from else None,
                differs=mine != theirs,
                default=default_side(name, kept, other),
            )
        )
    return rows


def check_mergeable(kept: SoundRecording, other: SoundRecording) -> None:
    """InvalidField for a track merged with itself; Conflict for tracks on two releases."""
    if kept.id == other.id:
        raise InvalidField("other_id", f"track {kept.id} cannot be merged with itself")
    if kept.release_id and other.release_id and kept.release_id != other.release_id:
        raise Conflict(
            f"track {kept.id} is on release {kept.release_id} and track {other.id} on release "
            f"{other.release_id}: take one off its release first, so no tracklist loses a track"
        )


def merged_values(
    kept: SoundRecording, other: SoundRecording, choices: Mapping[str, Side]
) -> dict[str, Any]:
    """The values the kept track takes from the other (as a PATCH body): the fields chosen
    "other", and by default those whose default is the other's; InvalidField names a field
    that cannot be chosen."""
    for name in choices:
        if name not in MERGED_FIELDS:
            raise InvalidField(
                f"choices.{name}", f"{name!r} is not a track field a merge can choose"
            )
    sides = {name: choices.get(name) or default_side(name, kept, other) for name in MERGED_FIELDS}
    if any(sides[name] == "other" for name in RELEASE_POSITION) and other.release_id:
        sides.update(dict.fromkeys(RELEASE_POSITION, "other"))
    values = {}
    for name, side in sides.items():
        spec = TRACK_FIELDS[name]
        if side == "other" and getattr(other, spec.attr) != getattr(kept, spec.attr):
            values[name] = spec.dump(getattr(other, spec.attr))
    return values


class TrackMergeService:
    """Side-by-side comparison and merge of two tracks of one partner."""

    def __init__(self, catalog: CatalogService) -> None:
        self._catalog = catalog

    def compare(
        self, partner_id: UUID, kept_id: UUID, other_id: UUID
    ) -> tuple[SoundRecording, SoundRecording, list[FieldComparison]]:
        """Both tracks and their fields side by side (404 for a track not in the catalog)."""
        kept = self._catalog.get("track", partner_id, kept_id)
        other = self._catalog.get("track", partner_id, other_id)
        return kept, other, compare(kept, other)

    def merge(
        self,
        partner_id: UUID,
        kept_id: UUID,
        other_id: UUID,
        choices: Mapping[str, Side],
        *,
        actor: Actor,
        now: datetime,
    ) -> Changed:
        """Merge ``other_id`` into ``kept_id`` as one undoable change (see the module)."""

        def values_of(kept: SoundRecording, other: SoundRecording) -> dict[str, Any]:
            check_mergeable(kept, other)
            return merged_values(kept, other, choices)

        return self._catalog.merge_tracks(
            partner_id, kept_id, other_id, values_of, actor=actor, now=now
        )
