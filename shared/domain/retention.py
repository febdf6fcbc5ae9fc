"""Retention rules: when kept audio expires, when its owner is told, and what a cleanup removes.

The product owner's numbers: audio kept Free 30 days, Pro 6 months, Enterprise custom (see
``Partner.audio_retention``); a deletion notice 7 days before; uploads purged after 24 hours;
soft-deleted (GDPR) records purged after a grace period; audit partitions dropped per retention
class. A partner under legal hold loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal
from uuid import UUID

from shared.domain.partners import DEFAULT_AUDIO_RETENTION, Partner, Tier

AudioDecision = Literal["wait", "notify", "delete"]


class CleanupKind(StrEnum):
    """What one cleanup item removes (or, for notices, sends)."""

    AUDIO = "audio"  # a kept audio object past its tier's retention
    NOTICE = "notice"  # a deletion notice, 7 days ahead
    UPLOAD = "upload"  # a temporary upload object older than 24 hours
    AUDIT_PARTITION = "audit_partition"  # a month of audit events past its class's retention
    AUDIT_ROWS = "audit_rows"  # old audit rows that landed in a class's DEFAULT partition
    GDPR = "gdpr"  # a soft-deleted record past the grace period
    IMPORT = "import"  # an import never started within 24 hours: expired, its file removed


def default_retention_days() -> dict[str, int]:
    """Days of audio kept per tier without a custom retention (Enterprise: none, kept)."""
    return {
        tier.value: retention.days
        for tier, retention in DEFAULT_AUDIO_RETENTION.items()
        if retention is not None and tier is not Tier.ENTERPRISE
    }


def audio_expires_at(
    partner: Partner, created_at: datetime, retain_until: datetime | None
) -> datetime | None:
    """When an asset's kept audio expires; None keeps it. An extension only ever extends."""
    retention = partner.audio_retention
    if retention is None:
        return None
    expires = created_at + retention
    return max(expires, retain_until) if retain_until is not None else expires


@dataclass(frozen=True, slots=True)
class SentNotice:
    """A deletion notice already sent for one asset and one expiry."""

    expires_at: datetime
    notified_at: datetime

    def deletion_at(self, notice_period: timedelta) -> datetime:
        """Never before the expiry, and never sooner than a full notice period after sending."""
        return max(self.expires_at, self.notified_at + notice_period)


def decide_audio(
    expires_at: datetime | None,
    notice: SentNotice | None,
    *,
    now: datetime,
    notice_period: timedelta,
) -> AudioDecision:
    """What to do with one asset's audio today.

    A notice counts only for the expiry it announced: after an extension a new one is sent.
    Audio is never deleted without a notice sent at least ``notice_period`` earlier, so a
    partner who was never told (a missed run, a tier change) gets the full period.
    """
    if expires_at is None or now < expires_at - notice_period:
        return "wait"
    if notice is None or notice.expires_at != expires_at:
        return "notify"
    return "delete" if now >= notice.deletion_at(notice_period) else "wait"


@dataclass(frozen=True, slots=True)
class NoticeItem:
    """One asset in a deletion notice."""

    asset_id: UUID
    audio_object: str
    expires_at: datetime
    deletion_at: datetime


@dataclass(frozen=True, slots=True)
class DeletionNotice:
    """What a partner is told before its audio goes: one message per partner per run."""

    partner_id: UUID
    partner_name: str
    tier: Tier
    items: tuple[NoticeItem, ...]
    sent_at: datetime
    extension_url: str | None = None  # Enterprise: where to extend the retention

    @property
    def subject(self) -> str:
        """A one-line summary (email subject, log line)."""
        first = min(item.deletion_at for item in self.items)
        return (
            f"{len(self.items)} audio file(s) of {self.partner_name} will be deleted "
            f"from {first:%Y-%m-%d}"
        )


@dataclass(frozen=True, slots=True)
class NotificationTarget:
    """Where a partner wants notices: a webhook, an email address, both or neither."""

    webhook_url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class CleanupItem:
    """One thing a cleanup removed, or would remove in a dry run."""

    kind: CleanupKind
    target: str  # "audio/<object>", "uploads/<object>", "audit_events_ai_202301", "track <id>"
    partner_id: UUID | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CleanupReport:
    """What one cleanup run did (or would do, when ``dry_run``)."""

    started_at: datetime
    dry_run: bool
    items: tuple[CleanupItem, ...] = ()
    held_partners: tuple[UUID, ...] = ()  # under legal hold: nothing of theirs was touched
    complete: bool = True  # False: a batch limit was reached; run again for the rest
    errors: tuple[str, ...] = field(default=())

    def count(self, kind: CleanupKind) -> int:
        """How many items of one kind."""
        return sum(1 for item in self.items if item.kind is kind)

    def summary(self) -> dict[str, int]:
        """Counts per kind, every kind present (zeros included)."""
        return {kind.value: self.count(kind) for kind in CleanupKind}
