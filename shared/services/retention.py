"""Audio retention: deletion notices, deletions after notice, Enterprise extensions, legal hold."""

from __future__ import annotations

import dataclasses
import logging
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlparse
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, FieldChange, RetentionClass
from shared.domain.partners import Partner, Tier
from shared.domain.records import KeptAudio
from shared.domain.retention import (
    CleanupItem,
    CleanupKind,
    DeletionNotice,
    NoticeItem,
    NotificationTarget,
    SentNotice,
    audio_expires_at,
    decide_audio,
    default_retention_days,
)
from shared.errors import Forbidden, InvalidField, NotFound
from shared.ports import BlobStore, Notifier
from shared.repositories import RetentionRepository
from shared.services.flags import FeatureFlags
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

CLEANUP_ACTOR = Actor.system("cleanup")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """The knobs of audio retention (from settings)."""

    audio_bucket: str
    notice_period: timedelta
    max_extension_days: int
    extension_url: str  # where an Enterprise partner extends (the API route)


@dataclass(frozen=True, slots=True)
class StepResult:
    """What one cleanup step did."""

    items: tuple[CleanupItem, ...] = ()
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Extension:
    """One asset's retention after an extension."""

    asset_id: UUID
    retain_until: datetime


class AudioRetention:
    """Notify, then delete kept audio past its tier's retention; extend it for Enterprise."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        notifier: Notifier,
        policy: RetentionPolicy,
        flags: FeatureFlags | None = None,
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._notifier = notifier
        self._policy = policy
        self._flags = flags

    def apply(self, *, now: datetime, dry_run: bool, limit: int) -> StepResult:
        """Send due notices (one per partner) and delete audio whose notice period is over."""
        with self._uow() as uow:
            candidates = uow.retention.audio_near_expiry(
                now=now,
                notice_period=self._policy.notice_period,
                default_days=default_retention_days(),
                limit=limit,
            )
        to_notify: dict[UUID, list[tuple[KeptAudio, datetime]]] = {}
        items: list[CleanupItem] = []
        for audio in candidates:
            expires_at = audio_expires_at(audio.partner, audio.created_at, audio.retain_until)
            decision = decide_audio(
                expires_at, audio.notice, now=now, notice_period=self._policy.notice_period
            )
            if decision == "notify" and expires_at is not None:
                to_notify.setdefault(audio.partner.id, []).append((audio, expires_at))
            elif decision == "delete" and self._deletion_allowed(audio.partner.id):
                items.append(self._delete(audio, now=now, dry_run=dry_run))
        for batch in to_notify.values():
            items.extend(self._notify(batch, now=now, dry_run=dry_run))
        return StepResult(tuple(items), complete=len(candidates) < limit)

    def _notify(
        self, batch: Sequence[tuple[KeptAudio, datetime]], *, now: datetime, dry_run: bool
    ) -> list[CleanupItem]:
        partner = batch[0][0].partner
        period = self._policy.notice_period
        notice = DeletionNotice(
            partner.id,
            partner.name,
            partner.tier,
            tuple(
                NoticeItem(
                    audio.asset_id,
                    audio.audio_object,
                    expires,
                    SentNotice(expires, now).deletion_at(period),
                )
                for audio, expires in batch
            ),
            now,
            self._policy.extension_url if partner.tier is Tier.ENTERPRISE else None,
        )
        items = [
            CleanupItem(
                CleanupKind.NOTICE,
                f"{self._policy.audio_bucket}/{item.audio_object}",
                partner.id,
                f"deletion on {item.deletion_at:%Y-%m-%d}",
            )
            for item in notice.items
        ]
        if dry_run:
            return items
        with self._uow() as uow:  # recorded only if the send succeeds: a failed send retries
            repo = uow.retention
            channel = self._notifier.send(notice, repo.target(partner.id))
            for (audio, expires), item in zip(batch, notice.items, strict=True):
                repo.record_notice(
                    audio,
                    expires_at=expires,
                    deletion_at=item.deletion_at,
                    now=now,
                    channel=channel,
                )
            uow.audit.append([_notice_event(notice, channel)])
        logger.info(
            "deletion notice to partner %s: %d asset(s) via %s",
            partner.id,
            len(notice.items),
            channel,
        )
        return items

    def _deletion_allowed(self, partner_id: UUID) -> bool:
        """The retention.audio_deletion flag: deletions can be rolled out partner by partner."""
        if self._flags is None or self._flags.is_enabled("retention.audio_deletion", partner_id):
            return True
        logger.info("audio deletion paused for partner %s by its feature flag", partner_id)
        return False

    def _delete(self, audio: KeptAudio, *, now: datetime, dry_run: bool) -> CleanupItem:
        bucket = self._policy.audio_bucket
        item = CleanupItem(
            CleanupKind.AUDIO,
            f"{bucket}/{audio.audio_object}",
            audio.partner.id,
            f"{audio.partner.tier.value} retention over",
        )
        if dry_run:
            return item
        try:
            self._blobs.delete(bucket, audio.audio_object)  # first: a failed commit retries
        except NotFound:
            logger.info("audio %s/%s was already gone", bucket, audio.audio_object)
        with self._uow() as uow:
            uow.retention.mark_audio_deleted(audio, now=now)
            uow.audit.append([_deleted_event(audio, bucket, now)])
        return item

    def extend(
        self,
        partner_id: UUID,
        *,
        days: int,
        asset_ids: Sequence[UUID],
        now: datetime,
        actor: Actor,
    ) -> list[Extension]:
        """Keep audio ``days`` longer (Enterprise only); no ids: every asset with a notice."""
        if not 1 <= days <= self._policy.max_extension_days:
            raise InvalidField(
                "days", f"{days} is not between 1 and {self._policy.max_extension_days}"
            )
        with self._uow() as uow:
            partner = uow.partners.get(partner_id)
            _require_enterprise(partner)
            repo = uow.retention
            wanted = list(asset_ids) or [
                UUID(str(row["asset_id"])) for row in repo.pending_deletions(partner.id)
            ]
            kept = repo.kept_audio_of(partner, wanted) if wanted else []
            _require_all_found(wanted, kept)
            done = [self._extend_one(uow, repo, audio, days, now, actor) for audio in kept]
        return [extension for extension in done if extension is not None]

    @staticmethod
    def _extend_one(
        uow: UnitOfWork,
        repo: RetentionRepository,
        audio: KeptAudio,
        days: int,
        now: datetime,
        actor: Actor,
    ) -> Extension | None:
        current = audio_expires_at(audio.partner, audio.created_at, audio.retain_until)
        if current is None:
            return None  # kept until told otherwise: nothing to extend
        until = max(current, now) + timedelta(days=days)
        repo.extend(audio, retain_until=until, now=now, actor_id=actor.id)
        uow.audit.append(
            [
                AuditEvent(
                    uuid.uuid4(),
                    now,
                    "asset.retention_extended",
                    actor,
                    RetentionClass.OPERATIONAL,
                    audio.partner.id,
                    "asset",
                    audio.asset_id,
                    changes=(
                        FieldChange("audio_expires_at", current.isoformat(), until.isoformat()),
                    ),
                )
            ]
        )
        return Extension(audio.asset_id, until)

    def pending_deletions(self, partner_id: UUID) -> list[dict[str, object]]:
        """The partner's noticed audio that has not gone yet."""
        with self._uow() as uow:
            uow.partners.get(partner_id)
            return uow.retention.pending_deletions(partner_id)

    def set_legal_hold(self, partner_id: UUID, *, on: bool, now: datetime, actor: Actor) -> Partner:
        """Stop (or allow again) every deletion of the partner's data."""
        with self._uow() as uow:
            partner = uow.partners.get(partner_id)
            updated = dataclasses.replace(partner, legal_hold=on)
            uow.partners.update(updated)
            # compliance record: kept in the longest class, as long as deliveries
            uow.audit.append(
                [
                    AuditEvent(
                        uuid.uuid4(),
                        now,
                        "partner.legal_hold",
                        actor,
                        RetentionClass.DDEX,
                        partner.id,
                        "partner",
                        partner.id,
                        changes=(FieldChange("legal_hold", partner.legal_hold, on),),
                    )
                ]
            )
        logger.warning("legal hold %s for partner %s", "set" if on else "lifted", partner_id)
        return updated

    def set_target(
        self, partner_id: UUID, *, webhook_url: str | None, email: str | None, now: datetime
    ) -> NotificationTarget:
        """Where the partner's deletion notices go."""
        target = NotificationTarget(_checked_url(webhook_url), _checked_email(email))
        with self._uow() as uow:
            uow.partners.get(partner_id)
            uow.retention.set_target(partner_id, target, now=now)
        return target


