"""Bulk edits as jobs on topic bulk-edits: the API queues, the function runs, fed the exact
envelope Eventarc pushes (tests/data/pubsub_cloudevent.json) through functions-framework."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.domain.recordings import SoundRecording
from shared.domain.search import CatalogQuery
from shared.errors import NotFound
from shared.services.bulk_edits import BULK_EDITS_COLLECTION, BulkEditRequest
from shared.services.catalog import BulkEdit
from tests.functions.test_job_functions import _event, _post

ACTOR = Actor.system("tests")


def _tracks(services: Services, partner: Partner, now: datetime, n: int) -> list[uuid.UUID]:
    ids = [uuid.uuid4() for _ in range(n)]
    with services.uow() as uow:
        for i, track_id in enumerate(ids):
            uow.tracks.add(SoundRecording(track_id, partner.id, title=f"Take {i}"), now=now)
    return ids


def _queue(services: Services, partner: Partner, ids: list[uuid.UUID]) -> uuid.UUID:
    change_id = uuid.uuid4()
    request = BulkEditRequest(
        "track", partner.id, CatalogQuery(ids=tuple(ids)), BulkEdit(set={"genre": "Soul"}), ACTOR
    )
    services.bulk_edits.start(change_id, request, size=len(ids))
    return change_id


def _message(change_id: uuid.UUID, partner: Partner) -> bytes:
    return json.dumps({"job_id": str(change_id), "partner_id": str(partner.id)}).encode()


def _genres(services: Services, partner: Partner, ids: list[uuid.UUID]) -> set[str | None]:
    with services.uow() as uow:
        return {t.genre for t in uow.tracks.find_many(partner.id, ids)}


def test_a_queued_bulk_edit_is_published_and_run_by_its_function(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    ids = _tracks(installed_services, partner, now, 3)
    change_id = _queue(installed_services, partner, ids)
    with installed_services.engine.connect() as conn:
        published = conn.execute(
            sa.text("SELECT count(*) FROM bus_messages WHERE topic = 'bulk-edits'")
        ).scalar()

    status = _post("on_bulk_edit_requested", _event(_message(change_id, partner), "bulk-edits"))

    assert published == 1  # one message per subscription of the topic
    assert status == 200
    job = installed_services.bulk_edits.get(change_id, partner.id)
    assert (job.status, job.done, job.total, job.attempts) == ("done", 3, 3, 1)
    assert _genres(installed_services, partner, ids) == {"Soul"}
    assert installed_services.catalog.change(partner.id, change_id).total == 3


def test_a_job_whose_instance_died_half_way_runs_again_from_the_start(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    """The edit is one transaction: a crash leaves nothing, so the redelivery starts it over."""
    ids = _tracks(installed_services, partner, now, 2)
    change_id = _queue(installed_services, partner, ids)
    installed_services.status.merge(
        BULK_EDITS_COLLECTION, str(change_id), {"status": "running", "done": 1, "attempts": 1}
    )  # what a dead instance leaves behind

    status = _post(
        "on_bulk_edit_requested", _event(_message(change_id, partner), "bulk-edits", attempt=2)
    )

    assert status == 200
    job = installed_services.bulk_edits.get(change_id, partner.id)
    assert (job.status, job.done, job.attempts) == ("done", 2, 2)
    assert _genres(installed_services, partner, ids) == {"Soul"}


def test_a_redelivered_bulk_edit_is_never_applied_twice(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    ids = _tracks(installed_services, partner, now, 2)
    change_id = _queue(installed_services, partner, ids)
    payload = _message(change_id, partner)
    _post("on_bulk_edit_requested", _event(payload, "bulk-edits"))
    installed_services.status.merge(
        BULK_EDITS_COLLECTION, str(change_id), {"status": "running"}
    )  # the change set committed, then the instance died before its last status write

    again = _post("on_bulk_edit_requested", _event(payload, "bulk-edits", attempt=2))

    assert again == 200
    assert installed_services.bulk_edits.get(change_id, partner.id).status == "done"
    history = installed_services.catalog.history("track", partner.id, ids[0], "genre")
    assert len(history) == 1


def test_the_third_failure_of_a_bulk_edit_goes_to_the_jobs_dead_letter_topic(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    ids = _tracks(installed_services, partner, now, 1)
    change_id = _queue(installed_services, partner, ids)
    installed_services.status.merge(
        BULK_EDITS_COLLECTION, str(change_id), {"request": {"kind": "track"}}
    )  # a request the job cannot read: it fails on every delivery
    payload = _message(change_id, partner)

    first = _post("on_bulk_edit_requested", _event(payload, "bulk-edits", attempt=1))
    third = _post("on_bulk_edit_requested", _event(payload, "bulk-edits", attempt=3))

    assert (first, third) == (500, 200)
    with installed_services.engine.connect() as conn:
        [attributes] = conn.execute(
            sa.text("SELECT attributes FROM bus_messages WHERE topic = 'jobs-dlq'")
        ).scalars()
    assert attributes["catalog_source_topic"] == "bulk-edits"
    job = installed_services.bulk_edits.get(change_id, partner.id)
    assert job.status == "failed"
    assert job.error
    assert job.error.startswith("gave up after 3 attempts")


def test_another_partner_s_bulk_edit_is_not_found(
    installed_services: Services, partner: Partner, now: datetime, clean_bus: None
) -> None:
    change_id = _queue(installed_services, partner, _tracks(installed_services, partner, now, 1))

    assert installed_services.bulk_edits.get(change_id, None).status == "pending"
    with pytest.raises(NotFound):
        installed_services.bulk_edits.get(change_id, uuid.uuid4())
