"""Stored validation results: the database queues a release whenever a write may change its
findings, the sweep re-checks queued releases, and catalog lists filter by the stored result
(the grid's "failed validation" filter). Real PostgreSQL, real DDEX/CWR validation."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services
from shared.db.repositories.validation_results import ValidationResults
from shared.db.tables import release_validations, validation_dirty
from shared.domain.audit import Actor
from shared.domain.bundles import ReleaseBundle
from shared.domain.ddex_parties import DdexParties
from shared.domain.identifiers import Dpid
from shared.domain.partners import Partner
from shared.domain.search import CatalogQuery
from shared.errors import InvalidField
from shared.services.catalog import BulkEdit
from tests.support.catalog import album_bundle, store_bundle

ACTOR = Actor.system("tests")


def _queued(services: Services, release_id: UUID) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count()).where(validation_dirty.c.release_id == release_id)
            ).scalar_one()
        )


def _sweep(services: Services, partner: Partner, now: datetime, limit: int = 100_000):  # type: ignore[no-untyped-def]
    return services.validation.sweep(
        now=lambda: now, limit=limit, budget_s=600, partner_id=partner.id
    )


def _stored(services: Services, release_id: UUID) -> sa.Row | None:  # type: ignore[type-arg]
    with services.engine.connect() as conn:
        return conn.execute(
            sa.select(release_validations).where(release_validations.c.release_id == release_id)
        ).one_or_none()


def _album(partner: Partner, *, broken: bool = False) -> ReleaseBundle:
    """The test album, its audio objects named apart from other copies'; ``broken``: its second
    track has no ISRC, which blocks a DDEX delivery."""
    bundle = album_bundle(partner.id)
    suffix = uuid.uuid4().hex
    assets = tuple(replace(a, object_name=f"{suffix}/{a.object_name}") for a in bundle.assets)
    tracks = list(bundle.tracks)
    if broken:
        tracks[1] = replace(tracks[1], isrc=None)
    return replace(bundle, assets=assets, tracks=tuple(tracks))


def _ids(services: Services, kind: str, partner: Partner, **filters: object) -> set[UUID]:
    page = services.catalog.search(kind, partner.id, CatalogQuery(limit=500, **filters))  # type: ignore[arg-type]
    return {item.id for item in page.items}


def test_sweep_stores_results_and_lists_filter_by_them(
    services: Services, partner: Partner, now: datetime
) -> None:
    good = store_bundle(services, _album(partner), now)
    bad = store_bundle(services, _album(partner, broken=True), now)
    assert _ids(services, "release", partner, validation="unchecked") == {
        good.release.id,
        bad.release.id,
    }

    report = _sweep(services, partner, now)

    assert (report.checked, report.failed, report.waiting) == (2, 1, 0)
    assert _ids(services, "release", partner, validation="failed") == {bad.release.id}
    assert _ids(services, "release", partner, validation="valid") == {good.release.id}
    assert _ids(services, "release", partner, validation="unchecked") == set()
    assert _ids(services, "track", partner, validation="failed") == {t.id for t in bad.tracks}
    stored = _stored(services, bad.release.id)
    assert stored is not None
    assert stored.blocking >= 1
    assert stored.checked_at == now


def test_fixing_the_field_requeues_the_release_and_the_next_sweep_clears_it(
    services: Services, partner: Partner, now: datetime
) -> None:
    bad = store_bundle(services, _album(partner, broken=True), now)
    _sweep(services, partner, now)
    assert _queued(services, bad.release.id) == 0

    services.catalog.update(
        "track", partner.id, bad.tracks[1].id, {"isrc": "GBAYE0601498"}, actor=ACTOR, now=now
    )

    assert _queued(services, bad.release.id) >= 1
    # until the sweep runs, the filter shows the last result the user saw
    assert _ids(services, "release", partner, validation="failed") == {bad.release.id}
    _sweep(services, partner, now + timedelta(minutes=1))
    assert _ids(services, "release", partner, validation="failed") == set()
    assert _ids(services, "track", partner, validation="valid") == {t.id for t in bad.tracks}


def test_writes_to_every_table_a_release_reads_queue_it(
    services: Services, partner: Partner, now: datetime
) -> None:
    """Triggers cover the release, its tracks, deals, contributors, works, writers, parties and
    audio assets, and a track moving out of a release queues the release it left."""
    bundle = store_bundle(services, _album(partner), now)
    release_id = bundle.release.id
    writes = {
        "release": "UPDATE releases SET label_name = 'New Label' WHERE id = :release",
        "track": "UPDATE tracks SET title = title || '!' WHERE id = :track",
        "deal": "UPDATE deals SET end_date = '2030-01-01' WHERE release_id = :release",
        "contributor": "DELETE FROM track_contributors WHERE track_id = :track",
        "work": "UPDATE works SET title = 'Renamed' WHERE id = :work",
        "writer": "UPDATE work_writers SET pr_share = pr_share WHERE work_id = :work",
        "party": "UPDATE parties SET name = name || ' Jr' WHERE id = :party",
        "asset": "UPDATE assets SET format = format WHERE id = :asset",
        "moved away": "UPDATE tracks SET release_id = NULL WHERE id = :track",
    }
    first = bundle.tracks[0]
    work = next(t.work_id for t in bundle.tracks if t.work_id)
    keys = {
        "release": release_id,
        "track": first.id,
        "work": work,
        "party": first.contributors[0].party_id,
        "asset": next(t.asset_id for t in bundle.tracks if t.asset_id),
    }
    for name, statement in writes.items():
        with services.engine.begin() as conn:
            conn.execute(sa.delete(validation_dirty))
            conn.execute(sa.text(statement), keys)
        assert _queued(services, release_id) == 1, name


def test_a_write_committed_during_a_check_keeps_the_release_queued(
    services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_bundle(services, _album(partner), now)
    with services.uow() as uow:
        seen = ValidationResults(uow.connection).queued_for(partner.id, bundle.release.id)
    # an edit lands after the checker took its queue rows but before it stored the result
    services.catalog.update(
        "release", partner.id, bundle.release.id, {"label_name": "Later"}, actor=ACTOR, now=now
    )
    with services.uow() as uow:
        ValidationResults(uow.connection).record(seen, blocking=0, warnings=0, checked_at=now)

    assert seen.queue_ids  # the checker did take the release off the queue...
    assert _queued(services, bundle.release.id) == 1  # ...and the edit put it back


def test_opening_the_findings_stores_what_the_user_saw(
    services: Services, partner: Partner, now: datetime
) -> None:
    bad = store_bundle(services, _album(partner, broken=True), now)

    result = services.validation.release_findings(partner.id, bad.release.id, now=now)

    stored = _stored(services, bad.release.id)
    assert result["valid"] is False
    assert stored is not None
    assert not stored.valid
    assert stored.blocking == result["summary"]["blocking"]
    assert _queued(services, bad.release.id) == 0


def test_bulk_edit_queues_each_release_once_per_statement(
    services: Services, partner: Partner, now: datetime
) -> None:
    bundle = store_bundle(services, _album(partner), now)
    _sweep(services, partner, now)

    services.catalog.bulk_edit(
        "track",
        partner.id,
        CatalogQuery(release_id=bundle.release.id),
        BulkEdit(set={"genre": "Jazz"}),
        actor=ACTOR,
        now=now,
    )

    assert 1 <= _queued(services, bundle.release.id) <= 2  # the update, and its audit of tracks
    assert _sweep(services, partner, now).checked == 1


def test_deleted_release_leaves_no_result_and_a_broken_check_does_not_stop_the_sweep(
    services: Services, partner: Partner, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = store_bundle(services, _album(partner), now)
    _sweep(services, partner, now)
    services.catalog.delete("release", partner.id, gone.release.id, actor=ACTOR, now=now)
    other = store_bundle(services, _album(partner, broken=True), now)
    original = services.validation._findings
    broken = album_bundle(partner.id).release.id

    def findings(partner_id: UUID, release_id: UUID, when: datetime):  # type: ignore[no-untyped-def]
        if release_id == broken:
            raise RuntimeError("checker bug")
        return original(partner_id, release_id, when)

    monkeypatch.setattr(services.validation, "_findings", findings)
    with services.engine.begin() as conn:
        conn.execute(sa.insert(validation_dirty).values(partner_id=partner.id, release_id=broken))

    report = _sweep(services, partner, now)

    assert (report.gone, report.errors, report.checked, report.failed) == (1, 1, 1, 1)
    assert _stored(services, gone.release.id) is None
    assert _queued(services, broken) == 1  # kept for the next sweep
    assert _ids(services, "release", partner, validation="failed") == {other.release.id}


def test_kinds_without_releases_refuse_the_filter(services: Services, partner: Partner) -> None:
    with pytest.raises(InvalidField) as refused:
        _ids(services, "work", partner, validation="failed")
    assert refused.value.field == "validation"


def test_unset_dpids_are_one_warning_not_a_failure_of_every_release(
    services: Services, partner: Partner, now: datetime
) -> None:
    good = store_bundle(services, _album(partner), now)

    result = services.validation.release_findings(partner.id, good.release.id, now=now)

    dpid = [f for f in result["findings"] if f["rule"] == "ddex.dpid"]
    assert result["valid"] is True
    assert [f["severity"] for f in dpid] == ["warning"]
    assert "DDEX_SENDER_DPID" in dpid[0]["hint"]
    assert dpid[0]["message"].startswith("no DDEX sender or recipient DPID is configured")


def test_the_unset_dpid_warning_names_the_party_that_is_missing(
    services: Services, partner: Partner, now: datetime
) -> None:
    good = store_bundle(services, _album(partner), now)
    sender = DdexParties(Dpid.parse("PADPIDA2007050901U"), "Example Records")
    services.partners.set_ddex_parties(partner.id, sender, now=now, actor=ACTOR)

    result = services.validation.release_findings(partner.id, good.release.id, now=now)

    (dpid,) = [f for f in result["findings"] if f["rule"] == "ddex.dpid"]
    assert dpid["message"].startswith("no DDEX recipient DPID is configured")


def test_partners_take_turns_so_one_big_backlog_does_not_hold_back_others(
    services: Services, partner: Partner, now: datetime
) -> None:
    other = services.partners.create_partner(
        f"Small {uuid.uuid4().hex[:6]}", partner.tier, now=now, actor=ACTOR
    )
    with services.engine.begin() as conn:
        conn.execute(sa.delete(validation_dirty))
        big = [uuid.uuid4() for _ in range(5)]
        for release_id in big:  # the big partner's backlog is older
            conn.execute(
                sa.insert(validation_dirty).values(partner_id=partner.id, release_id=release_id)
            )
        small = uuid.uuid4()
        conn.execute(sa.insert(validation_dirty).values(partner_id=other.id, release_id=small))

    with services.uow() as uow:
        first_two = ValidationResults(uow.connection).stale(2)

    assert [s.release_id for s in first_two] == [big[0], small]
