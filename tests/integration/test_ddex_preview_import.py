"""A DDEX import and the preview clip (issue 18 item 4): a message's Preview clip is kept with
import provenance; a message without one leaves the catalog's preview (and vocals) alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.domain.provenance import Source
from shared.services.ddex_import import BundleImporter
from tests.support.catalog import album_bundle

ACTOR = Actor.system("tests")


def _import(services: Services, partner: Partner, bundle: object, now: datetime) -> None:
    with services.uow() as uow:
        BundleImporter(uow, partner.id, now=now, actor=ACTOR, detail="test.xml").save(bundle)  # type: ignore[arg-type]


def test_a_message_sets_the_preview_and_one_without_leaves_it(
    services: Services, partner: Partner, now: datetime
) -> None:
    plain = album_bundle(partner.id, with_artwork=False)
    first = plain.tracks[0]
    with_clip = replace(plain, tracks=(replace(first, preview_start_s=42.5), *plain.tracks[1:]))
    _import(services, partner, with_clip, now)
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, first.id)
        assert track.preview_start_s == 42.5
        assert track.provenance["preview_start_s"].source is Source.IMPORT
        uow.tracks.save(replace(track, vocals="vocal"), now=now)

    _import(services, partner, plain, now)  # the same release again, no ClipDetails

    with services.uow() as uow:
        track = uow.tracks.get(partner.id, first.id)
    assert track.preview_start_s == 42.5
    assert track.vocals == "vocal"
