"""A DDEX import keeps the values a person set, as a CSV import does, unless told to overwrite.

Before, a re-delivered message wrote its values over a label's corrections whatever the import
panel's "Keep values a person set" said. The message here is DDEX's official ERN 4.3 sample
(another tool's file), imported, corrected by a person, and imported again.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.identifiers import Gtin
from shared.domain.partners import Partner
from shared.domain.provenance import Source
from shared.domain.search import CatalogQuery
from shared.services.catalog import BulkEdit
from shared.services.import_runs import ImportOptions
from tests.conftest import SHARED_RESOURCES

ACTOR = Actor.system("tests")
SAMPLE = SHARED_RESOURCES / "standards/ddex/samples/ern43/1_Audio.xml"


def _import(services: Services, partner: Partner, now: datetime, **options: Any) -> dict:  # type: ignore[type-arg]
    data = SAMPLE.read_bytes()
    doc = services.imports.run_file(
        partner.id, SAMPLE.name, lambda: io.BytesIO(data), len(data), ImportOptions(**options),
        ACTOR, now=now,
    )  # fmt: skip
    assert doc["state"] == "succeeded", doc
    return doc


def _not_kept(services: Services, partner: Partner, doc: dict) -> list[list[str]]:  # type: ignore[type-arg]
    with services.imports.read_report(partner.id, doc["id"]) as stream:
        rows = list(csv.reader(io.StringIO(stream.read().decode())))
    return [row for row in rows[1:] if "a person set" in row[2]]


def _corrected(services: Services, partner: Partner, now: datetime) -> tuple[Any, Any, str, int]:
    """The sample imported, then its release's title and first track's title and genre set by
    a person; the release, the track, the title the message gives the track and how many
    things the first import noted as not kept (what ERN holds that the catalog does not)."""
    first = _import(services, partner, now)
    with services.uow() as uow:
        release = uow.releases.find_by_upc(partner.id, Gtin("00094631432057"))[0]
        track = uow.tracks.of_release(partner.id, release.id)[0]
    services.catalog.bulk_edit(
        "track", partner.id, CatalogQuery(ids=(track.id,)),
        BulkEdit(set={"title": "Corrected Title", "genre": "Jazz"}), actor=ACTOR, now=now,
    )  # fmt: skip
    services.catalog.bulk_edit(
        "release", partner.id, CatalogQuery(ids=(release.id,)),
        BulkEdit(set={"title": "Corrected Album"}), actor=ACTOR, now=now,
    )  # fmt: skip
    return release, track, track.title, first["counts"]["not_kept"]


def test_a_second_delivery_keeps_what_a_person_corrected_and_says_so(
    services: Services, partner: Partner, now: datetime
) -> None:
    release, track, message_title, noted_before = _corrected(services, partner, now)

    doc = _import(services, partner, now)

    with services.uow() as uow:
        kept_track = uow.tracks.get(partner.id, track.id)
        kept_release = uow.releases.get(partner.id, release.id)
    assert kept_track.title == "Corrected Title"
    assert kept_track.provenance["title"].source is Source.HUMAN
    assert kept_release.title == "Corrected Album"
    assert kept_track.isrc == track.isrc  # the rest of the message still applies
    assert kept_track.provenance["isrc"].source is Source.IMPORT
    assert _not_kept(services, partner, doc) == [  # the file's only message, row 1
        ["1", "1_Audio.xml: release 00094631432057 title",
         f"not kept: a person set Corrected Album; the message's {release.title} was kept out "
         "(choose overwrite to apply it)"],
        ["1", f"1_Audio.xml: track {track.isrc} title",
         f"not kept: a person set Corrected Title; the message's {message_title} was kept out "
         "(choose overwrite to apply it)"],
        ["1", f"1_Audio.xml: track {track.isrc} genre",
         f"not kept: a person set Jazz; the message's {track.genre} was kept out "
         "(choose overwrite to apply it)"],
    ]  # fmt: skip
    assert doc["counts"]["not_kept"] == noted_before + 3


def test_overwrite_applies_the_messages_values_over_a_persons(
    services: Services, partner: Partner, now: datetime
) -> None:
    release, track, message_title, noted_before = _corrected(services, partner, now)

    doc = _import(services, partner, now, keep_person_values=False)

    with services.uow() as uow:
        replaced = uow.tracks.get(partner.id, track.id)
        replaced_release = uow.releases.get(partner.id, release.id)
    assert replaced.title == message_title
    assert replaced.provenance["title"].source is Source.IMPORT
    assert replaced_release.title == release.title
    assert _not_kept(services, partner, doc) == []
    assert doc["counts"]["not_kept"] == noted_before
