"""POST /api/v1/releases/{id}/deliveries (issue 17, item 4): a release for one store as a zip of
its ERN 4.3 message and the files it names, run as an export job; a release that would not
deliver is refused with its findings; another partner's release is 404."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from lxml import etree

from shared.bootstrap import Services
from shared.domain.partners import Partner, Role, Tier
from shared.ern.ern43 import format_kilobytes
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import ERN_43, SchemaCatalog
from tests.conftest import SHARED_RESOURCES, TEST_ACTOR
from tests.support.catalog import album_bundle, store_album_with_files, store_bundle

Headers = dict[str, str]
NS = {"ern": ERN_43.namespace}
STORE = {
    "sender_dpid": "PADPIDA2007050901U",
    "sender_name": "Example Records",
    "recipient_dpid": "PADPIDA2009101501Y",
    "recipient_name": "Example Store",
}


def _deliver(client: FlaskClient, headers: Headers, release_id: object, **body: Any) -> Any:
    return client.post(
        f"/api/v1/releases/{release_id}/deliveries", json={**STORE, **body}, headers=headers
    )


def _package(services: Services, partner: Partner, job_id: str) -> zipfile.ZipFile:
    with services.exports.open_output(partner.id, job_id) as stream:
        return zipfile.ZipFile(io.BytesIO(stream.read()))


def test_a_delivered_package_holds_a_valid_message_and_every_file_it_names_with_its_hash(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)

    queued = _deliver(client, label, bundle.release.id)
    assert queued.status_code == 202, queued.json
    assert (queued.json["state"], queued.json["format"]) == ("queued", "delivery")
    services.exports.run_job(queued.json["id"], now=now)  # what the exports function runs
    done = client.get(f"/api/v1/exports/{queued.json['id']}", headers=label).json
    listed = client.get(f"/api/v1/releases/{bundle.release.id}/deliveries", headers=label).json

    assert done["state"] == "succeeded", done
    assert done["download_url"]
    assert done["file_name"] == "036000291452-delivery.zip"
    assert [d["id"] for d in listed["deliveries"]] == [queued.json["id"]]
    package = _package(services, partner, done["id"])
    xml = package.read("036000291452/036000291452.xml")
    root = parse_xml(xml)
    assert SchemaCatalog(SHARED_RESOURCES / "standards" / "ddex").validate(root, ERN_43) == []
    files = root.findall(".//File", NS) + root.findall(".//ern:File", NS)
    assert len(files) == 4  # three recordings and the cover
    for element in files:
        uri = element.findtext("URI")
        data = package.read(f"036000291452/{uri}")
        assert element.findtext("HashSum/Algorithm") == "MD5"
        assert element.findtext("HashSum/HashSumValue") == hashlib.md5(data).hexdigest()
        assert Decimal(element.findtext("FileSize") or "") * 1024 == len(data)
    assert sorted(package.namelist()) == sorted(
        ["036000291452/036000291452.xml"] + [f"036000291452/{e.findtext('URI')}" for e in files]
    )
    assert done["counts"]["files"] == 4


def test_the_audio_is_named_by_disc_and_track_and_linked_from_its_recording(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    job = _deliver(client, label, bundle.release.id).json
    services.exports.run_job(job["id"], now=now)

    package = _package(services, partner, job["id"])
    root = etree.fromstring(package.read("036000291452/036000291452.xml"))
    recording = root.find("ResourceList/SoundRecording", {})
    assert recording is not None
    details = recording.find("SoundRecordingEdition/TechnicalDetails")
    assert details is not None
    assert details.findtext("TechnicalResourceDetailsReference") == "T1"
    assert details.findtext("DeliveryFile/Type") == "AudioFile"
    assert details.findtext("DeliveryFile/File/URI") == "resources/036000291452_01_001.flac"
    cover = root.find("ResourceList/Image/TechnicalDetails/File")
    assert cover is not None
    assert cover.findtext("URI") == "resources/036000291452_cover.jpg"


def test_a_release_with_blocking_findings_is_refused_with_them_and_nothing_is_queued(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = album_bundle(partner.id)
    no_audio = replace(bundle, tracks=tuple(replace(t, asset_id=None) for t in bundle.tracks))
    store_bundle(services, replace(no_audio, release=replace(bundle.release, artwork=None)), now)

    refused = _deliver(client, label, bundle.release.id)

    assert refused.status_code == 422, refused.json
    assert refused.mimetype == "application/problem+json"
    findings = refused.json["findings"]
    assert findings
    assert all(f["severity"] == "blocking" for f in findings)
    assert sum(f["rule"] == "audio.missing" for f in findings) == 3  # once per track
    assert any((f.get("target") or {}).get("field") == "artwork" for f in findings)
    assert "cannot be delivered" in refused.json["detail"]
    assert client.get("/api/v1/exports", headers=label).json["exports"] == []


def test_force_queues_an_undeliverable_release_as_a_test_delivery(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    services.blobs.delete("audio", f"kept/{bundle.assets[0].id}.flac")

    refused = _deliver(client, label, bundle.release.id)
    forced = _deliver(client, label, bundle.release.id, force=True)
    services.exports.run_job(forced.json["id"], now=now)

    assert refused.status_code == 422
    assert "is not in storage" in json.dumps(refused.json["findings"])
    done = services.exports.jobs.get(forced.json["id"], str(partner.id))
    assert done["state"] == "succeeded"
    assert done["counts"]["files"] == 3
    assert done["findings"]["blocking"] >= 1


def test_a_file_gone_after_queueing_fails_the_job_with_its_finding(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    job = _deliver(client, label, bundle.release.id).json
    services.blobs.delete("audio", f"kept/{bundle.assets[1].id}.flac")

    done = services.exports.run_job(job["id"], now=now)

    assert done["state"] == "failed"
    assert "blocking finding" in str(done["failure"])
    assert [f["rule"] for f in done["findings"]["first"]] == ["delivery.file"]


def test_another_partners_release_is_404(
    client: FlaskClient,
    auth: Callable[..., Headers],
    services: Services,
    partner: Partner,
    now: datetime,
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    other = services.partners.create_partner(
        f"Other Label {partner.id.hex[:8]}", Tier.PRO, now=now, actor=TEST_ACTOR
    )
    stranger = auth(other, Role.LABEL)

    posted = _deliver(client, stranger, bundle.release.id)
    listed = client.get(f"/api/v1/releases/{bundle.release.id}/deliveries", headers=stranger)

    assert (posted.status_code, listed.status_code) == (404, 404)
    assert services.exports.jobs.list(str(other.id)) == []


def test_file_sizes_are_exact_kilobytes() -> None:
    assert [format_kilobytes(n) for n in (0, 1024, 1536, 1)] == ["0", "1", "1.5", "0.0009765625"]
