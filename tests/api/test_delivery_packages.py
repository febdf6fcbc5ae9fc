"""Delivery package options (issue 17, item 4): a package written as a folder in the exports
bucket (``<batch>/<release>/`` with the message and ``resources/``, the layout stores pick up)
and an ERN 3.8.2 package with the same files and MD5s, XSD-valid against the 3.8.2 schema."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import datetime
from typing import Any

from flask.testing import FlaskClient

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import ERN_382, SchemaCatalog
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import store_album_with_files

Headers = dict[str, str]
STORE = {
    "sender_dpid": "PADPIDA2007050901U",
    "sender_name": "Example Records",
    "recipient_dpid": "PADPIDA2009101501Y",
    "recipient_name": "Example Store",
}
KEY = "036000291452"  # the album's UPC names the release folder
NS = {"ern": ERN_382.namespace}


def _deliver(client: FlaskClient, headers: Headers, release_id: object, **body: Any) -> Any:
    return client.post(
        f"/api/v1/releases/{release_id}/deliveries", json={**STORE, **body}, headers=headers
    )


def _zip(services: Services, partner: Partner, job_id: str) -> zipfile.ZipFile:
    with services.exports.open_output(partner.id, job_id) as stream:
        return zipfile.ZipFile(io.BytesIO(stream.read()))


def _read(services: Services, name: str) -> bytes:
    with services.blobs.open_read(services.settings.exports_bucket, name) as stream:
        return stream.read()


def test_a_folder_package_is_written_as_batch_release_message_and_resources(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)

    job = _deliver(client, label, bundle.release.id, layout="folder").json
    done = services.exports.run_job(job["id"], now=now)
    shown = client.get(f"/api/v1/exports/{job['id']}", headers=label).json

    assert done["state"] == "succeeded", done
    folder = done["folder"]
    assert shown["folder"] == folder
    assert folder == f"{partner.id}/deliveries/{now.strftime('%Y%m%d%H%M%S%f')[:17]}"
    bucket = services.settings.exports_bucket
    names = sorted(b.name.removeprefix(f"{folder}/") for b in services.blobs.list(bucket, folder))
    packaged = _zip(services, partner, job["id"])
    assert names == sorted(packaged.namelist())  # the same files as the zip, nothing more
    assert f"{KEY}/{KEY}.xml" in names
    assert all(n.startswith(f"{KEY}/resources/") for n in names if not n.endswith(".xml"))
    for name in names:
        assert _read(services, f"{folder}/{name}") == packaged.read(name)


def test_a_refused_folder_package_leaves_nothing_in_the_bucket(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)
    job = _deliver(client, label, bundle.release.id, layout="folder").json
    services.blobs.delete("audio", f"kept/{bundle.assets[1].id}.flac")

    done = services.exports.run_job(job["id"], now=now)

    assert done["state"] == "failed"
    bucket = services.settings.exports_bucket
    assert list(services.blobs.list(bucket, f"{partner.id}/deliveries/")) == []


def test_an_ern_382_package_is_xsd_valid_and_names_each_file_with_its_md5(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)

    job = _deliver(client, label, bundle.release.id, ern_version="3.8.2").json
    done = services.exports.run_job(job["id"], now=now)

    assert done["state"] == "succeeded", done
    package = _zip(services, partner, job["id"])
    root = parse_xml(package.read(f"{KEY}/{KEY}.xml"))
    assert root.tag == f"{{{ERN_382.namespace}}}NewReleaseMessage"
    assert SchemaCatalog(SHARED_RESOURCES / "standards" / "ddex").validate(root, ERN_382) == []
    files = root.findall(".//File")
    assert len(files) == 4  # three recordings and the cover, as in the 4.3 package
    for element in files:
        path = f"{element.findtext('FilePath')}{element.findtext('FileName')}"
        data = package.read(f"{KEY}/{path}")
        assert element.findtext("HashSum/HashSumAlgorithmType") == "MD5"
        assert element.findtext("HashSum/HashSum") == hashlib.md5(data).hexdigest()
    first = root.find("ResourceList/SoundRecording/SoundRecordingDetailsByTerritory")
    assert first is not None
    assert first.findtext("TechnicalSoundRecordingDetails/File/FileName") == f"{KEY}_01_001.flac"


def test_an_unknown_ern_version_or_layout_is_a_422_naming_the_field(
    client: FlaskClient, label: Headers, services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(services, partner.id, now)

    version = _deliver(client, label, bundle.release.id, ern_version="4.2")
    layout = _deliver(client, label, bundle.release.id, layout="tarball")

    assert (version.status_code, version.json["field"]) == (422, "ern_version")
    assert (layout.status_code, layout.json["field"]) == (422, "layout")
    assert client.get("/api/v1/exports", headers=label).json["exports"] == []
