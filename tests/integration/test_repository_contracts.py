"""One contract per repository, run against the fake unit of work and PostgreSQL's, so service
tests on the fakes (tests/unit/test_services_on_fakes.py) test what production does."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from shared.domain.assets import Asset
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.dead_letters import DeadLetter
from shared.domain.partners import Partner, Tier
from shared.errors import Conflict, NotFound
from shared.unit_of_work import UnitOfWork
from tests.support.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
Uow = Callable[[], UnitOfWork]


@pytest.fixture(params=["fake", "postgres"])
def uow(request: pytest.FixtureRequest) -> Uow:
    if request.param == "fake":
        return FakeUnitOfWork()
    services = request.getfixturevalue("services")
    return services.uow  # type: ignore[no-any-return]


def _partner(uow: Uow, name: str | None = None) -> Partner:
    partner = Partner(uuid.uuid4(), name or f"Label {uuid.uuid4().hex[:8]}", Tier.PRO, NOW)
    with uow() as work:
        work.partners.add(partner)
    return partner


def _asset(partner: Partner, **changes: object) -> Asset:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "partner_id": partner.id,
        "bucket": "uploads",
        "object_name": f"{partner.id}/up_{uuid.uuid4().hex[:8]}/a.flac",
        "generation": 1,
        "size_bytes": 10,
        "created_at": NOW,
        "sha256": uuid.uuid4().hex,
        "status": "extracted",
    }
    return Asset(**{**values, **changes})  # type: ignore[arg-type]


def test_partners_are_found_by_id_and_by_name_in_any_case(uow: Uow) -> None:
    partner = _partner(uow)

    with uow() as work:
        by_id = work.partners.get(partner.id)
        by_name = work.partners.find_by_name(partner.name.upper())
        by_reference = work.partners.get_by_name_or_id(str(partner.id))

    assert by_id == by_name == by_reference == partner


def test_a_partner_name_is_taken_once_and_a_missing_partner_is_not_found(uow: Uow) -> None:
    partner = _partner(uow)

    with pytest.raises(Conflict, match="already exists"), uow() as work:
        work.partners.add(Partner(uuid.uuid4(), partner.name.lower(), Tier.FREE, NOW))
    with pytest.raises(NotFound), uow() as work:
        work.partners.get(uuid.uuid4())
    with pytest.raises(NotFound, match="no partner named"), uow() as work:
        work.partners.get_by_name_or_id(f"nobody {uuid.uuid4().hex}")


def test_a_unit_of_work_that_raises_keeps_nothing_it_wrote(uow: Uow) -> None:
    partner = Partner(uuid.uuid4(), f"Label {uuid.uuid4().hex[:8]}", Tier.PRO, NOW)

    def add_then_fail() -> None:
        with uow() as work:
            work.partners.add(partner)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        add_then_fail()

    with uow() as work:
        assert work.partners.find_by_name(partner.name) is None


def test_a_partner_update_is_kept(uow: Uow) -> None:
    partner = _partner(uow)
    enterprise = Partner(partner.id, partner.name, Tier.ENTERPRISE, NOW, 365, legal_hold=True)

    with uow() as work:
        work.partners.update(enterprise)
    with uow() as work:
        kept = work.partners.get(partner.id)

    assert (kept.tier, kept.audio_retention_days, kept.legal_hold) == (Tier.ENTERPRISE, 365, True)


def test_audit_events_read_back_newest_first_per_entity_and_partner(uow: Uow) -> None:
    partner = _partner(uow)
    entity = uuid.uuid4()
    events = [
        AuditEvent(uuid.uuid4(), NOW + timedelta(minutes=i), f"track.update.{i}",
                   Actor.system("tests"), RetentionClass.OPERATIONAL, partner.id, "track", entity)
        for i in range(3)
    ]  # fmt: skip

    with uow() as work:
        work.audit.append(events)
    with uow() as work:
        of_entity = work.audit.of_entity(entity)
        since = work.audit.of_partner(partner.id, since=NOW + timedelta(minutes=1))

    assert [e.action for e in of_entity] == ["track.update.2", "track.update.1", "track.update.0"]
    assert [e.action for e in since] == ["track.update.2", "track.update.1"]


def test_a_dead_letter_is_recorded_once_per_message_and_resolved_once(uow: Uow) -> None:
    letter = DeadLetter(
        "analysis-dlq", f"m-{uuid.uuid4().hex}", b"{}", {"catalog_failure_reason": "boom"}, NOW
    )

    with uow() as work:
        before, _ = work.dead_letters.count_open()
        first = work.dead_letters.record(letter, partner_id=None, now=NOW)
        again = work.dead_letters.record(letter, partner_id=None, now=NOW)
        after, _ = work.dead_letters.count_open()
        listed = [r["id"] for r in work.dead_letters.open_letters(limit=1000)]
    with uow() as work:
        resolved = work.dead_letters.resolve(first, now=NOW)
        resolved_again = work.dead_letters.resolve(first, now=NOW)

    assert first == again
    assert after == before + 1
    assert first in listed
    assert (resolved, resolved_again) == (True, False)


def test_a_partners_dead_letters_name_their_subject_and_resolve_by_it(uow: Uow) -> None:
    mine, other = _partner(uow), _partner(uow)
    track, job = str(uuid.uuid4()), str(uuid.uuid4())

    def letter(partner: Partner, topic: str, data: dict[str, object], at: datetime) -> DeadLetter:
        attributes = {"catalog_source_topic": topic, "partner_id": str(partner.id)}
        return DeadLetter("jobs-dlq", uuid.uuid4().hex, json.dumps(data).encode(), attributes, at)

    with uow() as work:
        for partner, topic, data, minutes in (
            (mine, "analysis-low", {"asset_id": str(uuid.uuid4()), "track_id": track}, 1),
            (mine, "exports", {"job_id": job}, 2),
            (other, "analysis-low", {"track_id": track}, 3),
        ):
            at = NOW + timedelta(minutes=minutes)
            work.dead_letters.record(
                letter(partner, topic, data, at), partner_id=partner.id, now=at
            )
        listed = work.dead_letters.open_letters_of(mine.id, limit=10)
    with uow() as work:
        resolved = work.dead_letters.resolve_about(mine.id, {track}, now=NOW)
        left = work.dead_letters.open_letters_of(mine.id, limit=10)
        others = work.dead_letters.open_letters_of(other.id, limit=10)
        stranger = work.dead_letters.resolve(left[0].id, now=NOW, partner_id=other.id)

    assert [(x.subject_kind, x.subject_id) for x in listed] == [("export", job), ("track", track)]
    assert resolved == 1
    assert [x.subject_id for x in left] == [job]
    assert [x.subject_id for x in others] == [track]  # another partner's letter is untouched
    assert stranger is False


def test_an_object_generation_is_one_asset_found_by_object_and_content(uow: Uow) -> None:
    partner = _partner(uow)
    asset = _asset(partner)

    with uow() as work:
        inserted = work.assets.add_if_absent(asset, now=NOW)
        twice = work.assets.add_if_absent(_asset(partner, object_name=asset.object_name), now=NOW)
    with uow() as work:
        by_object = work.assets.find_by_object(partner.id, "uploads", asset.object_name, 1)
        by_content = work.assets.find_by_sha256(partner.id, str(asset.sha256))
        work.assets.set_status(partner.id, asset.id, "queued", now=NOW)
    with uow() as work:
        status = work.assets.lock(partner.id, asset.id).status

    assert (inserted, twice) == (True, False)
    assert by_object is not None
    assert by_object.id == asset.id
    assert [a.id for a in by_content] == [asset.id]
    assert status == "queued"


def test_a_missing_asset_is_not_found(uow: Uow) -> None:
    partner = _partner(uow)

    with pytest.raises(NotFound), uow() as work:
        work.assets.lock(partner.id, uuid.uuid4())


def test_analysis_attempts_count_up_and_end_with_a_state(uow: Uow) -> None:
    partner = _partner(uow)
    asset = _asset(partner)
    key = f"m-{uuid.uuid4().hex}"
    with uow() as work:
        work.assets.add_if_absent(asset, now=NOW)

    with uow() as work:
        never = work.analysis_attempts.state_of(key)
        first = work.analysis_attempts.begin(key, partner.id, asset.id, now=NOW)
        second = work.analysis_attempts.begin(key, partner.id, asset.id, now=NOW)
        work.analysis_attempts.finish(key, "done", now=NOW)
        state = work.analysis_attempts.state_of(key)

    assert (never, first, second, state) == (None, 1, 2, "done")


def test_the_cost_ledger_sums_one_kind_per_partner_and_day(uow: Uow) -> None:
    partner = _partner(uow)

    with uow() as work:
        work.ai_costs.add(partner.id, None, "gpt", "fallback", 0.0125, now=NOW)
        work.ai_costs.add(partner.id, None, "gpt", "fallback", 0.0100004, now=NOW)
        work.ai_costs.add(partner.id, None, "qwen", "primary", 1.0, now=NOW)
        work.ai_costs.add(partner.id, None, "gpt", "fallback", 5.0, now=NOW + timedelta(days=1))
        spent = work.ai_costs.spent(partner.id, NOW.date(), "fallback")

    assert spent == pytest.approx(0.0225)


def test_an_asset_keeps_its_first_a_b_arm(uow: Uow) -> None:
    partner = _partner(uow)
    asset = _asset(partner)
    with uow() as work:
        work.assets.add_if_absent(asset, now=NOW)

    with uow() as work:
        first = work.ab_assignments.assign(partner.id, asset.id, "challenger", "local", now=NOW)
        later = work.ab_assignments.assign(partner.id, asset.id, "primary", "qwen", now=NOW)

    assert first == later == ("challenger", "local")
