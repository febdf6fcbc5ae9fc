"""Small, realistic catalog objects for tests: an album with tracks, parties, works and deals."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from uuid import UUID

from shared.domain.assets import Asset, TechnicalFacts
from shared.domain.bundles import ReleaseBundle
from shared.domain.deals import Deal
from shared.domain.identifiers import Gtin, IpiNameNumber, Isni, Isrc, Iswc
from shared.domain.parties import Party, PartyKind
from shared.domain.recordings import Contributor, SoundRecording
from shared.domain.releases import Artwork, CopyrightLine, Release
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
)

ISRCS = ["GBUV71200495", "USRC17607839", "QZABC2500001", "GBAYC1700598"]


def album_bundle(
    partner_id: UUID | None = None, *, tracks: int = 3, with_artwork: bool = True
) -> ReleaseBundle:
    """A three-track album by "The Examples" with a writer, a producer and a worldwide deal."""
    partner = partner_id or uuid.uuid4()
    release_id = uuid.uuid4()
    artist = Party(
        uuid.uuid4(),
        partner,
        "The Examples",
        PartyKind.ORGANIZATION,
        isni=Isni.parse("0000000121032683"),
    )
    producer = Party(uuid.uuid4(), partner, "Pat Producer", PartyKind.PERSON)
    writer = Party(
        uuid.uuid4(),
        partner,
        "Wendy Writer",
        PartyKind.PERSON,
        ipi_name_number=IpiNameNumber.parse("00000000199"),
    )
    publisher = Party(
        uuid.uuid4(),
        partner,
        "Example Songs",
        PartyKind.ORGANIZATION,
        ipi_name_number=IpiNameNumber.parse("00000000297"),
    )
    work = MusicalWork(
        uuid.uuid4(),
        partner,
        "First Song",
        iswc=Iswc.parse("T-034.524.680-1"),
        writers=(
            WorkWriter(
                writer.id,
                writer.name,
                WriterRole.COMPOSER_AUTHOR,
                Shares(Decimal(50), Decimal(50), Decimal(50)),
                writer.ipi_name_number,
                publisher_party_id=publisher.id,
            ),
        ),
        publishers=(
            WorkPublisher(
                publisher.id,
                publisher.name,
                PublisherRole.ORIGINAL_PUBLISHER,
                Shares(Decimal(50), Decimal(50), Decimal(50)),
                publisher.ipi_name_number,
            ),
        ),
    )
    release = Release(
        release_id,
        partner,
        "Example Album",
        release_type="Album",
        upc=Gtin.parse("036000291452"),
        display_artist="The Examples",
        label_name="Example Records",
        release_date=date(2026, 3, 6),
        original_release_date=date(2026, 3, 6),
        p_line=CopyrightLine("Example Records", 2026),
        c_line=CopyrightLine("Example Records", 2026),
        genre="Pop",
        parental_advisory="NotExplicit",
        artwork=Artwork("audio", "covers/example.jpg", "image/jpeg", 3000, 3000, 1_200_000)
        if with_artwork
        else None,
    )
    recordings = []
    assets = []
    for number in range(1, tracks + 1):
        asset = Asset(
            uuid.uuid4(),
            partner,
            "audio",
            f"track{number}.flac",
            1,
            30_000_000,
            created_at=release.release_date and _noon(),
            technical=TechnicalFacts("flac", "flac", 200.0, 44100, 16, 2, None, False, True),
        )
        assets.append(asset)
        recordings.append(
            SoundRecording(
                uuid.uuid4(),
                partner,
                ["First Song", "Second Song", "Third Song", "Fourth Song"][number - 1],
                isrc=Isrc.parse(ISRCS[number - 1]),
                display_artist="The Examples",
                duration_ms=200_000 + number * 1000,
                release_id=release_id,
                work_id=work.id if number == 1 else None,
                asset_id=asset.id,
                contributors=(
                    Contributor(artist.id, artist.name, "MainArtist", 1),
                    Contributor(producer.id, producer.name, "StudioProducer", 2),
                ),
                genre="Pop",
                explicit=False,
                language="en",
                disc_number=1,
                track_number=number,
                p_line=CopyrightLine("Example Records", 2026),
            )
        )
    deal = Deal(
        uuid.uuid4(),
        partner,
        release_id,
        frozenset({"SubscriptionModel"}),
        frozenset({"OnDemandStream", "NonInteractiveStream"}),
        date(2026, 3, 6),
    )
    return ReleaseBundle(
        release,
        tuple(recordings),
        (deal,),
        (artist, producer, writer, publisher),
        (work,),
        tuple(assets),
    )


def _noon():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def store_bundle(services, bundle: ReleaseBundle, now):  # type: ignore[no-untyped-def]
    """Write a bundle into the catalog through the repositories (as the API would)."""
    with services.uow() as uow:
        for party in bundle.parties:
            uow.parties.add(party, now=now)
        for work in bundle.works:
            uow.works.add(work, now=now)
        uow.releases.add(bundle.release, now=now)
        for asset in bundle.assets:
            uow.assets.add(asset, now=now)
        for track in bundle.tracks:
            uow.tracks.add(track, now=now)
        for deal in bundle.deals:
            uow.deals.add(deal, now=now)
    return bundle


def _cover_jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 3000), (30, 60, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


def store_album_with_files(services, partner_id: UUID, now):  # type: ignore[no-untyped-def]
    """album_bundle stored with its audio (kept copies in the audio bucket, as ingest keeps them,
    a few kilobytes each) and a 3000 px JPEG cover in the store: a deliverable release."""
    from dataclasses import replace

    bundle = album_bundle(partner_id)
    assets = tuple(replace(a, audio_object=f"kept/{a.id}.flac") for a in bundle.assets)
    for number, asset in enumerate(assets, start=1):
        audio = b"fLaC" + bytes([number]) * (5000 + number * 777)
        services.blobs.write("audio", f"kept/{asset.id}.flac", audio, content_type="audio/flac")
    artwork = bundle.release.artwork
    assert artwork is not None
    services.blobs.write("audio", artwork.object_name, _cover_jpeg(), content_type="image/jpeg")
    return store_bundle(services, replace(bundle, assets=assets), now)
