"""Which estimates reach the track: never over a person's, an import's or a tag's value; an empty
field is filled at any confidence (the value carries it, so review filters find the unsure ones);
an AI value is replaced by a confident estimate or by a surer one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from shared.domain.analyses import Estimate
from shared.domain.audit import FieldChange
from shared.domain.music import MusicalKey, parse_bpm
from shared.domain.provenance import Provenance, Source, may_replace
from shared.domain.recordings import SoundRecording

TRACK_FIELDS = (
    "bpm",
    "key",
    "genre",
    "moods",
    "vocals",
    "vocal_gender",
    "preview_start_s",
    "era_hint",
)  # estimates the track has a column for


def _value_for_track(estimate: Estimate) -> Any:
    if estimate.field == "bpm":
        return parse_bpm(float(estimate.value))  # type: ignore[arg-type]
    if estimate.field == "key":
        return MusicalKey.parse(str(estimate.value))
    if estimate.field == "moods":
        return tuple(estimate.value)  # type: ignore[arg-type]
    return estimate.value


def may_apply(track: SoundRecording | None, estimate: Estimate, floor: float) -> bool:
    """A track column exists, AI may write it, and the estimate is confident, fills an empty
    field, or is surer than the AI value it replaces."""
    if track is None or estimate.field not in TRACK_FIELDS:
        return False
    current = track.provenance.get(estimate.field)
    if not may_replace(current, Source.AI):
        return False
    if estimate.field == "vocal_gender" and _sung_says_no(track):
        return False  # a person said instrumental: no one sings
    if estimate.confidence >= floor or getattr(track, estimate.field) in (None, (), ""):
        return True
    return current is not None and (current.confidence or 0.0) < estimate.confidence


def _sung_says_no(track: SoundRecording) -> bool:
    held = track.provenance.get("vocals")
    return track.vocals == "instrumental" and not may_replace(held, Source.AI)


def apply_estimates(
    track: SoundRecording, estimates: list[Estimate], *, now: datetime
) -> tuple[SoundRecording, tuple[FieldChange, ...]]:
    """The track with the estimates written and their AI provenance; the changes made."""
    values: dict[str, Any] = {}
    provenance = dict(track.provenance)
    changes = []
    for estimate in estimates:
        value = _value_for_track(estimate)
        before = getattr(track, estimate.field)
        values[estimate.field] = value
        provenance[estimate.field] = Provenance(
            Source.AI,
            now,
            model=estimate.model,
            model_version=estimate.model_version,
            confidence=estimate.confidence,
        )
        if before != value:
            changes.append(FieldChange(estimate.field, _shown(before), _shown(value)))
    if values.get("vocals") == "instrumental" and track.vocal_gender is not None:
        # an AI "instrumental" takes the AI's earlier gender with it, never a person's
        if may_replace(track.provenance.get("vocal_gender"), Source.AI):
            values["vocal_gender"] = None
            provenance.pop("vocal_gender", None)
            changes.append(FieldChange("vocal_gender", track.vocal_gender, None))
    return replace(track, **values, provenance=provenance), tuple(changes)


def _shown(value: Any) -> Any:
    if isinstance(value, MusicalKey):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value
