"""The suggested preview clip (issue 18 item 4): the most repeated section of the spectrogram, an
AI value on the wire and on the track that never replaces a person's."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import numpy as np
import pytest

from inference.preview import PreviewClip, representative_start
from shared.domain.analyses import Estimate
from shared.domain.enrichment import AudioAnalysis, Label, TimelineSegment
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording
from shared.errors import InvalidField
from shared.services.analysis.applying import apply_estimates, may_apply
from tests.support.analyses import analysis_with

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
FPS = 62.5  # musicnn's log-mel frames per second


def _section(rng: np.random.Generator, seconds: float) -> np.ndarray:
    """A section whose spectrum changes every half second (a melody of random chords)."""
    chords = rng.normal(size=(int(seconds * 2), 96)).astype(np.float32)
    return np.repeat(chords, int(FPS / 2), axis=0)


def test_the_clip_starts_on_the_section_that_comes_back() -> None:
    rng = np.random.default_rng(7)
    chorus = _section(rng, 30)
    parts = [_section(rng, 25), chorus, _section(rng, 40), chorus, _section(rng, 20)]
    mel = np.concatenate(parts)
    first_chorus_s, second_chorus_s = 25 * 2 * 31 / FPS, (25 + 30 + 40) * 2 * 31 / FPS

    clip = representative_start(mel, FPS)

    assert clip is not None
    assert min(abs(clip.start_s - first_chorus_s), abs(clip.start_s - second_chorus_s)) <= 2.0
    assert clip.score > 0.8  # the chorus' material recurs almost exactly


def test_a_track_without_repeats_has_a_low_score_and_a_short_one_starts_at_zero() -> None:
    rng = np.random.default_rng(3)
    through_composed = _section(rng, 120)
    clip = representative_start(through_composed, FPS)
    assert clip is not None
    assert clip.score < 0.3
    assert representative_start(_section(rng, 20), FPS) == PreviewClip(0.0, 0.0)
    assert representative_start(np.zeros((0, 96), dtype=np.float32), FPS) is None


def test_the_preview_and_the_timeline_travel_on_the_wire() -> None:
    segment = TimelineSegment(0.0, 15.0, (Label("rock", 0.6),), (Label("energetic", 0.4),))
    analysis = analysis_with(
        preview_start_s=42.5,
        preview_confidence=0.7,
        timeline=(segment,),
        engines={"preview_start_s": "catalog-preview 0.1.0"},
    )
    again = AudioAnalysis.from_json(analysis.to_json())
    assert again == analysis
    by_field = {e.field: e for e in again.estimates()}
    assert by_field["preview_start_s"] == Estimate(
        "preview_start_s", 42.5, 0.7, "catalog-preview", "0.1.0"
    )
    assert "timeline" not in by_field  # stored beside the estimates, not as one
    older = {k: v for k, v in analysis.to_json().items() if not k.startswith(("prev", "time"))}
    assert AudioAnalysis.from_json(older).preview_start_s is None


def test_an_ai_preview_fills_an_empty_field_and_never_a_persons() -> None:
    partner = uuid.uuid4()
    estimate = Estimate("preview_start_s", 61.0, 0.4, "catalog-preview", "0.1.0")
    empty = SoundRecording(uuid.uuid4(), partner, "Empty")
    assert may_apply(empty, estimate, floor=0.8)
    filled, changes = apply_estimates(empty, [estimate], now=NOW)
    assert filled.preview_start_s == 61.0
    assert filled.provenance["preview_start_s"].source is Source.AI
    assert filled.provenance["preview_start_s"].model == "catalog-preview"
    assert [c.field for c in changes] == ["preview_start_s"]

    person = Provenance(Source.HUMAN, NOW, actor="editor@label.example")
    chosen = SoundRecording(
        uuid.uuid4(),
        partner,
        "Chosen",
        preview_start_s=12.0,
        provenance={"preview_start_s": person},
    )
    assert not may_apply(chosen, Estimate("preview_start_s", 61.0, 0.99, "c", "1"), floor=0.8)


def test_a_negative_start_is_refused() -> None:
    with pytest.raises(InvalidField, match="preview_start_s"):
        SoundRecording(uuid.uuid4(), uuid.uuid4(), "Odd", preview_start_s=-1.0)
