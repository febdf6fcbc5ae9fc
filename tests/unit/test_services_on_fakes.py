"""Services on the fake unit of work: no database, milliseconds a test (STYLE 10 and 13). The fakes
pass the same repository contracts as PostgreSQL (tests/integration/test_repository_contracts.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest

from shared.domain.assets import Asset
from shared.domain.audit import Actor
from shared.domain.dead_letters import DeadLetter
from shared.domain.partners import Partner, Tier
from shared.domain.pipeline import AnalysisRequest, Priority
from shared.errors import Conflict, InvalidField
from shared.services.dead_letters import DeadLetterService
from shared.services.partners import PartnerAdmin
from shared.services.routing import PriorityRouter
from tests.support.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ACTOR = Actor.system("tests")


class RecordingPublisher:
    """The Publisher port, keeping what it was given."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, dict[str, str]]] = []

    def publish(self, topic: str, data: bytes, attributes: Mapping[str, str]) -> str:
        self.sent.append((topic, data, dict(attributes)))
        return str(len(self.sent))


def test_a_new_partner_is_stored_with_an_audit_event_naming_its_tier() -> None:
    uow = FakeUnitOfWork()

    partner = PartnerAdmin(uow).create_partner("  Night Owl  ", Tier.PRO, now=NOW, actor=ACTOR)

    assert uow.store.partners[partner.id].name == "Night Owl"
    [event] = uow.store.audit
    assert (event.action, event.entity_id) == ("partner.create", partner.id)
    assert {c.field: c.after for c in event.changes} == {"name": "Night Owl", "tier": "pro"}


def test_a_taken_partner_name_is_a_conflict_and_leaves_no_audit_event() -> None:
    uow = FakeUnitOfWork()
    admin = PartnerAdmin(uow)
    admin.create_partner("Night Owl", Tier.PRO, now=NOW, actor=ACTOR)

    with pytest.raises(Conflict, match="already exists"):
        admin.create_partner("night owl", Tier.FREE, now=NOW, actor=ACTOR)

    assert len(uow.store.partners) == 1
    assert len(uow.store.audit) == 1


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [("", None, "name"), ("x" * 201, None, "name"), ("Fine", 0, "audio_retention_days")],
)
def test_a_bad_partner_is_refused_naming_the_field(name: str, days: int | None, field: str) -> None:
    uow = FakeUnitOfWork()

    with pytest.raises(InvalidField) as refused:
        PartnerAdmin(uow).create_partner(
            name, Tier.PRO, now=NOW, actor=ACTOR, audio_retention_days=days
        )

    assert refused.value.field == field
    assert uow.store.partners == {}


def test_a_dead_letter_is_recorded_once_with_its_partner_and_resolved() -> None:
    uow = FakeUnitOfWork()
    service = DeadLetterService(uow)
    partner_id = uuid.uuid4()
    letter = DeadLetter(
        "analysis-dlq",
        "m-1",
        b"{}",
        {"catalog_failure_reason": "model down", "partner_id": str(partner_id)},
        NOW,
    )

    first = service.record(letter, now=NOW)
    again = service.record(letter, now=NOW)
    [shown] = service.open_letters()
    resolved = service.resolve(first, now=NOW)

    assert first == again
    assert (shown["reason"], shown["partner_id"]) == ("model down", partner_id)
    assert resolved
    assert service.open_letters() == []


def _queued_asset(uow: FakeUnitOfWork, tier: Tier) -> tuple[Partner, Asset]:
    partner = Partner(uuid.uuid4(), f"Label {tier.value}", tier, NOW)
    asset = Asset(uuid.uuid4(), partner.id, "uploads", "p/u/a.flac", 1, 10, NOW, status="extracted")
    with uow() as work:
        work.partners.add(partner)
        work.assets.add(asset, now=NOW)
    return partner, asset


@pytest.mark.parametrize(
    ("tier", "topic", "priority"),
    [
        (Tier.ENTERPRISE, "analysis-high", Priority.HIGH),
        (Tier.PRO, "analysis-low", Priority.LOW),
        (Tier.FREE, "analysis-low", Priority.LOW),
    ],
)
def test_an_asset_is_routed_by_its_partner_s_tier_and_marked_queued(
    tier: Tier, topic: str, priority: Priority
) -> None:
    uow, publisher = FakeUnitOfWork(), RecordingPublisher()
    partner, asset = _queued_asset(uow, tier)

    routed = PriorityRouter(uow, publisher, lambda: NOW).route(
        partner, asset.id, track_id=None, upload_id="up_1"
    )

    assert routed == topic
    [(sent_topic, data, attributes)] = publisher.sent
    request = AnalysisRequest.from_bytes(data)
    assert (sent_topic, request.priority, request.upload_id) == (topic, priority, "up_1")
    assert attributes["asset_id"] == str(asset.id)
    assert uow.store.assets[(partner.id, asset.id)].status == "queued"


def test_a_second_delivery_publishes_nothing_but_a_retry_queues_again() -> None:
    uow, publisher = FakeUnitOfWork(), RecordingPublisher()
    partner, asset = _queued_asset(uow, Tier.PRO)
    router = PriorityRouter(uow, publisher, lambda: NOW)
    router.route(partner, asset.id, track_id=None, upload_id=None)

    second = router.route(partner, asset.id, track_id=None, upload_id=None)
    retried = router.route(partner, asset.id, track_id=None, upload_id=None, attempt=2)

    assert second is None
    assert retried == "analysis-low"
    assert [AnalysisRequest.from_bytes(d).attempt for _, d, _ in publisher.sent] == [1, 2]


def test_the_fake_unit_of_work_has_every_member_of_the_port() -> None:
    from shared.unit_of_work import UnitOfWork

    members = {
        name
        for klass in UnitOfWork.__mro__
        if klass.__module__ == "shared.unit_of_work"
        for name in vars(klass)
        if not name.startswith("_")
    }

    with FakeUnitOfWork() as uow:
        missing = sorted(name for name in members if not hasattr(uow, name))

    assert missing == []
