"""Where each field value came from, and which source may replace which."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Source(StrEnum):
    """Who set a value."""

    TAG = "tag"  # embedded in the audio file (ID3, Vorbis comment, MP4 atom, RIFF INFO)
    AI = "ai"  # an AI model's estimate
    HUMAN = "human"  # a person, in the UI or through the API
    IMPORT = "import"  # a bulk import (CSV, JSON, DDEX) a person started
    DSP = "dsp"  # measured by signal processing (duration, loudness): a fact, not a guess


@dataclass(frozen=True, slots=True)
class Provenance:
    """The origin of one field's value."""

    source: Source
    at: datetime
    actor: str | None = None  # user or client id for human and import, file for tag
    model: str | None = None
    model_version: str | None = None
    confidence: float | None = None
    detail: str | None = None  # e.g. "ID3 TSRC", "import 7f3a row 14"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict without empty keys."""
        raw = {
            "source": self.source.value,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "model": self.model,
            "model_version": self.model_version,
            "confidence": self.confidence,
            "detail": self.detail,
        }
        return {key: value for key, value in raw.items() if value is not None}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Provenance:
        """The inverse of ``to_json``."""
        return cls(
            source=Source(raw["source"]),
            at=datetime.fromisoformat(raw["at"]),
            actor=raw.get("actor"),
            model=raw.get("model"),
            model_version=raw.get("model_version"),
            confidence=raw.get("confidence"),
            detail=raw.get("detail"),
        )


ROW_STAMP = "_import"
"""Key of the one import stamp a bulk-imported row stores for all its fields (see
``stored_entries``); no field is named so."""


def stored_entries(raw: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Each field's full provenance entry from a stored ``provenance`` document.

    A bulk import stores its stamp (source, time, who, job and row) once per row under
    ``ROW_STAMP`` and marks each field it filled with ``{"source": "import"}`` alone, where it
    used to repeat the whole stamp under each field: building and writing those 1.3 kB a row
    was most of a million-row import's time (issue 19). An entry without ``at`` is such a mark and
    reads as the row's stamp; a later edit writes the field's own full entry over it. SQL that
    asks ``provenance->'field'->>'source'`` reads both forms alike."""
    stored = dict(raw or {})
    stamp = stored.pop(ROW_STAMP, None)
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in stored.items():
        if "at" not in entry:
            if stamp is None:  # a mark whose stamp is gone: nothing to say where it came from
                continue
            entry = stamp
        entries[name] = entry
    return entries


_REPLACEABLE_BY: dict[Source, frozenset[Source]] = {
    # a person's choice, explicit or through an import they started, always wins
    Source.HUMAN: frozenset(Source),
    Source.IMPORT: frozenset(Source),
    # the label's own embedded tags beat guesses, never a person's edit
    Source.TAG: frozenset({Source.TAG, Source.AI, Source.DSP}),
    Source.DSP: frozenset({Source.DSP, Source.AI}),
    # AI never overwrites a value a human, an import or a tag set; a model upgrade updates AI values
    Source.AI: frozenset({Source.AI}),
}


def may_replace(current: Provenance | None, incoming: Source) -> bool:
    """True when a value from ``incoming`` may replace the value ``current`` describes."""
    if current is None:
        return True
    return current.source in _REPLACEABLE_BY[incoming]
