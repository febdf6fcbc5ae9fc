"""DDEX ERN: messages that validate against the official XSDs offline, three-layer
pre-validation with locations, import -> export stability, and hostile XML refused."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from shared.domain.findings import Layer
from shared.domain.identifiers import Isrc
from shared.ern.model import Envelope, Flow, MessageParty, build_messages, writer_for
from shared.ern.readers import read_ern43, read_ern382
from shared.ern.safe_xml import MalformedXml, UnsafeXml, parse_xml
from shared.ern.schemas import ERN_43, SchemaCatalog
from shared.ern.validation import ErnValidator
from shared.errors import InvalidField
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle

DDEX = SHARED_RESOURCES / "standards" / "ddex"
SENDER = MessageParty("PADPIDA2007050901U", "Example Records")
RECIPIENT = MessageParty("PADPIDA2009101501Y", "Example Store")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def validator() -> ErnValidator:
    return ErnValidator(SchemaCatalog(DDEX))


def envelope(flow: Flow = Flow.NEW) -> Envelope:
    return Envelope(
        SENDER, RECIPIENT, NOW, flow, date(2026, 6, 1) if flow is Flow.TAKEDOWN else None
    )


@pytest.mark.parametrize("sample", sorted((DDEX / "samples").glob("*/*.xml")), ids=lambda p: p.name)
def test_the_official_samples_pass_the_xsd_offline(sample: Path) -> None:
    schemas = SchemaCatalog(DDEX)
    root = parse_xml(sample.read_bytes())
    from shared.ern.schemas import detect_version

    assert schemas.validate(root, detect_version(root)) == []


@pytest.mark.parametrize("flow", list(Flow))
@pytest.mark.parametrize("version", ["4.3", "3.8.2"])
def test_every_flow_and_version_validates_cleanly(
    validator: ErnValidator, flow: Flow, version: str
) -> None:
    message = build_messages(album_bundle(), envelope(flow), (version,))[0]

    report = validator.validate_bytes(message.xml)

    assert report.version == version
    assert [f.render() for f in report.findings] == []


def test_dual_write_gives_one_message_per_version() -> None:
    messages = build_messages(album_bundle(), envelope(), ("4.3", "3.8.2"))

    assert [m.version for m in messages] == ["4.3", "3.8.2"]
    assert b'xmlns:ern="http://ddex.net/xml/ern/43"' in messages[0].xml
    assert b'MessageSchemaVersionId="ern/382"' in messages[1].xml


def test_an_unknown_version_is_named() -> None:
    with pytest.raises(InvalidField, match="'4.1' is not supported"):
        writer_for("4.1")


def test_a_takedown_ends_every_deal_on_the_day() -> None:
    message = build_messages(album_bundle(), envelope(Flow.TAKEDOWN), ("4.3", "3.8.2"))

    assert message[0].xml.count(b"<EndDate>2026-06-01</EndDate>") == 2  # release deal + track deal
    assert b"<TakeDown>true</TakeDown>" in message[1].xml
    assert b"<UpdateIndicator>UpdateMessage</UpdateIndicator>" in message[1].xml


@pytest.mark.parametrize(("version", "reader"), [("4.3", read_ern43), ("3.8.2", read_ern382)])
def test_export_import_export_gives_the_same_message(version: str, reader: object) -> None:
    first = build_messages(album_bundle(with_artwork=False), envelope(), (version,))[0]

    read = reader(parse_xml(first.xml), uuid.uuid4())  # type: ignore[operator]
    second = build_messages(read.bundle, envelope(), (version,))[0]

    assert read.problems == []
    assert second.xml == first.xml


def test_the_official_audio_sample_imports_with_its_tracks_and_deals() -> None:
    read = read_ern43(parse_xml((DDEX / "samples/ern43/1_Audio.xml").read_bytes()), uuid.uuid4())

    assert read.bundle is not None
    assert read.bundle.release.title == "Yume no Hajmari"
    assert len(read.bundle.tracks) == 21
    assert read.bundle.tracks[0].isrc == Isrc("JPTO09404900")
    assert {t.track_number for t in read.bundle.tracks} == set(range(1, 22))
    assert read.bundle.deals[0].territories == frozenset({"JP"})


# ---------------------------------------------------------------- pre-validation layers


def _built(**changes: object) -> bytes:
    bundle = album_bundle()
    tracks = list(bundle.tracks)
    tracks[1] = replace(tracks[1], **changes)  # type: ignore[arg-type]
    return build_messages(replace(bundle, tracks=tuple(tracks)), envelope())[0].xml


def test_a_missing_isrc_is_a_business_finding_at_the_recording(validator: ErnValidator) -> None:
    report = validator.validate_bytes(_built(isrc=None))

    finding = next(f for f in report.findings if f.rule == "ddex-1058")
    assert finding.layer is Layer.BUSINESS
    assert "/NewReleaseMessage/ResourceList/SoundRecording[2]" in finding.location
    assert finding.target is not None
    assert finding.target.id == "A2"
    assert finding.target.field == "isrc"
    assert not report.valid


def test_xsd_allowed_values_and_business_rules_are_reported_separately(
    validator: ErnValidator,
) -> None:
    xml = (
        _built()
        .replace(b"<ReleaseType>Album</ReleaseType>", b"<ReleaseType>Albun</ReleaseType>")
        .replace(b"<Duration>PT3M22S</Duration>", b"<Duration>3:22</Duration>")
        .replace(b"<ICPN>036000291452</ICPN>", b"<ICPN>036000291453</ICPN>")
    )

    report = validator.validate_bytes(xml)

    by_layer = {f.layer: f for f in report.findings}
    assert (
        "ReleaseType 'Albun' is not in the DDEX allowed-value set ReleaseType_ERN4 "
        "(did you mean 'Album'?)" == by_layer[Layer.AVS].message
    )
    assert by_layer[Layer.XSD].message == "'3:22' is not a valid Duration"  # in the user's words
    assert "'3:22' is not a valid value of the atomic type 'xs:duration'" in str(
        by_layer[Layer.XSD].detail
    )  # the raw schema error, behind the technical detail
    assert any(
        "ICPN '036000291453' has check digit 3, expected 2" == f.message for f in report.findings
    )
    assert all(f.location.startswith("line ") for f in report.findings)


def test_a_message_without_deals_or_genre_says_so(validator: ErnValidator) -> None:
    bundle = album_bundle()
    xml = build_messages(
        replace(bundle, deals=(), release=replace(bundle.release, genre=None)), envelope()
    )[0].xml

    messages = {f.message for f in validator.validate_bytes(xml).findings}

    assert "the release has no deal: no store may sell or stream it" in messages
    assert "the Release has no genre (Genre/GenreText)" in messages


def test_dangling_references_and_deal_dates_are_found(validator: ErnValidator) -> None:
    xml = (
        _built()
        .replace(
            b"<ReleaseResourceReference>A3</ReleaseResourceReference>",
            b"<ReleaseResourceReference>A9</ReleaseResourceReference>",
            1,
        )
        .replace(
            b"<StartDate>2026-03-06</StartDate>",
            b"<StartDate>2026-03-06</StartDate><EndDate>2026-01-01</EndDate>",
            1,
        )
    )

    messages = [f.message for f in validator.validate_bytes(xml).findings]

    assert "ReleaseResourceReference 'A9' points at no resource declared in the message" in messages
    assert "the deal ends (2026-01-01) before it starts (2026-03-06)" in messages


def test_a_wrong_namespace_or_version_is_named(validator: ErnValidator) -> None:
    older = validator.validate_bytes(
        b'<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/41"/>'
    )
    stranger = validator.validate_bytes(b'<NewReleaseMessage xmlns="urn:example"/>')
    mislabelled = validator.validate_bytes(
        b'<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/382" '
        b'MessageSchemaVersionId="ern/41"/>'
    )

    assert older.findings[0].message == (
        "this is an ERN 4.1 message (namespace http://ddex.net/xml/ern/41); supported versions "
        "are ERN 4.3 (http://ddex.net/xml/ern/43) and ERN 3.8.2 (http://ddex.net/xml/ern/382)"
    )
    assert "namespace urn:example, not a DDEX ERN namespace" in stranger.findings[0].message
    assert (
        "MessageSchemaVersionId is 'ern/41' but the namespace is ERN 3.8.2's"
        in mislabelled.findings[0].message
    )


@pytest.mark.parametrize("typo", ["http://ddex.net/xml/ern/43/", "https://ddex.net/xml/ern/43"])
def test_a_namespace_typo_names_the_namespace_expected(validator: ErnValidator, typo: str) -> None:
    """Issue 15: it said "this is an ERN 4.3 message ...; supported versions are ERN 4.3"."""
    report = validator.validate_bytes(f'<ern:NewReleaseMessage xmlns:ern="{typo}"/>'.encode())

    assert report.findings[0].message == (
        f"the namespace is '{typo}', not ERN 4.3's 'http://ddex.net/xml/ern/43': a namespace "
        "must match exactly"
    )


def test_a_sound_recording_without_its_resource_reference_is_named(
    validator: ErnValidator,
) -> None:
    sample = (DDEX / "samples/ern43/1_Audio.xml").read_bytes()
    start = sample.index(b"<ResourceReference>", sample.index(b"<SoundRecording>"))
    end = sample.index(b"</ResourceReference>", start) + len(b"</ResourceReference>")

    report = validator.validate_bytes(sample[:start] + sample[end:])

    messages = [f.message for f in report.findings]
    assert messages[0] == (
        "SoundRecording has no ResourceReference before Type: ResourceReference is missing "
        "(or Type is out of place)"
    )
    assert not any("has no TrackRelease" in m for m in messages)  # not blamed twice, nameless


# ---------------------------------------------------------------- hostile XML


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY x 'pwned'>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> object:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.hits = []
    yield server
    server.shutdown()
    server.server_close()


def test_xxe_and_external_dtds_are_refused_before_parsing(
    validator: ErnValidator, listener: HTTPServer, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    port = listener.server_address[1]
    attacks = [
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r>',
        f'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/evil.dtd"><r/>',
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">%p;]><r/>',
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><r>&lol2;</r>',
    ]

    for attack in attacks:
        with pytest.raises(
            UnsafeXml, match="declares a DOCTYPE; DTDs and entities are refused"
        ) as caught:
            validator.validate_bytes(attack.encode())
        assert "top secret" not in caught.value.message

    assert _Recorder.hits == []


def test_a_utf16_doctype_is_refused_too() -> None:
    with pytest.raises(UnsafeXml):
        parse_xml(
            '<?xml version="1.0" encoding="UTF-16"?>'
            '<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'.encode("utf-16")
        )


def test_malformed_xml_names_line_and_column() -> None:
    with pytest.raises(MalformedXml) as caught:
        parse_xml(b'<?xml version="1.0"?>\n<a>\n  <b></c>\n</a>')

    assert caught.value.line == 3
    assert caught.value.message.startswith("line 3, column ")
    assert "Opening and ending tag mismatch" in caught.value.message


def test_schemas_come_from_the_configured_folder(tmp_path: Path) -> None:
    from shared.errors import SettingsError

    with pytest.raises(SettingsError, match="set DDEX_SCHEMA_DIR"):
        SchemaCatalog(tmp_path).schema(ERN_43)
