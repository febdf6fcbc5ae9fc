"""Release artist credits in DDEX ERN 4.3 (issue 17): Release/DisplayArtist in credit order with
roles, each pointing at a Party carrying its identifiers, valid against the official XSD."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from shared.domain.bundles import ReleaseBundle
from shared.domain.parties import Party, PartyKind
from shared.domain.releases import ArtistCredit
from shared.ern.model import Envelope, Flow, MessageParty, build_messages
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import SchemaCatalog
from shared.ern.validation import ErnValidator
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle

DDEX = SHARED_RESOURCES / "standards" / "ddex"
ENVELOPE = Envelope(
    MessageParty("PADPIDA2007050901U", "Example Records"),
    MessageParty("PADPIDA2009101501Y", "Example Store"),
    datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    Flow.NEW,
    None,
)


def _with_release_artists(*, display_artist: str | None = "The Examples") -> ReleaseBundle:
    bundle = album_bundle()
    main = next(p for p in bundle.parties if p.name == "The Examples")
    guest = Party(uuid.uuid4(), bundle.release.partner_id, "Gina Guest", PartyKind.PERSON)
    release = replace(
        bundle.release,
        display_artist=display_artist,
        artists=(
            ArtistCredit(main.id, main.name, "MainArtist", 1),
            ArtistCredit(guest.id, guest.name, "FeaturedArtist", 2),
        ),
    )
    return replace(bundle, release=release, parties=(*bundle.parties, guest))


def _release_artists(xml: bytes) -> list[tuple[str | None, str | None, str | None]]:
    root = parse_xml(xml)
    names = {
        p.findtext("PartyReference"): p.findtext("PartyName/FullName")
        for p in root.findall("PartyList/Party")
    }
    main_release = root.find("ReleaseList/Release")
    assert main_release is not None
    return [
        (
            a.get("SequenceNumber"),
            names.get(a.findtext("ArtistPartyReference")),
            a.findtext("DisplayArtistRole"),
        )
        for a in main_release.findall("DisplayArtist")
    ]


def test_release_artist_credits_validate_against_the_ern_43_xsd() -> None:
    message = build_messages(_with_release_artists(), ENVELOPE, ("4.3",))[0]

    report = ErnValidator(SchemaCatalog(DDEX)).validate_bytes(message.xml)

    assert [f.render() for f in report.findings] == []


def test_the_release_credits_each_artist_in_order_with_its_role_and_isni() -> None:
    message = build_messages(_with_release_artists(), ENVELOPE, ("4.3",))[0]
    root = parse_xml(message.xml)

    assert _release_artists(message.xml) == [
        ("1", "The Examples", "MainArtist"),
        ("2", "Gina Guest", "FeaturedArtist"),
    ]
    examples = next(
        p
        for p in root.findall("PartyList/Party")
        if p.findtext("PartyName/FullName") == "The Examples"
    )
    assert examples.findtext("PartyId/ISNI") == "0000000121032683"


def test_without_display_artist_text_the_name_is_made_from_the_credits() -> None:
    message = build_messages(_with_release_artists(display_artist=None), ENVELOPE, ("4.3",))[0]

    main_release = parse_xml(message.xml).find("ReleaseList/Release")

    assert main_release is not None
    assert main_release.findtext("DisplayArtistName") == "The Examples feat. Gina Guest"
