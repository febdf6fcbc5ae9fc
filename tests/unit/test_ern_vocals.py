"""Vocal or instrumental in DDEX (issue 18 item 2). ERN 4.3 deprecates SoundRecording/
IsInstrumental and "recommends against using it" (the XSD's own words), so an instrumental is
said with LanguageOfPerformance ``zxx`` (no linguistic content); ERN 3.8.2's IsInstrumental is not
deprecated and is written. An AI reading below 0.80 stays out of deliveries. Valid against the
official XSDs, and read back by the importer."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from shared.domain.bundles import ReleaseBundle
from shared.domain.provenance import Provenance, Source
from shared.ern.model import Envelope, Flow, MessageParty, build_messages
from shared.ern.readers import read_ern43, read_ern382
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import SchemaCatalog
from shared.ern.validation import ErnValidator
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle

DDEX = SHARED_RESOURCES / "standards" / "ddex"
AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ENVELOPE = Envelope(
    MessageParty("PADPIDA2007050901U", "Example Records"),
    MessageParty("PADPIDA2009101501Y", "Example Store"),
    AT,
    Flow.NEW,
    None,
)
PERSON = Provenance(Source.HUMAN, AT, actor="anna")


def _ai(confidence: float) -> Provenance:
    return Provenance(Source.AI, AT, model="musicnn", confidence=confidence)


def _with_vocals(bundle: ReleaseBundle) -> ReleaseBundle:
    """Track 1 instrumental (a person said so), 2 vocal (AI, sure), 3 instrumental (AI, unsure),
    4 instrumental with a language set (the language wins)."""
    readings = [
        ("instrumental", PERSON, None),
        ("vocal", _ai(0.93), None),
        ("instrumental", _ai(0.55), None),
        ("instrumental", _ai(0.95), "fr"),
    ]
    tracks = list(bundle.tracks)
    for index, (vocals, source, language) in enumerate(readings):
        tracks[index] = replace(
            tracks[index], vocals=vocals, language=language, provenance={"vocals": source}
        )
    return replace(bundle, tracks=tuple(tracks))


def _recordings(xml: bytes) -> list[tuple[str | None, str | None]]:
    root = parse_xml(xml)
    return [
        (r.findtext("IsInstrumental"), r.findtext("LanguageOfPerformance"))
        for r in root.iter("SoundRecording")
    ]


@pytest.mark.parametrize("version", ["4.3", "3.8.2"])
def test_a_message_with_vocals_validates_against_the_xsd(version: str) -> None:
    message = build_messages(_with_vocals(album_bundle(tracks=4)), ENVELOPE, (version,))[0]

    report = ErnValidator(SchemaCatalog(DDEX)).validate_bytes(message.xml)

    assert [f.render() for f in report.findings] == []


def test_ern43_says_instrumental_with_zxx_never_the_deprecated_flag() -> None:
    bundle = _with_vocals(album_bundle(tracks=4))
    message = build_messages(bundle, ENVELOPE, ("4.3",))[0]

    assert _recordings(message.xml)[:4] == [
        (None, "zxx"),  # a person said instrumental
        (None, None),  # vocal: nothing to say without a language
        (None, None),  # the AI's unsure instrumental stays out
        (None, "fr"),
    ]


def test_ern382_writes_is_instrumental_for_deliverable_readings() -> None:
    message = build_messages(_with_vocals(album_bundle(tracks=4)), ENVELOPE, ("3.8.2",))[0]

    assert _recordings(message.xml)[:4] == [
        ("true", None),
        ("false", None),
        (None, None),
        ("true", "fr"),
    ]


@pytest.mark.parametrize(("version", "reader"), [("4.3", read_ern43), ("3.8.2", read_ern382)])
def test_the_importer_reads_instrumental_back(version: str, reader: object) -> None:
    message = build_messages(
        _with_vocals(album_bundle(tracks=4, with_artwork=False)), ENVELOPE, (version,)
    )
    read = reader(parse_xml(message[0].xml), uuid.uuid4())  # type: ignore[operator]

    tracks = read.bundle.tracks
    assert read.problems == []
    assert [(t.vocals, t.language) for t in tracks[:4]] == [
        ("instrumental", None),  # zxx is not a language the catalog keeps
        ("vocal" if version == "3.8.2" else None, None),
        (None, None),
        ("instrumental" if version == "3.8.2" else None, "fr"),
    ]


def test_a_43_message_from_another_tool_with_is_instrumental_is_understood() -> None:
    message = build_messages(album_bundle(with_artwork=False), ENVELOPE, ("4.3",))[0]
    text = message.xml.decode()
    marker = "<Duration>"
    flagged = text.replace(marker, "<IsInstrumental>true</IsInstrumental>" + marker, 1)

    read = read_ern43(parse_xml(flagged.encode()), uuid.uuid4())

    assert read.bundle is not None
    assert read.bundle.tracks[0].vocals == "instrumental"
