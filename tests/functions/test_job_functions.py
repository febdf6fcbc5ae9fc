"""The imports and exports entry points fed the exact envelope Eventarc pushes.

Pub/Sub cannot run here: the envelope copies what Eventarc delivers for a push
(tests/data/pubsub_cloudevent.json), sent through functions-framework's own app.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime

import sqlalchemy as sa
from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent
from functions_framework import create_app

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.services.exports import ExportFormat, ExportRequest
from shared.services.import_runs import ImportOptions
from tests.conftest import REPO_ROOT
from tests.support.catalog import store_album_with_files

CSV = b"ISRC,Track Title,Artist\nGBUV71200495,First Song,The Examples\n"


def _event(payload: bytes, topic: str, attempt: int = 1) -> CloudEvent:
    envelope = json.loads((REPO_ROOT / "tests/data/pubsub_cloudevent.json").read_text())
    envelope["data"]["message"]["data"] = base64.b64encode(payload).decode()
    envelope["data"]["deliveryAttempt"] = attempt
    envelope["source"] = f"//pubsub.googleapis.com/projects/test-project/topics/{topic}"
    return CloudEvent({k: v for k, v in envelope.items() if k != "data"}, envelope["data"])


def _post(target: str, event: CloudEvent) -> int:
    client = create_app(target, str(REPO_ROOT / "functions/main.py"), "cloudevent").test_client()
    headers, body = to_structured(event)
    return client.post("/", headers=headers, data=body).status_code


def _queued_import(services: Services, partner: Partner, now: datetime) -> str:
    doc = services.imports.create_job(partner.id, "tracks.csv", Actor.system("tests"), now=now)
    services.imports.store_file(partner.id, doc["id"], io.BytesIO(CSV), now=now)
    services.imports.start(partner.id, doc["id"], ImportOptions(), now=now)
    return str(doc["id"])


def test_an_import_message_runs_the_job(
    installed_services: Services, partner: Partner, now: datetime
) -> None:
    job_id = _queued_import(installed_services, partner, now)

    status = _post(
        "on_import_requested", _event(json.dumps({"job_id": job_id}).encode(), "imports")
    )

    assert status == 200
    doc = installed_services.imports.jobs.get(job_id, str(partner.id))
    assert doc["state"] == "succeeded"
    assert doc["counts"]["tracks_created"] == 1


def test_a_redelivered_finished_job_is_not_run_twice(
    installed_services: Services, partner: Partner, now: datetime
) -> None:
    job_id = _queued_import(installed_services, partner, now)
    event = _event(json.dumps({"job_id": job_id}).encode(), "imports")
    _post("on_import_requested", event)

    _post("on_import_requested", event)

    with installed_services.uow() as uow:
        assert len(uow.tracks.where(partner.id)) == 1


def test_an_export_message_runs_the_export(
    installed_services: Services, partner: Partner, now: datetime
) -> None:
    doc = installed_services.exports.start(
        partner.id, ExportRequest(ExportFormat.CSV), Actor.system("tests"), now=now
    )

    status = _post(
        "on_export_requested", _event(json.dumps({"job_id": doc["id"]}).encode(), "exports")
    )

    assert status == 200
    assert installed_services.exports.jobs.get(doc["id"], str(partner.id))["state"] == "succeeded"


def test_a_delivery_message_writes_the_release_package(
    installed_services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_album_with_files(installed_services, partner.id, now)
    request = ExportRequest(
        ExportFormat.DELIVERY,
        release_ids=(bundle.release.id,),
        sender_dpid="PADPIDA2007050901U",
        recipient_dpid="PADPIDA2009101501Y",
    )
    doc = installed_services.exports.start(partner.id, request, Actor.system("tests"), now=now)

    status = _post(
        "on_export_requested", _event(json.dumps({"job_id": doc["id"]}).encode(), "exports")
    )

    assert status == 200
    done = installed_services.exports.jobs.get(doc["id"], str(partner.id))
    assert (done["state"], done["counts"]["files"]) == ("succeeded", 4)
    assert done["file_name"] == "036000291452-delivery.zip"


def test_a_malformed_message_is_acked(installed_services: Services, clean_bus: None) -> None:
    assert _post("on_import_requested", _event(b"not json", "imports")) == 200
    assert _post("on_export_requested", _event(b'{"job": 1}', "exports")) == 200


def test_the_third_failure_goes_to_the_jobs_dead_letter_topic(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    job_id = _queued_import(installed_services, partner, now)
    blobs = installed_services.blobs
    job = installed_services.imports.jobs.get(job_id, str(partner.id))
    path = blobs.path_of(  # type: ignore[attr-defined]
        installed_services.settings.imports_bucket, job["file"]["object"]
    )
    path.unlink()
    path.mkdir()  # storage now fails on every read: a transient error as far as the job can tell
    payload = json.dumps({"job_id": job_id, "partner_id": str(partner.id)}).encode()

    first = _post("on_import_requested", _event(payload, "imports", attempt=1))
    third = _post("on_import_requested", _event(payload, "imports", attempt=3))

    assert first == 500  # raised: Pub/Sub redelivers
    assert third == 200  # acked after dead-lettering
    with installed_services.engine.connect() as conn:
        topics = conn.execute(
            sa.text("SELECT topic, attributes FROM bus_messages WHERE topic = 'jobs-dlq'")
        ).all()
    assert topics
    assert topics[0][1]["catalog_source_topic"] == "imports"
    doc = installed_services.imports.jobs.get(job_id, str(partner.id))
    assert doc["state"] == "failed"
    assert doc["failure"].startswith("gave up after 3 attempts")
