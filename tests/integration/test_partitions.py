"""Catalog rows land in the partner's partition; a large partner can get its own."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from shared.bootstrap import Services
from shared.db.partitions import partition_name, partition_of_row
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.partners import Partner, Tier
from shared.domain.recordings import SoundRecording
from tests.conftest import TEST_ACTOR


def _add_track(services: Services, partner: Partner, now: datetime, title: str) -> SoundRecording:
    track = SoundRecording(uuid.uuid4(), partner.id, title)
    with services.uow() as uow:
        uow.tracks.add(track, now=now)
    return track


def test_a_new_partners_rows_land_in_the_default_partition(
    services: Services, partner: Partner, now: datetime
) -> None:
    track = _add_track(services, partner, now, "Song")

    with services.engine.connect() as conn:
        assert partition_of_row(conn, "tracks", partner.id, track.id) == "tracks_default"


def test_dedicating_a_partition_moves_existing_rows_and_takes_new_ones(
    services: Services, now: datetime
) -> None:
    big = services.partners.create_partner(
        f"Big {uuid.uuid4().hex[:6]}", Tier.ENTERPRISE, now=now, actor=TEST_ACTOR
    )
    before = _add_track(services, big, now, "Before")

    created = services.partners.dedicate_partition(big.id, now=now, actor=TEST_ACTOR)
    after = _add_track(services, big, now, "After")

    own = partition_name("tracks", big.id)
    assert own in created
    with services.engine.connect() as conn:
        assert partition_of_row(conn, "tracks", big.id, before.id) == own
        assert partition_of_row(conn, "tracks", big.id, after.id) == own
    with services.uow() as uow:
        assert {t.title for t in uow.tracks.where(big.id)} == {"Before", "After"}


def test_dedicating_twice_changes_nothing(services: Services, now: datetime) -> None:
    big = services.partners.create_partner(
        f"Big {uuid.uuid4().hex[:6]}", Tier.ENTERPRISE, now=now, actor=TEST_ACTOR
    )
    services.partners.dedicate_partition(big.id, now=now, actor=TEST_ACTOR)

    assert services.partners.dedicate_partition(big.id, now=now, actor=TEST_ACTOR) == []


def test_audit_events_land_in_their_month_and_retention_class(
    services: Services, partner: Partner
) -> None:
    occurred = datetime.now().astimezone()
    event = AuditEvent(uuid.uuid4(), occurred, "track.update", Actor.system("tests"),
                       RetentionClass.AI, partner.id)  # fmt: skip
    with services.uow() as uow:
        uow.audit.append([event])

    with services.engine.connect() as conn:
        where = conn.execute(
            sa.text("SELECT tableoid::regclass::text FROM audit_events WHERE id = :id"),
            {"id": event.id},
        ).scalar()
    assert where == f"audit_events_ai_{occurred:%Y%m}"
