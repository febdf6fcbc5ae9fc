"""DDEX and CWR through the catalog: exports as jobs, DDEX import, ACKs updating registrations,
and per-release findings pointing at the field to fix."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import datetime

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.identifiers import Gtin
from shared.domain.partners import Partner
from shared.domain.provenance import Source
from shared.services.exports import ExportFormat, ExportRequest
from shared.services.import_runs import ImportMode, ImportOptions
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle, store_bundle

ACTOR = Actor.system("tests")
DPIDS = {
    "sender_dpid": "PADPIDA2007050901U",
    "sender_name": "Example Records",
    "recipient_dpid": "PADPIDA2009101501Y",
}


def _export(
    services: Services, partner: Partner, now: datetime, request: ExportRequest
) -> tuple[dict, bytes]:  # type: ignore[type-arg]
    doc = services.exports.run_now(partner.id, request, ACTOR, now=now)
    assert doc["state"] == "succeeded", doc
    with services.exports.open_output(partner.id, doc["id"]) as stream:
        return doc, stream.read()


def _import(services: Services, partner: Partner, now: datetime, data: bytes, name: str) -> dict:  # type: ignore[type-arg]
    return services.imports.run_file(
        partner.id, name, lambda: io.BytesIO(data), len(data), ImportOptions(), ACTOR, now=now
    )


def _messages(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def _without_header_times(xml: bytes) -> bytes:
    return re.sub(rb"<MessageCreatedDateTime>.*?</MessageCreatedDateTime>", b"", xml)


def test_ddex_export_import_export_is_stable_across_partners(
    services: Services, partner: Partner, now: datetime
) -> None:
    store_bundle(services, album_bundle(partner.id, with_artwork=False), now)
    request = ExportRequest(ExportFormat.DDEX, ern_versions=("4.3", "3.8.2"), force=True, **DPIDS)
    first_doc, first = _export(services, partner, now, request)
    other = services.partners.create_partner(
        "Other " + partner.name, partner.tier, now=now, actor=ACTOR
    )

    imported = _import(services, other, now, first, "delivery.zip")
    _, second = _export(services, other, now, request)

    assert [f["rule"] for f in first_doc["findings"]["first"]] == ["ddex-1053"]  # no cover art yet
    assert imported["state"] == "succeeded", imported
    # both versions' messages name the same release: the second updates what the first created
    assert (imported["counts"]["releases_created"], imported["counts"]["releases_updated"]) == (
        1,
        1,
    )
    assert sorted(_messages(first)) == ["036000291452.ern382.xml", "036000291452.xml"]
    for name, xml in _messages(first).items():
        again = _without_header_times(_messages(second)[name]).decode().splitlines()
        assert again == _without_header_times(xml).decode().splitlines(), name


def test_a_ddex_import_marks_its_values_as_imported(
    services: Services, partner: Partner, now: datetime
) -> None:
    sample = (SHARED_RESOURCES / "standards/ddex/samples/ern43/1_Audio.xml").read_bytes()

    doc = _import(services, partner, now, sample, "1_Audio.xml")

    assert doc["state"] == "succeeded", doc
    with services.uow() as uow:
        release = uow.releases.find_by_upc(partner.id, Gtin("00094631432057"))[0]
        tracks = uow.tracks.of_release(partner.id, release.id)
    assert len(tracks) == 21
    assert release.provenance["title"].source is Source.IMPORT
    assert tracks[0].provenance["isrc"].detail == f"import {doc['id']} 1_Audio.xml"


def test_a_ddex_file_with_blocking_findings_is_not_imported(
    services: Services, partner: Partner, now: datetime
) -> None:
    sample = (SHARED_RESOURCES / "standards/ddex/samples/ern43/3_MixedMedia.xml").read_bytes()

    doc = _import(services, partner, now, sample, "3_MixedMedia.xml")

    assert doc["state"] == "failed"
    assert any(
        "ICPN '05099907138655' has check digit 5, expected 2" in e["problem"] for e in doc["errors"]
    )


def test_cwr_export_then_society_ack_updates_the_registration(
    services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_bundle(services, album_bundle(partner.id), now)
    work = bundle.works[0]
    doc, cwr = _export(services, partner, now, ExportRequest(ExportFormat.CWR, cwr_version="2.2"))
    number = work.id.hex[:14].upper()
    assert doc["file_name"].endswith(".V22")
    assert f"{number}T0345246801".encode() in cwr
    ack = (
        f"HDRSO000000052{'PRS for Music':<45}01.102026030215153220260302\r\n"
        f"GRHACK0000102.100000000000\r\n"
        f"ACK0000000000000000202603011200000000100000000NWR{'FIRST SONG':<60}"
        f"{number:<20}{'337739ES':<20}20260302AS\r\n"
        f"GRT000010000000100000003\r\n"
        f"TRL000010000000100000005\r\n"
    )

    result = _import(services, partner, now, ack.encode(), "CW260001052_EXS.V21")

    assert result["state"] == "succeeded", result
    assert result["counts"]["works_updated"] == 1
    with services.uow() as uow:
        stored = uow.works.get(partner.id, work.id)
    assert stored.registration_status == "registered"
    assert (
        stored.provenance["registration_status"].detail == "CWR acknowledgement from PRS for Music"
    )


def test_an_ack_for_an_unknown_work_is_reported(
    services: Services, partner: Partner, now: datetime
) -> None:
    sample = (SHARED_RESOURCES / "standards/cwr/samples/CW220001052_DMP.V21").read_bytes()

    doc = services.imports.run_file(
        partner.id,
        "ack.V21",
        lambda: io.BytesIO(sample),
        len(sample),
        ImportOptions(mode=ImportMode.SKIP_INVALID),
        ACTOR,
        now=now,
    )

    assert doc["state"] == "succeeded"
    assert doc["errors"][0]["problem"] == "'Z128' (ONE) matches no work in the catalog"


def test_release_findings_point_at_the_catalog_field(
    services: Services, partner: Partner, now: datetime
) -> None:
    bundle = album_bundle(partner.id)
    broken = replace(bundle.tracks[1], isrc=None, title="Second Song (feat. Guest)")
    store_bundle(
        services, replace(bundle, tracks=(bundle.tracks[0], broken, bundle.tracks[2])), now
    )

    result = services.validation.release_findings(partner.id, bundle.release.id, now=now)

    targets = {
        (f["rule"], f["target"]["entity"], f["target"]["id"], f["target"]["field"])
        for f in result["findings"]
        if f["target"]
    }
    assert result["valid"] is False
    assert ("ddex-1058", "track", str(broken.id), "isrc") in targets
    assert ("style.featured-in-title", "track", str(broken.id), "title") in targets
    assert ("artwork.missing", "release", str(bundle.release.id), "artwork") not in targets


def test_csv_and_json_exports_use_the_chosen_preset(
    services: Services, partner: Partner, now: datetime
) -> None:
    store_bundle(services, album_bundle(partner.id), now)

    _, csv_bytes = _export(
        services, partner, now, ExportRequest(ExportFormat.CSV, preset="distributor")
    )
    _, json_bytes = _export(services, partner, now, ExportRequest(ExportFormat.JSON))

    lines = csv_bytes.decode().splitlines()
    assert lines[0].startswith(
        "UPC,Release Title,Release Version,Release Artist,Label,Release Date"
    )
    assert lines[1].startswith(
        "036000291452,Example Album,,The Examples,Example Records,2026-03-06"
    )
    first = json.loads(json_bytes.decode().splitlines()[0])
    assert first["title"] == "First Song"
    assert first["duration"] == "3:21"
    assert first["explicit"] is False
