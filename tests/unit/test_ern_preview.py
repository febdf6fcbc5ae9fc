"""The suggested preview clip in DDEX ERN 4.3 (issue 18 item 4): SoundRecordingEdition/
TechnicalDetails/ClipDetails, valid against the official XSD, and read back by the importer."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from shared.domain.bundles import ReleaseBundle
from shared.ern.model import Envelope, Flow, MessageParty, build_messages
from shared.ern.readers import read_ern43
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


def _with_previews(bundle: ReleaseBundle) -> ReleaseBundle:
    tracks = list(bundle.tracks)
    tracks[0] = replace(tracks[0], preview_start_s=42.5, duration_ms=200_000)
    tracks[-1] = replace(tracks[-1], preview_start_s=190.0, duration_ms=200_000)  # 10 s left
    return replace(bundle, tracks=tuple(tracks))


@pytest.mark.parametrize("version", ["4.3", "3.8.2"])
def test_a_message_with_preview_clips_validates_against_the_xsd(version: str) -> None:
    message = build_messages(_with_previews(album_bundle()), ENVELOPE, (version,))[0]

    report = ErnValidator(SchemaCatalog(DDEX)).validate_bytes(message.xml)

    assert [f.render() for f in report.findings] == []


def test_the_clip_is_a_preview_with_its_start_and_length() -> None:
    message = build_messages(_with_previews(album_bundle()), ENVELOPE, ("4.3",))[0]
    root = parse_xml(message.xml)

    clips = root.findall(".//SoundRecordingEdition/TechnicalDetails/ClipDetails")
    timings = [
        (c.findtext("ClipType"), c.findtext("Timing/StartPoint"), c.findtext("Timing/DurationUsed"))
        for c in clips
    ]
    assert timings == [("Preview", "42.5", "PT30S"), ("Preview", "190.0", "PT10S")]
    assert {c.findtext("ExpressionType") for c in clips} == {"Instructive"}


def test_export_import_export_keeps_the_preview_start() -> None:
    first = build_messages(_with_previews(album_bundle(with_artwork=False)), ENVELOPE, ("4.3",))[0]

    read = read_ern43(parse_xml(first.xml), uuid.uuid4())
    assert read.bundle is not None
    second = build_messages(read.bundle, ENVELOPE, ("4.3",))[0]

    assert read.problems == []
    assert read.bundle.tracks[0].preview_start_s == 42.5
    assert second.xml == first.xml
