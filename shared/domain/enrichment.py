"""The result of analysing one audio file: the model server's JSON contract as domain values.

POST /v1/analyze answers with ``AudioAnalysis.to_json()``; the catalog parses it back with
``from_json`` (InvalidField names a bad key), so both sides share one definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import UUID

from shared.domain.analyses import Estimate
from shared.errors import InvalidField


@dataclass(frozen=True, slots=True)
class Label:
    """A taxonomy label and the model's confidence in it (0..1)."""

    label: str
    score: float


@dataclass(frozen=True, slots=True)
class TempoCandidate:
    """One reading of the tempo (the estimate, its half or its double) and its share (0..1)."""

    bpm: float
    score: float


@dataclass(frozen=True, slots=True)
class TimelineSegment:
    """Genre and mood scores over one stretch of a track (seconds from its start)."""

    start_s: float
    end_s: float
    genres: tuple[Label, ...]
    moods: tuple[Label, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "genres": [{"label": g.label, "score": g.score} for g in self.genres],
            "moods": [{"label": m.label, "score": m.score} for m in self.moods],
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> TimelineSegment:
        return cls(
            float(raw["start_s"]),
            float(raw["end_s"]),
            _labels(raw.get("genres")),
            _labels(raw.get("moods")),
        )


@dataclass(frozen=True, slots=True)
class TrackTimeline:
    """An asset's timeline as stored: its segments and the model that scored them."""

    asset_id: UUID
    segments: tuple[TimelineSegment, ...]
    model: str
    model_version: str


@dataclass(frozen=True, slots=True)
class AudioAnalysis:
    """Every enriched value of one file, with the model and confidences behind it.

    ``confidence`` is the confidence in the primary genre (the model's own answer; BPM and key
    carry theirs). ``reasons`` says why a value is null (silence, a clip under 5 s).
    ``engines`` names the engine and version behind each field ("bpm": "librosa 0.11.0").
    """

    bpm: float | None
    bpm_confidence: float | None
    bpm_candidates: tuple[TempoCandidate, ...]
    key: str | None
    key_confidence: float | None
    loudness_lufs: float | None
    genres: tuple[Label, ...]
    moods: tuple[Label, ...]
    model: str
    model_version: str
    confidence: float
    timings: Mapping[str, float] = field(default_factory=dict)
    description: str | None = None
    reasons: Mapping[str, str] = field(default_factory=dict)
    engines: Mapping[str, str] = field(default_factory=dict)
    duration_s: float | None = None
    usage: Mapping[str, int] = field(default_factory=dict)  # tokens billed (the fallback's)
    vocals: Label | None = None  # "vocal" or "instrumental"
    vocal_gender: Label | None = None  # "female", "male" or "mixed" (vocal tracks only)
    embedding: tuple[float, ...] = ()  # unit length; () when the tagger gives none
    preview_start_s: float | None = None  # the suggested preview clip's start (seconds)
    preview_confidence: float | None = None
    timeline: tuple[TimelineSegment, ...] = ()  # genre and mood scores along the track
    era_hint: Label | None = None  # the decade the audio sounds like ("1980s"), a suggestion

    def to_json(self) -> dict[str, Any]:
        """The wire form (the contract of POST /v1/analyze)."""
        return {
            "bpm": self.bpm,
            "bpm_confidence": self.bpm_confidence,
            "bpm_candidates": [{"bpm": c.bpm, "score": c.score} for c in self.bpm_candidates],
            "key": self.key,
            "key_confidence": self.key_confidence,
            "loudness_lufs": self.loudness_lufs,
            "genres": [{"label": g.label, "score": g.score} for g in self.genres],
            "moods": [{"label": m.label, "score": m.score} for m in self.moods],
            "description": self.description,
            "model": self.model,
            "model_version": self.model_version,
            "confidence": self.confidence,
            "timings": dict(self.timings),
            "reasons": dict(self.reasons),
            "engines": dict(self.engines),
            "duration_s": self.duration_s,
            "usage": dict(self.usage),
            "vocals": _label_json(self.vocals),
            "vocal_gender": _label_json(self.vocal_gender),
            "embedding": list(self.embedding),
            "preview_start_s": self.preview_start_s,
            "preview_confidence": self.preview_confidence,
            "timeline": [segment.to_json() for segment in self.timeline],
            "era_hint": _label_json(self.era_hint),
        }

    @classmethod
    def from_json(cls, raw: Any) -> AudioAnalysis:
        """Parse the wire form; InvalidField names the first bad key."""
        if not isinstance(raw, Mapping):
            raise InvalidField("analysis", "is not a JSON object")
        try:
            return cls(
                bpm=_number(raw, "bpm"),
                bpm_confidence=_number(raw, "bpm_confidence"),
                bpm_candidates=tuple(
                    TempoCandidate(float(c["bpm"]), float(c["score"]))
                    for c in raw.get("bpm_candidates") or ()
                ),
                key=raw.get("key"),
                key_confidence=_number(raw, "key_confidence"),
                loudness_lufs=_number(raw, "loudness_lufs"),
                genres=_labels(raw.get("genres")),
                moods=_labels(raw.get("moods")),
                model=str(raw["model"]),
                model_version=str(raw["model_version"]),
                confidence=float(raw["confidence"]),
                timings={str(k): float(v) for k, v in (raw.get("timings") or {}).items()},
                description=raw.get("description"),
                reasons={str(k): str(v) for k, v in (raw.get("reasons") or {}).items()},
                engines={str(k): str(v) for k, v in (raw.get("engines") or {}).items()},
                duration_s=_number(raw, "duration_s"),
                usage={str(k): int(v) for k, v in (raw.get("usage") or {}).items()},
                vocals=_label(raw.get("vocals")),
                vocal_gender=_label(raw.get("vocal_gender")),
                embedding=tuple(float(v) for v in raw.get("embedding") or ()),
                preview_start_s=_number(raw, "preview_start_s"),
                preview_confidence=_number(raw, "preview_confidence"),
                timeline=tuple(TimelineSegment.from_json(t) for t in raw.get("timeline") or ()),
                era_hint=_label(raw.get("era_hint")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidField("analysis", f"malformed model answer: {exc!r}") from None

    @property
    def top_genre(self) -> Label | None:
        """The primary genre, if any."""
        return self.genres[0] if self.genres else None

    def timeline_of(self, asset_id: UUID) -> TrackTimeline | None:
        """The timeline to keep for ``asset_id``, credited to its engine; None without one."""
        if not self.timeline:
            return None
        engine = self.engines.get("timeline", f"{self.model} {self.model_version}")
        model, _, version = engine.partition(" ")
        return TrackTimeline(asset_id, self.timeline, model, version or "unknown")

    def with_model(self, model: str, model_version: str) -> AudioAnalysis:
        """The same values credited to another model name (an arm's configured name)."""
        return replace(self, model=model, model_version=model_version)

    def estimates(self) -> tuple[Estimate, ...]:
        """One Estimate per enriched field, each credited to the engine that produced it."""
        out = []
        if self.bpm is not None and self.bpm_confidence is not None:
            out.append(self._estimate("bpm", self.bpm, self.bpm_confidence))
        if self.key is not None and self.key_confidence is not None:
            out.append(self._estimate("key", self.key, self.key_confidence))
        if self.loudness_lufs is not None:
            out.append(self._estimate("loudness_lufs", self.loudness_lufs, 1.0))
        if self.genres:
            out.append(self._estimate("genre", self.genres[0].label, self.genres[0].score))
        if self.moods:
            moods = [m.label for m in self.moods[:2]]
            out.append(self._estimate("moods", moods, self.moods[0].score))
        voices_and_era = (
            ("vocals", self.vocals),
            ("vocal_gender", self.vocal_gender),
            ("era_hint", self.era_hint),
        )
        for name, label in voices_and_era:
            if label is not None:
                out.append(self._estimate(name, label.label, label.score))
        if self.preview_start_s is not None and self.preview_confidence is not None:
            out.append(
                self._estimate("preview_start_s", self.preview_start_s, self.preview_confidence)
            )
        return tuple(out)

    def _estimate(self, name: str, value: str | float | list[str], confidence: float) -> Estimate:
        engine = self.engines.get(name, f"{self.model} {self.model_version}")
        model, _, version = engine.partition(" ")
        return Estimate(name, value, min(1.0, max(0.0, confidence)), model, version or "unknown")


def _number(raw: Mapping[str, Any], key: str) -> float | None:
    value = raw.get(key)
    return None if value is None else float(value)


def _label_json(label: Label | None) -> dict[str, Any] | None:
    return None if label is None else {"label": label.label, "score": label.score}


def _label(item: Any) -> Label | None:
    return None if item is None else Label(str(item["label"]), float(item["score"]))


def _labels(items: Any) -> tuple[Label, ...]:
    return tuple(Label(str(item["label"]), float(item["score"])) for item in items or ())
