"""Retention and cleanup with a controllable clock on real PostgreSQL and the local blob store.

Every cleanup here runs over the whole (shared) test database, so assertions look only at the
objects each test made for its own partners.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services
from shared.domain.assets import Asset
from shared.domain.audit import Actor, AuditEvent, FieldChange, RetentionClass
from shared.domain.enrichment import Label, TimelineSegment, TrackTimeline
from shared.domain.partners import Partner, Tier
from shared.domain.recordings import SoundRecording
from shared.domain.retention import CleanupKind, DeletionNotice, NotificationTarget
from shared.errors import Forbidden, InvalidField, NotFound
from shared.services.cleanup import CleanupPolicy, CleanupService
from shared.services.retention import AudioRetention, RetentionPolicy
from tests.conftest import TEST_ACTOR

DAY = timedelta(days=1)


@dataclass
class RecordingNotifier:
    """Captures notices instead of sending them (the real channels have their own tests)."""

    sent: list[DeletionNotice] = field(default_factory=list)
    fail: bool = False

    def send(self, notice: DeletionNotice, target: NotificationTarget) -> str:
        if self.fail:
            from shared.errors import Unavailable

            raise Unavailable("webhook down")
        self.sent.append(notice)
        return "recording"

    def assets_told(self, partner: Partner) -> list[uuid.UUID]:
        return [i.asset_id for n in self.sent if n.partner_id == partner.id for i in n.items]


@dataclass
class Ops:
    cleanup: CleanupService
    retention: AudioRetention
    notifier: RecordingNotifier
    services: Services

    def run(self, at: datetime, *, dry_run: bool = False):  # noqa: ANN201
        return self.cleanup.run(now=at, dry_run=dry_run)


@pytest.fixture
def ops(services: Services) -> Ops:
    settings = services.settings
    notifier = RecordingNotifier()
    retention = AudioRetention(
        services.uow,
        services.blobs,
        notifier,
        RetentionPolicy(settings.audio_bucket, timedelta(days=7), 365, "http://x/extensions"),
    )
    cleanup = CleanupService(
        services.uow,
        services.blobs,
        retention,
        CleanupPolicy(
            settings.uploads_bucket,
            settings.audio_bucket,
            timedelta(hours=24),
            timedelta(days=30),
            batch_size=1000,
        ),
    )
    return Ops(cleanup, retention, notifier, services)


def _partner(services: Services, now: datetime, tier: Tier, days: int | None = None) -> Partner:
    return services.partners.create_partner(
        f"Label {uuid.uuid4().hex[:8]}", tier, now=now, actor=TEST_ACTOR, audio_retention_days=days
    )


def _audio(services: Services, partner: Partner, created_at: datetime) -> Asset:
    name = f"{partner.id}/{uuid.uuid4().hex}.flac"
    services.blobs.write(services.settings.audio_bucket, name, b"fLaC", content_type="audio/flac")
    asset = Asset(uuid.uuid4(), partner.id, "uploads", name, 1, 4, created_at, audio_object=name)
    with services.uow() as uow:
        uow.assets.add(asset, now=created_at)
    return asset


def _has_audio(services: Services, asset: Asset) -> bool:
    with services.uow() as uow:
        stored = uow.assets.get(asset.partner_id, asset.id)
    on_disk = services.blobs.path_of(services.settings.audio_bucket, str(asset.audio_object))
    assert (stored.audio_object is not None) == on_disk.exists(), "row and object disagree"
    return stored.audio_object is not None


def test_free_audio_goes_at_30_days_after_a_notice_7_days_before(ops: Ops, now: datetime) -> None:
    """Daily runs from a week before `now`: objects 29, 30 and 31 days old at `now`."""
    free = _partner(ops.services, now, Tier.FREE)
    age_29, age_30, age_31 = (_audio(ops.services, free, now - d * DAY) for d in (29, 30, 31))
    told_on: dict[uuid.UUID, int] = {}
    kept_at_now: dict[uuid.UUID, bool] = {}

    for day in range(-7, 2):
        ops.run(now + day * DAY)
        for asset_id in ops.notifier.assets_told(free):
            told_on.setdefault(asset_id, day)
        if day == 0:
            kept_at_now = {a.id: _has_audio(ops.services, a) for a in (age_29, age_30, age_31)}

    assert told_on == {age_31.id: -7, age_30.id: -7, age_29.id: -6}
    assert kept_at_now == {age_29.id: True, age_30.id: False, age_31.id: False}
    assert not _has_audio(ops.services, age_29)  # its 30 days were over the next day
    assert sorted(ops.notifier.assets_told(free)) == sorted([age_29.id, age_30.id, age_31.id])


def test_a_notice_is_sent_once_per_asset(ops: Ops, now: datetime) -> None:
    free = _partner(ops.services, now, Tier.FREE)
    asset = _audio(ops.services, free, now - 25 * DAY)

    for hours in (0, 1, 24, 48):
        ops.run(now + timedelta(hours=hours))

    assert ops.notifier.assets_told(free) == [asset.id]
    assert len([n for n in ops.notifier.sent if n.partner_id == free.id]) == 1


def test_audio_never_goes_without_a_full_notice_period(ops: Ops, now: datetime) -> None:
    """A partner never told (a missed run, a downgrade) still gets 7 days."""
    free = _partner(ops.services, now, Tier.FREE)
    overdue = _audio(ops.services, free, now - 45 * DAY)

    ops.run(now)
    after_6_days = ops.run(now + 6 * DAY)
    ops.run(now + 7 * DAY)

    assert ops.notifier.assets_told(free) == [overdue.id]
    assert all(item.partner_id != free.id for item in after_6_days.items)
    assert not _has_audio(ops.services, overdue)


def test_a_failed_notice_is_retried_and_nothing_is_deleted_meanwhile(
    ops: Ops, now: datetime
) -> None:
    free = _partner(ops.services, now, Tier.FREE)
    asset = _audio(ops.services, free, now - 40 * DAY)
    ops.notifier.fail = True

    ops.run(now)
    ops.notifier.fail = False
    ops.run(now + 8 * DAY)  # the first notice that got through
    still_there = _has_audio(ops.services, asset)

    assert ops.notifier.assets_told(free) == [asset.id]
    assert still_there


def test_pro_keeps_audio_six_months(ops: Ops, now: datetime) -> None:
    pro = _partner(ops.services, now, Tier.PRO)
    young, old = (
        _audio(ops.services, pro, now - 170 * DAY),
        _audio(ops.services, pro, now - 190 * DAY),
    )

    ops.run(now)
    ops.run(now + 7 * DAY)

    assert _has_audio(ops.services, young)
    assert not _has_audio(ops.services, old)


def test_enterprise_custom_retention_and_its_extension_are_honoured(
    ops: Ops, now: datetime
) -> None:
    enterprise = _partner(ops.services, now, Tier.ENTERPRISE, days=60)
    asset = _audio(ops.services, enterprise, now - 55 * DAY)
    ops.run(now)  # notice: deletion due at day 60 (now + 5 days)

    extended = ops.retention.extend(
        enterprise.id, days=30, asset_ids=[], now=now + DAY, actor=TEST_ACTOR
    )
    ops.run(now + 6 * DAY)  # the old date passed: kept
    kept_after_old_date = _has_audio(ops.services, asset)
    ops.run(now + 28 * DAY)  # a week before the new date: told again
    ops.run(now + 35 * DAY)

    assert [e.asset_id for e in extended] == [asset.id]
    assert extended[0].retain_until == asset.created_at + 90 * DAY
    assert kept_after_old_date
    assert ops.notifier.assets_told(enterprise) == [asset.id, asset.id]
    assert not _has_audio(ops.services, asset)
    assert ops.notifier.sent[0].extension_url == "http://x/extensions"


def test_enterprise_without_custom_retention_keeps_audio(ops: Ops, now: datetime) -> None:
    enterprise = _partner(ops.services, now, Tier.ENTERPRISE)
    asset = _audio(ops.services, enterprise, now - 3000 * DAY)

    ops.run(now)

    assert ops.notifier.assets_told(enterprise) == []
    assert _has_audio(ops.services, asset)


def test_only_enterprise_may_extend(ops: Ops, now: datetime) -> None:
    pro = _partner(ops.services, now, Tier.PRO)
    asset = _audio(ops.services, pro, now - 180 * DAY)

    with pytest.raises(Forbidden, match="Enterprise feature"):
        ops.retention.extend(pro.id, days=30, asset_ids=[asset.id], now=now, actor=TEST_ACTOR)


def test_an_extension_names_real_assets_and_sane_days(ops: Ops, now: datetime) -> None:
    enterprise = _partner(ops.services, now, Tier.ENTERPRISE, days=60)

    with pytest.raises(InvalidField, match="days: 0 is not between 1 and 365"):
        ops.retention.extend(enterprise.id, days=0, asset_ids=[], now=now, actor=TEST_ACTOR)
    with pytest.raises(NotFound, match="has no kept audio"):
        ops.retention.extend(
            enterprise.id, days=5, asset_ids=[uuid.uuid4()], now=now, actor=TEST_ACTOR
        )


def _upload(ops: Ops, name: str, age: timedelta, now: datetime) -> str:
    bucket = ops.services.settings.uploads_bucket
    ops.services.blobs.write(bucket, name, b"ID3", content_type="audio/mpeg")
    stamp = (now - age).timestamp()
    os.utime(ops.services.blobs.path_of(bucket, name), (stamp, stamp))
    return name


def _upload_exists(ops: Ops, name: str) -> bool:
    return ops.services.blobs.path_of(ops.services.settings.uploads_bucket, name).exists()


def test_uploads_are_purged_after_24_hours(ops: Ops, now: datetime) -> None:
    partner_id = uuid.uuid4()
    names = {
        h: _upload(ops, f"{partner_id}/{h}h.mp3", timedelta(hours=h), now) for h in (23, 24, 25)
    }

    ops.run(now)

    assert {h: _upload_exists(ops, name) for h, name in names.items()} == {
        23: True,
        24: False,
        25: False,
    }


def _track(
    services: Services, partner: Partner, title: str, deleted_at: datetime
) -> SoundRecording:
    track = SoundRecording(uuid.uuid4(), partner.id, title, display_artist="Jane Doe")
    with services.uow() as uow:
        uow.tracks.add(track, now=deleted_at - DAY)
        uow.audit.append(
            [
                AuditEvent(
                    uuid.uuid4(),
                    deleted_at - DAY,
                    "track.update",
                    TEST_ACTOR,
                    RetentionClass.OPERATIONAL,
                    partner.id,
                    "track",
                    track.id,
                    changes=(FieldChange("display_artist", None, "Jane Doe"),),
                )
            ]
        )
        uow.tracks.soft_delete(partner.id, track.id, now=deleted_at)
    return track


def _track_row_exists(services: Services, track: SoundRecording) -> bool:
    with services.engine.connect() as conn:
        found = conn.execute(
            sa.text("SELECT count(*) FROM tracks WHERE partner_id = :p AND id = :i"),
            {"p": track.partner_id, "i": track.id},
        ).scalar()
    return bool(found)


def test_soft_deleted_records_are_purged_after_the_grace_period(ops: Ops, now: datetime) -> None:
    pro = _partner(ops.services, now, Tier.PRO)
    tracks = {d: _track(ops.services, pro, f"Song {d}", now - d * DAY) for d in (29, 30, 31)}

    ops.run(now)

    assert {d: _track_row_exists(ops.services, t) for d, t in tracks.items()} == {
        29: True,
        30: False,
        31: False,
    }


def test_a_purge_leaves_an_audit_entry_without_the_personal_data(ops: Ops, now: datetime) -> None:
    pro = _partner(ops.services, now, Tier.PRO)
    track = _track(ops.services, pro, "Secret Song", now - 40 * DAY)

    ops.run(now)

    with ops.services.uow() as uow:
        history = uow.audit.of_entity(track.id)
    purge = next(e for e in history if e.action == "track.purged")
    earlier = next(e for e in history if e.action == "track.update")
    assert purge.partner_id == pro.id
    assert purge.entity_type == "track"
    assert "Secret Song" not in repr(purge)
    assert "Jane Doe" not in repr(purge)
    assert "Jane Doe" not in repr(earlier)  # values blanked, the fact of the change kept
    assert earlier.changes[0].field == "display_artist"


def test_a_purged_asset_takes_its_audio_with_it(ops: Ops, now: datetime) -> None:
    pro = _partner(ops.services, now, Tier.PRO)
    asset = _audio(ops.services, pro, now - 10 * DAY)
    segment = TimelineSegment(0.0, 15.0, (Label("rock", 0.5),), ())
    with ops.services.uow() as uow:
        uow.timelines.put(pro.id, TrackTimeline(asset.id, (segment,), "musicnn", "t"), now=now)
        uow.assets.soft_delete(pro.id, asset.id, now=now - 31 * DAY)

    ops.run(now)

    path = ops.services.blobs.path_of(ops.services.settings.audio_bucket, str(asset.audio_object))
    assert not path.exists()
    with ops.services.uow() as uow:
        assert uow.assets.find(pro.id, asset.id) is None
    with ops.services.engine.connect() as conn:
        timelines = conn.execute(
            sa.text("SELECT count(*) FROM asset_timelines WHERE asset_id = :a"), {"a": asset.id}
        ).scalar()
    assert timelines == 0  # the timeline goes with its asset


def test_legal_hold_stops_every_deletion(ops: Ops, now: datetime) -> None:
    held = _partner(ops.services, now, Tier.FREE)
    audio = _audio(ops.services, held, now - 60 * DAY)
    upload = _upload(ops, f"{held.id}/old.mp3", timedelta(hours=48), now)
    track = _track(ops.services, held, "Evidence", now - 90 * DAY)
    ops.retention.set_legal_hold(held.id, on=True, now=now, actor=TEST_ACTOR)

    report = ops.run(now + 30 * DAY)

    assert held.id in report.held_partners
    assert all(item.partner_id != held.id for item in report.items)
    assert ops.notifier.assets_told(held) == []
    assert _has_audio(ops.services, audio)
    assert _upload_exists(ops, upload)
    assert _track_row_exists(ops.services, track)


def test_lifting_the_hold_lets_retention_resume(ops: Ops, now: datetime) -> None:
    partner = _partner(ops.services, now, Tier.FREE)
    audio = _audio(ops.services, partner, now - 60 * DAY)
    ops.retention.set_legal_hold(partner.id, on=True, now=now, actor=TEST_ACTOR)
    ops.run(now)

    ops.retention.set_legal_hold(partner.id, on=False, now=now, actor=TEST_ACTOR)
    ops.run(now + DAY)
    ops.run(now + 8 * DAY)

    assert ops.notifier.assets_told(partner) == [audio.id]
    assert not _has_audio(ops.services, audio)


def test_a_dry_run_lists_what_would_go_and_changes_nothing(ops: Ops, now: datetime) -> None:
    free = _partner(ops.services, now, Tier.FREE)
    audio = _audio(ops.services, free, now - 40 * DAY)
    upload = _upload(ops, f"{free.id}/stale.wav", timedelta(hours=30), now)
    track = _track(ops.services, free, "Gone", now - 45 * DAY)

    report = ops.run(now, dry_run=True)

    mine = {(i.kind, i.target) for i in report.items if i.partner_id == free.id}
    assert (CleanupKind.NOTICE, f"audio/{audio.audio_object}") in mine
    assert (CleanupKind.UPLOAD, f"uploads/{upload}") in mine
    assert (CleanupKind.GDPR, f"track {track.id}") in mine
    assert report.dry_run
    assert ops.notifier.sent == []
    assert _has_audio(ops.services, audio)
    assert _upload_exists(ops, upload)
    assert _track_row_exists(ops.services, track)


def _partitions(services: Services) -> set[str]:
    with services.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT name FROM audit_partitions")).scalars())


def _audit(services: Services, partner: Partner, when: datetime, cls: RetentionClass) -> uuid.UUID:
    event_id = uuid.uuid4()
    with services.uow() as uow:
        uow.audit.append(
            [
                AuditEvent(
                    event_id,
                    when,
                    "test.event",
                    Actor.system("t"),
                    cls,
                    partner.id,
                    "partner",
                    partner.id,
                )
            ]
        )
    return event_id


def _audit_exists(services: Services, event_id: uuid.UUID) -> bool:
    with services.engine.connect() as conn:
        return bool(
            conn.execute(
                sa.text("SELECT count(*) FROM audit_events WHERE id = :i"), {"i": event_id}
            ).scalar()
        )


def test_audit_partitions_are_dropped_per_retention_class(ops: Ops, now: datetime) -> None:
    """DDEX 7 years, AI 3 years, operational 6 months; held partners' rows survive the drop."""
    with ops.services.engine.begin() as conn:
        for month in ("2020-06-01", "2026-04-01", "2026-05-01"):
            conn.execute(sa.text("SELECT catalog_ensure_audit_partitions(:m, 1)"), {"m": month})
    held, other = _partner(ops.services, now, Tier.PRO), _partner(ops.services, now, Tier.PRO)
    june_2020 = datetime(2020, 6, 15, tzinfo=now.tzinfo)
    kept_for_hold = _audit(ops.services, held, june_2020, RetentionClass.AI)
    dropped = _audit(ops.services, other, june_2020, RetentionClass.AI)
    ops.retention.set_legal_hold(held.id, on=True, now=now, actor=TEST_ACTOR)

    report = ops.run(now)

    names = _partitions(ops.services)
    assert "audit_events_ddex_202006" in names  # 7 years not over
    assert "audit_events_ai_202006" not in names
    assert "audit_events_operational_202006" not in names
    assert "audit_events_operational_202604" not in names  # ended before 2026-05-25
    assert "audit_events_operational_202605" in names
    assert {"audit_events_ai_202612", "audit_events_ai_202701"} <= names  # prepared ahead
    assert _audit_exists(ops.services, kept_for_hold)
    assert not _audit_exists(ops.services, dropped)
    dropped_items = [i for i in report.items if i.kind is CleanupKind.AUDIT_PARTITION]
    assert any("legal hold kept" in i.reason for i in dropped_items)


