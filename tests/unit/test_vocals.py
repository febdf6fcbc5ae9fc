"""Vocals and vocal gender from musicnn's tags (issue 18): the reading, the wire form, the rule
that AI never overwrites a person's value."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from inference.tagging import voice_of
from shared.domain.analyses import Estimate
from shared.domain.enrichment import AudioAnalysis, Label
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording
from shared.errors import InvalidField
from shared.services.analysis.applying import apply_estimates, may_apply
from tests.support.analyses import analysis_with

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_instrumental_when_the_no_voice_tags_win() -> None:
    vocals, gender = voice_of({"no vocals": 0.6, "instrumental": 0.3, "vocal": 0.2, "male": 0.1})
    assert vocals == ("instrumental", 0.75)
    assert gender is None  # no gender for an instrumental


def test_vocal_with_one_gender_or_mixed() -> None:
    assert voice_of({"female vocalists": 0.4, "male": 0.05, "no vocals": 0.1}) == (
        ("vocal", 0.8),
        ("female", 0.889),
    )
    vocals, gender = voice_of({"vocal": 0.5, "female": 0.3, "male voice": 0.25})
    assert vocals == ("vocal", 1.0)
    assert gender is not None
    assert gender[0] == "mixed"


def test_no_voice_tags_no_value() -> None:
    assert voice_of({"rock": 0.9}) == (None, None)


def test_vocals_and_the_embedding_travel_on_the_wire_and_become_estimates() -> None:
    analysis = analysis_with(
        vocals=Label("vocal", 0.9),
        vocal_gender=Label("female", 0.7),
        embedding=(0.6, 0.8),
        engines={"vocals": "musicnn 0.1.0", "vocal_gender": "musicnn 0.1.0"},
    )
    again = AudioAnalysis.from_json(analysis.to_json())
    assert again == analysis
    by_field = {e.field: e for e in again.estimates()}
    assert by_field["vocals"] == Estimate("vocals", "vocal", 0.9, "musicnn", "0.1.0")
    assert by_field["vocal_gender"].value == "female"
    assert "embedding" not in by_field  # stored beside the estimates, not as one
    older = {k: v for k, v in analysis.to_json().items() if k not in ("vocals", "embedding")}
    assert AudioAnalysis.from_json(older).vocals is None  # answers of older servers still parse


def test_ai_vocals_fill_an_empty_field_and_never_a_persons() -> None:
    partner = uuid.uuid4()
    estimate = Estimate("vocals", "instrumental", 0.55, "musicnn", "0.1.0")
    empty = SoundRecording(uuid.uuid4(), partner, "Empty")
    assert may_apply(empty, estimate, floor=0.8)
    filled, changes = apply_estimates(empty, [estimate], now=NOW)
    assert filled.vocals == "instrumental"
    assert filled.provenance["vocals"].source is Source.AI
    assert filled.provenance["vocals"].model == "musicnn"
    assert filled.provenance["vocals"].confidence == 0.55
    assert [c.field for c in changes] == ["vocals"]

    person = Provenance(Source.HUMAN, NOW, actor="editor@label.example")
    edited = SoundRecording(
        uuid.uuid4(), partner, "Edited", vocals="vocal", provenance={"vocals": person}
    )
    sure = Estimate("vocals", "instrumental", 0.99, "musicnn", "0.1.0")
    assert not may_apply(edited, sure, floor=0.8)


def test_a_track_refuses_values_outside_the_vocabulary() -> None:
    with pytest.raises(InvalidField, match="vocals"):
        SoundRecording(uuid.uuid4(), uuid.uuid4(), "Odd", vocals="hummed")
    with pytest.raises(InvalidField, match="vocal_gender"):
        SoundRecording(uuid.uuid4(), uuid.uuid4(), "Odd", vocal_gender="choir")


def test_no_gender_for_a_track_a_person_called_instrumental() -> None:
    person = Provenance(Source.HUMAN, NOW, actor="editor@label.example")
    track = SoundRecording(
        uuid.uuid4(), uuid.uuid4(), "Plain", vocals="instrumental", provenance={"vocals": person}
    )
    assert not may_apply(track, Estimate("vocal_gender", "female", 0.9, "musicnn", "0.1.0"), 0.8)


def test_an_ai_instrumental_takes_the_ais_gender_with_it_never_a_persons() -> None:
    ai = Provenance(Source.AI, NOW, model="musicnn", model_version="0.1.0", confidence=0.6)
    person = Provenance(Source.HUMAN, NOW, actor="editor@label.example")
    instrumental = Estimate("vocals", "instrumental", 0.9, "musicnn", "0.1.0")
    guessed = SoundRecording(
        uuid.uuid4(),
        uuid.uuid4(),
        "Guessed",
        vocals="vocal",
        vocal_gender="female",
        provenance={"vocals": ai, "vocal_gender": ai},
    )
    after, changes = apply_estimates(guessed, [instrumental], now=NOW)
    assert (after.vocals, after.vocal_gender) == ("instrumental", None)
    assert "vocal_gender" not in after.provenance
    assert {c.field for c in changes} == {"vocals", "vocal_gender"}

    told = SoundRecording(
        uuid.uuid4(),
        uuid.uuid4(),
        "Told",
        vocals="vocal",
        vocal_gender="male",
        provenance={"vocals": ai, "vocal_gender": person},
    )
    after, _ = apply_estimates(told, [instrumental], now=NOW)
    assert after.vocal_gender == "male"  # a person's value stays, even beside an AI's vocals