def _require_enterprise(partner: Partner) -> None:
    if partner.tier is not Tier.ENTERPRISE:
        raise Forbidden(
            f"extending audio retention is an Enterprise feature; {partner.name} is on the "
            f"{partner.tier.value} plan"
        )


def _require_all_found(wanted: Sequence[UUID], kept: Sequence[KeptAudio]) -> None:
    found = {audio.asset_id for audio in kept}
    missing = [str(asset_id) for asset_id in wanted if asset_id not in found]
    if missing:
        raise NotFound(f"asset {missing[0]} has no kept audio to extend")


def _checked_url(url: str | None) -> str | None:
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise InvalidField("webhook_url", f"{url!r} is not an http(s) URL")
    return url


def _checked_email(email: str | None) -> str | None:
    if not email:
        return None
    if not _EMAIL.match(email):
        raise InvalidField("email", f"{email!r} is not an email address")
    return email


def _notice_event(notice: DeletionNotice, channel: str) -> AuditEvent:
    return AuditEvent(
        uuid.uuid4(),
        notice.sent_at,
        "retention.notice_sent",
        CLEANUP_ACTOR,
        RetentionClass.OPERATIONAL,
        notice.partner_id,
        "partner",
        notice.partner_id,
        detail={"channel": channel, "assets": [str(i.asset_id) for i in notice.items]},
    )


def _deleted_event(audio: KeptAudio, bucket: str, now: datetime) -> AuditEvent:
    return AuditEvent(
        uuid.uuid4(),
        now,
        "asset.audio_deleted",
        CLEANUP_ACTOR,
        RetentionClass.OPERATIONAL,
        audio.partner.id,
        "asset",
        audio.asset_id,
        detail={"object": f"{bucket}/{audio.audio_object}", "tier": audio.partner.tier.value},
    )
