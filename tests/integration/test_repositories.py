"""Repositories round-trip domain objects; soft delete hides; stale writes conflict."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest

from shared.bootstrap import Services
from shared.domain.assets import Asset, TechnicalFacts
from shared.domain.deals import Deal
from shared.domain.identifiers import Gtin, IpiNameNumber, Isrc, Iswc
from shared.domain.music import MusicalKey
from shared.domain.parties import Party, PartyKind
from shared.domain.partners import Partner
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import Contributor, SoundRecording
from shared.domain.releases import CopyrightLine, Release
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
)
from shared.errors import Conflict, NotFound


def test_a_full_track_round_trips_with_contributors_and_provenance(
    services: Services, partner: Partner, now: datetime
) -> None:
    producer = Party(uuid.uuid4(), partner.id, "Jane Producer", PartyKind.PERSON)
    release = Release(
        uuid.uuid4(),
        partner.id,
        "The Album",
        upc=Gtin.parse("036000291452"),
        release_date=date(2026, 3, 1),
        p_line=CopyrightLine("Acme", 2026),
    )
    track = SoundRecording(
        uuid.uuid4(),
        partner.id,
        "Opening",
        isrc=Isrc.parse("GB-UV7-12-00495"),
        release_id=release.id,
        duration_ms=215_000,
        contributors=(Contributor(producer.id, "Jane Producer", "StudioProducer"),),
        moods=("happy", "energetic"),
        bpm=128.0,
        key=MusicalKey.parse("Am"),
        explicit=False,
        disc_number=1,
        track_number=1,
        provenance={
            "bpm": Provenance(Source.AI, now, model="librosa", model_version="1.0", confidence=0.9)
        },
    )
    with services.uow() as uow:
        uow.parties.add(producer, now=now)
        uow.releases.add(release, now=now)
        uow.tracks.add(track, now=now)

    with services.uow() as uow:
        loaded = uow.tracks.get(partner.id, track.id)
        by_isrc = uow.tracks.find_by_isrc(partner.id, Isrc.parse("GBUV71200495"))
        on_release = uow.tracks.of_release(partner.id, release.id)

    assert loaded == track
    assert loaded.provenance == track.provenance
    assert [t.id for t in by_isrc] == [track.id] == [t.id for t in on_release]


def test_works_keep_writers_publishers_and_shares(
    services: Services, partner: Partner, now: datetime
) -> None:
    writer = Party(
        uuid.uuid4(), partner.id, "Ann Writer", ipi_name_number=IpiNameNumber.parse("00000000199")
    )
    publisher = Party(uuid.uuid4(), partner.id, "Pub Co")
    work = MusicalWork(
        uuid.uuid4(),
        partner.id,
        "Song",
        iswc=Iswc.parse("T-034.524.680-1"),
        writers=(
            WorkWriter(
                writer.id,
                "Ann Writer",
                WriterRole.COMPOSER_AUTHOR,
                Shares(Decimal(50), Decimal(0), Decimal(0)),
                IpiNameNumber.parse("00000000199"),
            ),
        ),
        publishers=(
            WorkPublisher(
                publisher.id,
                "Pub Co",
                PublisherRole.ORIGINAL_PUBLISHER,
                Shares(Decimal(50), Decimal(100), Decimal(100)),
            ),
        ),
    )
    with services.uow() as uow:
        uow.parties.add(writer, now=now)
        uow.parties.add(publisher, now=now)
        uow.works.add(work, now=now)

    with services.uow() as uow:
        loaded = uow.works.find_by_iswc(partner.id, Iswc.parse("T0345246801"))

    assert loaded == [work]
    assert loaded[0].share_problems() == []


def test_deals_and_assets_round_trip(services: Services, partner: Partner, now: datetime) -> None:
    release = Release(uuid.uuid4(), partner.id, "Single", release_type="Single")
    deal = Deal(
        uuid.uuid4(),
        partner.id,
        release.id,
        frozenset({"SubscriptionModel"}),
        frozenset({"OnDemandStream", "Stream"}),
        date(2026, 1, 1),
        territories=frozenset({"US", "CA"}),
    )
    asset = Asset(
        uuid.uuid4(),
        partner.id,
        "uploads",
        "a/b.flac",
        1_700_000_000_000_000,
        1234,
        now,
        sha256="ab" * 32,
        format="flac",
        technical=TechnicalFacts("flac", "flac", 12.5, 44100, 16, 2, 900_000, False, True),
    )
    with services.uow() as uow:
        uow.releases.add(release, now=now)
        uow.deals.add(deal, now=now)
        uow.assets.add(asset, now=now)

    with services.uow() as uow:
        assert uow.deals.of_release(partner.id, release.id) == [deal]
        assert (
            uow.assets.find_by_object(partner.id, "uploads", "a/b.flac", 1_700_000_000_000_000)
            == asset
        )
        assert uow.assets.find_by_sha256(partner.id, "ab" * 32) == [asset]


def test_soft_deleted_objects_are_hidden_until_restored(
    services: Services, partner: Partner, now: datetime
) -> None:
    track = SoundRecording(uuid.uuid4(), partner.id, "Gone")
    with services.uow() as uow:
        uow.tracks.add(track, now=now)
        uow.tracks.soft_delete(partner.id, track.id, now=now)

    with services.uow() as uow:
        assert uow.tracks.find(partner.id, track.id) is None
        uow.tracks.restore(partner.id, track.id, now=now)
    with services.uow() as uow:
        assert uow.tracks.get(partner.id, track.id) == track


def test_another_partners_object_is_not_found(
    services: Services, partner: Partner, now: datetime
) -> None:
    track = SoundRecording(uuid.uuid4(), partner.id, "Mine")
    with services.uow() as uow:
        uow.tracks.add(track, now=now)

    with services.uow() as uow, pytest.raises(NotFound):
        uow.tracks.get(uuid.uuid4(), track.id)


def test_a_stale_version_is_a_conflict(services: Services, partner: Partner, now: datetime) -> None:
    track = SoundRecording(uuid.uuid4(), partner.id, "Draft")
    with services.uow() as uow:
        uow.tracks.add(track, now=now)
        assert uow.tracks.save(track, now=now, expected_version=1) == 2

    with services.uow() as uow, pytest.raises(Conflict, match="is at version 2, not 1"):
        uow.tracks.save(track, now=now, expected_version=1)


def test_a_failed_unit_of_work_writes_nothing(
    services: Services, partner: Partner, now: datetime
) -> None:
    track = SoundRecording(uuid.uuid4(), partner.id, "Half")

    def add_then_fail() -> None:
        with services.uow() as uow:
            uow.tracks.add(track, now=now)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        add_then_fail()

    with services.uow() as uow:
        assert uow.tracks.find(partner.id, track.id) is None
