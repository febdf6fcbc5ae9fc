"""DDEX findings judged by the official samples and a minimal release: references followed
wherever ERN 4.3 allows them, our builder never blamed for broken XML, findings in the user's
words with the technical detail behind them, each problem once, and exports refused unless
forced."""

from __future__ import annotations

import uuid
from datetime import datetime

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.findings import Layer
from shared.domain.partners import Partner
from shared.domain.releases import Release
from shared.ern.schemas import SchemaCatalog
from shared.ern.validation import ErnValidator
from shared.services.exports import ExportFormat, ExportRequest
from tests.conftest import SHARED_RESOURCES

ACTOR = Actor.system("tests")
SAMPLES = SHARED_RESOURCES / "standards" / "ddex" / "samples" / "ern43"


def _unused(name: str) -> list[str]:
    report = ErnValidator(SchemaCatalog()).validate_bytes((SAMPLES / name).read_bytes())
    return [f.message for f in report.findings if f.rule == "ddex.reference-unused"]


def test_a_party_used_by_an_administrating_record_company_is_not_reported_unused() -> None:
    assert not any("PEMIGermany" in m for m in _unused("2_Video.xml"))


def test_resources_a_dj_mix_uses_through_related_resources_are_not_reported_unused() -> None:
    assert _unused("8_DjMix.xml") == []


def test_a_party_really_declared_and_never_used_is_still_reported() -> None:
    assert _unused("Variant_Classical.xml") == [
        "party 'PEW' is declared but never used",
        "party 'PDR' is declared but never used",
    ]


def _minimal_release(services: Services, partner: Partner, now: datetime) -> Release:
    release = Release(uuid.uuid4(), partner.id, "Only A Title")
    with services.uow() as uow:
        uow.releases.add(release, now=now)
    return release


def test_a_release_with_only_a_title_gets_business_findings_not_broken_xml(
    services: Services, partner: Partner, now: datetime
) -> None:
    release = _minimal_release(services, partner, now)

    result = services.validation.release_findings(partner.id, release.id, now=now)

    findings = result["findings"]
    assert [f for f in findings if f["layer"] == Layer.XSD.value] == []
    messages = [f["message"] for f in findings]
    assert "the Release has no display artist (DisplayArtistName)" in messages
    assert sum("display artist" in m for m in messages) == 1  # once, not per layer
    assert sum("cover" in m or "front cover" in m for m in messages) == 1
    keys = [(f["layer"], f["message"], str(f["target"])) for f in findings]
    assert len(keys) == len(set(keys))


def test_xsd_findings_speak_the_users_words_and_keep_the_raw_error_as_detail() -> None:
    xml = (
        (SAMPLES / "4_SimpleAudioSingle.xml")
        .read_bytes()
        .replace(b"<Duration>PT4M23.583S</Duration>", b"<Duration>4:23</Duration>")
    )

    report = ErnValidator(SchemaCatalog()).validate_bytes(xml)

    (xsd,) = [f for f in report.findings if f.layer is Layer.XSD]
    assert xsd.message == "'4:23' is not a valid Duration"
    assert "line" not in xsd.message
    assert "/" not in xsd.message
    assert xsd.detail is not None
    assert "atomic type 'xs:duration'" in xsd.detail
    assert "/NewReleaseMessage/ResourceList/SoundRecording/Duration" in xsd.detail


def test_an_export_with_placeholder_dpids_or_blocking_findings_is_refused_unless_forced(
    services: Services, partner: Partner, now: datetime
) -> None:
    _minimal_release(services, partner, now)
    dpids = {"sender_dpid": "PADPIDA2007050901U", "recipient_dpid": "PADPIDA2009101501Y"}

    placeholder = services.exports.run_now(
        partner.id, ExportRequest(ExportFormat.DDEX), ACTOR, now=now
    )
    blocked = services.exports.run_now(
        partner.id, ExportRequest(ExportFormat.DDEX, **dpids), ACTOR, now=now
    )
    forced = services.exports.run_now(
        partner.id, ExportRequest(ExportFormat.DDEX, force=True, **dpids), ACTOR, now=now
    )

    assert placeholder["state"] == "failed"
    assert "placeholder PADPIDA0000000000" in placeholder["failure"]
    assert "DDEX_SENDER_DPID" in placeholder["failure"]
    assert blocked["state"] == "failed"
    assert blocked["failure"].startswith("the export was refused: ")
    assert "blocking finding(s)" in blocked["failure"]
    assert "force" in blocked["failure"]
    assert blocked["findings"]["blocking"] > 0
    assert forced["state"] == "succeeded", forced


def test_a_video_sample_import_names_what_it_could_not_keep(
    services: Services, partner: Partner, now: datetime
) -> None:
    """2_Video.xml: its videos, screen captures and deal channels are named, not dropped."""
    import io

    from shared.services.import_runs import ImportOptions

    data = (SAMPLES / "2_Video.xml").read_bytes()

    doc = services.imports.run_file(
        partner.id, "2_Video.xml", lambda: io.BytesIO(data), len(data), ImportOptions(), ACTOR,
        now=now,
    )  # fmt: skip

    assert doc["state"] == "succeeded", doc
    assert doc["counts"]["not_kept"] > 20
    with services.imports.read_report(partner.id, str(doc["id"])) as report:
        text = report.read().decode()
    assert "not kept: ResourceList/Video/VideoEdition/ResourceId/ISRC (2 times" in text
    assert "not kept: ResourceList/Image/Type (3 times" in text
    assert "DistributionChannel/PartyName/FullName (2 times" in text
    assert "PartyList/Party (referred to only by what is not kept)" in text
