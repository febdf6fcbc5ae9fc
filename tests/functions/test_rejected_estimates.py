"""A person's "no" to an AI value outlives a re-analysis (issue 17): the analyze entry point fed
the envelope Eventarc pushes, on real audio analysed by the real local models.

Pub/Sub cannot run here: the envelope copies what Eventarc delivers (tests/data).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from shared.bootstrap import Services
from shared.domain.audit import Actor, ActorType
from shared.domain.partners import Partner
from shared.domain.provenance import Source
from tests.functions.analysis_helpers import analysis_event, function_client, make_services, seed

__all__ = ["make_services"]
pytestmark = pytest.mark.slow
TRUMPET = "librosa-data/sorohanro_-_solo-trumpet-06.hq.ogg"


def test_a_rejected_ai_value_is_neither_applied_nor_suggested_again_by_a_reanalysis(
    make_services: Callable[..., Services], partner: Partner, now: datetime
) -> None:
    services = make_services()
    seeded = seed(services, partner, now, fixture=TRUMPET)
    headers, body = analysis_event(seeded.request(now))
    assert function_client().post("/", headers=headers, data=body).status_code == 200
    with services.uow() as uow:
        [genre] = [
            s for s in uow.analyses.of_track(partner.id, seeded.track.id)
            if s.estimate.field == "genre"
        ]  # fmt: skip
    assert genre.applied  # the empty field was filled: "jazz", by musicnn
    assert genre.id is not None
    services.catalog.review_estimate(
        partner.id,
        seeded.track.id,
        genre.id,
        accept=False,
        actor=Actor(ActorType.USER, "editor@label.example"),
        now=now,
    )

    headers, body = analysis_event(seeded.request(now, attempt=2))
    assert function_client().post("/", headers=headers, data=body).status_code == 200

    with services.uow() as uow:
        track = uow.tracks.get(partner.id, seeded.track.id)
        genres = [
            s for s in uow.analyses.of_track(partner.id, seeded.track.id)
            if s.estimate.field == "genre"
        ]  # fmt: skip
    assert track.genre is None
    assert track.provenance["genre"].source is Source.HUMAN
    assert [(g.estimate.value, g.review, g.applied) for g in genres] == [
        (genre.estimate.value, "rejected", False),
        (genre.estimate.value, "rejected", False),
    ]
    assert track.bpm is not None  # the other values of the re-analysis still apply
