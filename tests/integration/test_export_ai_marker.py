"""CSV and JSON exports tell unreviewed AI values from checked ones (issue 17): each row ends
with ai_unreviewed, the fields an AI set and no person reviewed; real PostgreSQL COPY."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import datetime

import pytest

from shared.bootstrap import Services
from shared.domain.analyses import Estimate
from shared.domain.audit import Actor, ActorType
from shared.domain.partners import Partner
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import SoundRecording
from shared.domain.records import StoredEstimate
from shared.errors import InvalidField
from shared.services.analysis.applying import apply_estimates
from shared.services.exports import ExportFormat, ExportRequest, request_from_json

ACTOR = Actor.system("tests")
PERSON = Actor(ActorType.USER, "editor@label.example")


def _export(services: Services, partner: Partner, request: ExportRequest, now: datetime) -> str:
    doc = services.exports.run_now(partner.id, request, ACTOR, now=now)
    assert doc["state"] == "succeeded", doc
    with services.exports.open_output(partner.id, doc["id"]) as stream:
        return stream.read().decode()


def _seed(services: Services, partner: Partner, now: datetime) -> uuid.UUID:
    """'Guessed': BPM and genre by AI; 'Checked': a person's genre, an AI key."""
    guessed = SoundRecording(uuid.uuid4(), partner.id, "Guessed")
    checked = SoundRecording(
        uuid.uuid4(),
        partner.id,
        "Checked",
        genre="Dub",
        provenance={"genre": Provenance(Source.HUMAN, now, "editor@label.example")},
    )
    bpm = Estimate("bpm", 172.0, 0.66, "catalog-tempo", "2")
    with services.uow() as uow:
        for track, estimates in (
            (guessed, [bpm, Estimate("genre", "Jazz", 0.9, "musicnn", "0.1.0")]),
            (checked, [Estimate("key", "A minor", 0.85, "catalog-key", "1")]),
        ):
            uow.tracks.add(track, now=now)
            applied, _ = apply_estimates(track, estimates, now=now)
            uow.tracks.save(applied, now=now)
        uow.analyses.add(
            partner.id, [StoredEstimate(bpm, None, guessed.id, "primary", 1.0, 0.0, True, now)]
        )
    return guessed.id


def test_csv_and_json_name_each_rows_unreviewed_ai_fields_until_a_person_accepts_one(
    services: Services, partner: Partner, now: datetime
) -> None:
    guessed = _seed(services, partner, now)

    csv_text = _export(services, partner, ExportRequest(ExportFormat.CSV), now)
    json_text = _export(services, partner, ExportRequest(ExportFormat.JSON), now)
    with services.uow() as uow:
        [bpm] = uow.analyses.of_track(partner.id, guessed)
    assert bpm.id is not None
    services.catalog.review_estimate(
        partner.id, guessed, bpm.id, accept=True, actor=PERSON, now=now
    )
    after = _export(services, partner, ExportRequest(ExportFormat.CSV, preset="dsp-track"), now)

    header = csv_text.splitlines()[0].split(",")
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    objects = {o["title"]: o for o in map(json.loads, json_text.splitlines())}
    accepted = {r["Song Title"]: r for r in csv.DictReader(io.StringIO(after))}
    assert header[-1] == "ai_unreviewed"
    assert rows["Guessed"]["ai_unreviewed"] == "bpm;genre"
    assert rows["Checked"]["ai_unreviewed"] == "key"  # the person's genre is not listed
    assert objects["Guessed"]["ai_unreviewed"] == ["bpm", "genre"]
    assert objects["Checked"]["ai_unreviewed"] == ["key"]
    assert accepted["Guessed"]["ai_unreviewed"] == "genre"  # BPM is a person's now
    assert accepted["Guessed"]["Tempo"] == "172"


def test_the_marker_column_can_be_left_out_for_a_template_that_must_match_exactly(
    services: Services, partner: Partner, now: datetime
) -> None:
    _seed(services, partner, now)
    request = request_from_json({"format": "csv", "preset": "distributor", "ai_unreviewed": False})

    text = _export(services, partner, request, now)

    assert "ai_unreviewed" not in text.splitlines()[0]
    assert text.splitlines()[0].endswith(",Language")
    with pytest.raises(InvalidField, match="ai_unreviewed"):
        request_from_json({"format": "csv", "ai_unreviewed": "no"})
