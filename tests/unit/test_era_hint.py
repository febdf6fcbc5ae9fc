"""The era hint (issue 18 item 4): the decade musicnn hears, an AI suggestion that fills its own
field only, never a person's value and never a release date."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from inference.tagging import era_of
from shared.domain.analyses import Estimate
from shared.domain.enrichment import AudioAnalysis, Label
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording
from shared.services.analysis.applying import apply_estimates, may_apply
from tests.support.analyses import analysis_with

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_the_strongest_decade_wins_with_its_share_of_the_decades() -> None:
    raw = {"80s": 0.3, "90s": 0.1, "70s": 0.05, "00s": 0.05, "60s": 0.0, "rock": 0.9}

    assert era_of(raw) == ("1980s", 0.6)
    assert era_of({"rock": 0.9}) is None  # no decade tags: no hint
    assert era_of({"80s": 0.0, "90s": 0.0}) is None


def test_the_era_hint_travels_on_the_wire_and_becomes_an_estimate() -> None:
    analysis = analysis_with(
        era_hint=Label("1970s", 0.41), engines={"era_hint": "musicnn 0.1.0 MSD_musicnn+MTT"}
    )

    again = AudioAnalysis.from_json(analysis.to_json())

    assert again.era_hint == Label("1970s", 0.41)
    by_field = {e.field: e for e in again.estimates()}
    assert by_field["era_hint"] == Estimate(
        "era_hint", "1970s", 0.41, "musicnn", "0.1.0 MSD_musicnn+MTT"
    )
    older = {k: v for k, v in analysis.to_json().items() if k != "era_hint"}
    assert AudioAnalysis.from_json(older).era_hint is None  # older model servers still parse


def test_an_era_hint_fills_its_field_and_never_a_persons_value() -> None:
    partner = uuid.uuid4()
    hint = Estimate("era_hint", "1980s", 0.45, "musicnn", "0.1.0")
    empty = SoundRecording(uuid.uuid4(), partner, "Synth ballad")

    assert may_apply(empty, hint, floor=0.8)
    filled, changes = apply_estimates(empty, [hint], now=NOW)
    assert filled.era_hint == "1980s"
    assert filled.provenance["era_hint"].source is Source.AI
    assert filled.provenance["era_hint"].confidence == 0.45
    assert [c.field for c in changes] == ["era_hint"]
    assert "release_date" not in {c.field for c in changes}

    person = Provenance(Source.HUMAN, NOW, actor="editor@label.example")
    held = SoundRecording(
        uuid.uuid4(), partner, "Held", era_hint="1990s", provenance={"era_hint": person}
    )
    assert not may_apply(held, Estimate("era_hint", "1980s", 0.99, "musicnn", "0.1.0"), floor=0.8)


def test_an_unsure_era_hint_does_not_replace_a_surer_one() -> None:
    earlier = Provenance(Source.AI, NOW, model="musicnn", model_version="0.1.0", confidence=0.5)
    track = SoundRecording(
        uuid.uuid4(), uuid.uuid4(), "T", era_hint="1990s", provenance={"era_hint": earlier}
    )

    assert not may_apply(track, Estimate("era_hint", "1960s", 0.3, "musicnn", "0.1.0"), 0.8)
    assert may_apply(track, Estimate("era_hint", "1960s", 0.6, "musicnn", "0.1.0"), 0.8)