def test_a_purged_party_takes_its_credits_and_keeps_the_tracks(ops: Ops, now: datetime) -> None:
    from shared.domain.parties import Party, PartyKind
    from shared.domain.recordings import Contributor

    pro = _partner(ops.services, now, Tier.PRO)
    party = Party(uuid.uuid4(), pro.id, "Jane Doe", PartyKind.PERSON)
    track = SoundRecording(
        uuid.uuid4(),
        pro.id,
        "Duet",
        contributors=(Contributor(party.id, "Jane Doe", "MainArtist"),),
    )
    with ops.services.uow() as uow:
        uow.parties.add(party, now=now - 60 * DAY)
        uow.tracks.add(track, now=now - 60 * DAY)
        uow.parties.soft_delete(pro.id, party.id, now=now - 31 * DAY)

    ops.run(now)

    with ops.services.uow() as uow:
        kept = uow.tracks.get(pro.id, track.id)
    assert kept.title == "Duet"
    assert kept.contributors == ()
    with ops.services.engine.connect() as conn:
        assert not conn.execute(
            sa.text("SELECT count(*) FROM parties WHERE id = :i"), {"i": party.id}
        ).scalar()


def test_a_soft_deleted_partner_is_purged_whole(ops: Ops, now: datetime) -> None:
    gone = _partner(ops.services, now, Tier.FREE)
    asset = _audio(ops.services, gone, now - 5 * DAY)
    _track(ops.services, gone, "Old", now - 2 * DAY)
    with ops.services.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE partners SET deleted_at = :t WHERE id = :i"),
            {"t": now - 31 * DAY, "i": gone.id},
        )

    report = ops.run(now)

    assert (CleanupKind.GDPR, f"partner {gone.id}") in {(i.kind, i.target) for i in report.items}
    with ops.services.engine.connect() as conn:
        for table in ("partners", "tracks", "assets"):
            column = "id" if table == "partners" else "partner_id"
            count = conn.execute(
                sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :i"), {"i": gone.id}
            ).scalar()
            assert count == 0, table
    path = ops.services.blobs.path_of(ops.services.settings.audio_bucket, str(asset.audio_object))
    assert not path.exists()
