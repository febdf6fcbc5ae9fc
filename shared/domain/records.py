"""Records the services read and write through the unit of work's repositories.

Plain values, like the rest of the domain: what a repository returns or takes besides the
catalog's own objects (stored estimates, change sets, secrets, retention and purge candidates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from shared.domain.analyses import Estimate
from shared.domain.audit import Actor, RetentionClass
from shared.domain.partners import Partner
from shared.domain.retention import SentNotice


@dataclass(frozen=True, slots=True)
class StoredEstimate:
    """An estimate as stored: with where it came from, what it cost and whether it was applied."""

    estimate: Estimate
    asset_id: UUID | None
    track_id: UUID | None
    arm: str | None
    latency_ms: float | None
    cost_usd: float | None
    applied: bool
    created_at: datetime
    id: UUID | None = None  # set once stored
    review: str | None = None  # a person's verdict: accepted or rejected
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One change as the API shows it (status and progress for bulk edits)."""

    id: UUID
    partner_id: UUID
    entity_type: str
    action: str
    actor: Actor
    status: str
    total: int
    done: int
    created_at: datetime
    finished_at: datetime | None = None
    error: str | None = None
    undoes: UUID | None = None
    undone_by: UUID | None = None


@dataclass(frozen=True, slots=True)
class StoredSecret:
    """A user or client with the hash its password or secret must match."""

    secret_hash: str | None
    usable: bool  # False: deleted user or revoked client


@dataclass(frozen=True, slots=True)
class RefreshRecord:
    """One refresh token as stored (only its sha256)."""

    id: UUID
    family_id: UUID
    user_id: UUID
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class SigningKeyRecord:
    """A key that signs (the newest active one) or only verifies (older, not yet retired)."""

    kid: str
    algorithm: str
    private_pem: str
    public_jwk: dict[str, Any]
    created_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditPartition:
    """One month of one retention class."""

    name: str
    retention_class: RetentionClass
    month_start: date

    @property
    def month_end(self) -> date:
        """The first day of the next month (the partition's exclusive upper bound)."""
        if self.month_start.month == 12:
            return date(self.month_start.year + 1, 1, 1)
        return date(self.month_start.year, self.month_start.month + 1, 1)


@dataclass(frozen=True, slots=True)
class ImportStamp:
    """Who imports, when, and how provenance names the job (``import <job> row <n>``)."""

    partner_id: UUID
    job_id: str
    actor: str
    now: datetime


class PurgeKind(StrEnum):
    """Kinds of record that can be soft-deleted and purged."""

    PARTY = "party"
    RELEASE = "release"
    WORK = "work"
    TRACK = "track"
    DEAL = "deal"
    ASSET = "asset"
    USER = "user"
    PARTNER = "partner"


@dataclass(frozen=True, slots=True)
class SoftDeleted:
    """A record past its grace period; ``objects`` are the blobs that go with it."""

    kind: PurgeKind
    id: UUID
    partner_id: UUID | None
    deleted_at: datetime
    objects: tuple[tuple[str, str], ...] = ()  # (bucket, object name)


@dataclass(frozen=True, slots=True)
class KeptAudio:
    """An asset whose kept audio is within a notice period of expiring (or past it)."""

    partner: Partner
    asset_id: UUID
    audio_object: str
    created_at: datetime
    retain_until: datetime | None
    notice: SentNotice | None


@dataclass(frozen=True, slots=True)
class StaleRelease:
    """A release to check, and the queue rows that asked for it."""

    partner_id: UUID
    release_id: UUID
    queue_ids: tuple[int, ...]
