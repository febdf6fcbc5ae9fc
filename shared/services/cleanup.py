"""The daily cleanup: audio retention, upload purge, GDPR purge, audit-log partitions.

Every step honours legal hold and dry runs; each is isolated, so one failing step is reported
(and the run retried) without stopping the others. Every step is idempotent: a retried or
overlapping run deletes nothing twice and sends no notice twice.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol
from uuid import UUID

from shared.domain.audit import RETENTION, AuditEvent, RetentionClass
from shared.domain.records import AuditPartition, PurgeKind, SoftDeleted
from shared.domain.retention import CleanupItem, CleanupKind, CleanupReport
from shared.errors import CatalogError, NotFound
from shared.ports import BlobStore, JsonObject
from shared.repositories import AuditRetentionRepository
from shared.services.retention import CLEANUP_ACTOR, AudioRetention, StepResult
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

AUDIT_MONTHS_AHEAD = 3  # monthly audit partitions prepared ahead of time


@dataclass(frozen=True, slots=True)
class CleanupPolicy:
    """The knobs of a cleanup run (from settings)."""

    uploads_bucket: str
    audio_bucket: str
    upload_retention: timedelta
    gdpr_grace: timedelta
    batch_size: int


Step = Callable[[datetime, Sequence[UUID], bool], StepResult]


class IdleImports(Protocol):
    """Imports never started: the cleanup expires them (ImportService)."""

    def expire_idle(
        self,
        *,
        now: datetime,
        older_than: timedelta,
        limit: int,
        dry_run: bool = False,
        held: Sequence[UUID] = (),
    ) -> list[JsonObject]: ...


class CleanupService:
    """Run the retention rules once; ``dry_run`` lists what would go and changes nothing."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        blobs: BlobStore,
        audio: AudioRetention,
        policy: CleanupPolicy,
        imports: IdleImports | None = None,
    ) -> None:
        self._uow = uow
        self._blobs = blobs
        self._audio = audio
        self._policy = policy
        self._imports = imports

    def run(self, *, now: datetime, dry_run: bool = False) -> CleanupReport:
        """One pass over every rule; ``complete`` is False when a batch limit was reached."""
        with self._uow() as uow:
            held = uow.retention.held_partner_ids()
        steps: list[tuple[str, Step]] = [
            ("audio retention", self._audio_step),
            ("upload purge", self._purge_uploads),
            ("idle imports", self._expire_idle_imports),
            ("GDPR purge", self._purge_soft_deleted),
            ("audit partitions", self._expire_audit_partitions),
        ]
        items: list[CleanupItem] = []
        errors: list[str] = []
        complete = True
        for name, step in steps:
            try:
                result = step(now, held, dry_run)
            except Exception as exc:  # isolation boundary: one step failing spares the others
                logger.exception("cleanup step %s failed", name)
                message = exc.message if isinstance(exc, CatalogError) else repr(exc)
                errors.append(f"{name}: {message}")
                continue
            items.extend(result.items)
            complete = complete and result.complete
        report = CleanupReport(now, dry_run, tuple(items), tuple(held), complete, tuple(errors))
        if not dry_run:
            self._record_run(report)
        return report

    def _audio_step(self, now: datetime, held: Sequence[UUID], dry_run: bool) -> StepResult:
        return self._audio.apply(now=now, dry_run=dry_run, limit=self._policy.batch_size)

    def _purge_uploads(self, now: datetime, held: Sequence[UUID], dry_run: bool) -> StepResult:
        """Temporary uploads older than 24 h (ingest keeps what it needs in the audio bucket)."""
        bucket = self._policy.uploads_bucket
        cutoff = now - self._policy.upload_retention
        old = [info.name for info in self._blobs.list(bucket) if info.updated_at <= cutoff]
        batch = old[: self._policy.batch_size]
        owners = self._owners(bucket, batch)
        items = []
        for name in batch:
            if owners.get(name) in held:
                continue
            items.append(
                CleanupItem(
                    CleanupKind.UPLOAD,
                    f"{bucket}/{name}",
                    owners.get(name),
                    "upload older than 24 h",
                )
            )
            if not dry_run:
                self._delete_blob(bucket, name)
        return StepResult(tuple(items), complete=len(old) <= self._policy.batch_size)

    def _expire_idle_imports(
        self, now: datetime, held: Sequence[UUID], dry_run: bool
    ) -> StepResult:
        """Imports never started within the upload retention (24 h) expire and lose their file."""
        if self._imports is None:
            return StepResult((), complete=True)
        limit = self._policy.batch_size
        expired = self._imports.expire_idle(
            now=now,
            older_than=self._policy.upload_retention,
            limit=limit,
            dry_run=dry_run,
            held=held,
        )
        items = tuple(
            CleanupItem(
                CleanupKind.IMPORT,
                f"import {doc['id']}",
                UUID(str(doc["partner_id"])) if doc.get("partner_id") else None,
                f"{doc.get('state')} since {doc.get('updated_at')}",
            )
            for doc in expired
        )
        return StepResult(items, complete=len(expired) < limit)

    def _owners(self, bucket: str, names: Sequence[str]) -> dict[str, UUID]:
        """An upload's partner: its asset's, else the object's first path segment if a UUID."""
        with self._uow() as uow:
            owners = uow.retention.owners_of_objects(bucket, names)
        for name in names:
            if name not in owners:
                try:
                    owners[name] = UUID(name.split("/", 1)[0])
                except ValueError:
                    continue
        return owners

    def _purge_soft_deleted(self, now: datetime, held: Sequence[UUID], dry_run: bool) -> StepResult:
        """Records soft-deleted longer ago than the grace period, children first."""
        before = now - self._policy.gdpr_grace
        items: list[CleanupItem] = []
        complete = True
        purged: Counter[tuple[UUID, str]] = Counter()
        for kind in PurgeKind:
            with self._uow() as uow:
                records = uow.purge.soft_deleted(
                    kind, before=before, held=held, limit=self._policy.batch_size
                )
            complete = complete and len(records) < self._policy.batch_size
            for record in records:
                items.append(
                    CleanupItem(
                        CleanupKind.GDPR,
                        f"{kind.value} {record.id}",
                        record.partner_id,
                        f"soft-deleted {record.deleted_at:%Y-%m-%d}",
                    )
                )
                if not dry_run:
                    purged.update(self._purge_one(record, now))
        if purged:
            self._analyze_purged(purged)
        return StepResult(tuple(items), complete)

    def _analyze_purged(self, purged: Counter[tuple[UUID, str]]) -> None:
        """Many rows of one partner's table purged: refresh its partition's statistics."""
        with self._uow() as uow:
            for (partner_id, table), rows in purged.items():
                uow.analyze_after_commit(partner_id, (table,), rows)

    def _purge_one(self, record: SoftDeleted, now: datetime) -> Counter[tuple[UUID, str]]:
        for bucket, name in record.objects:
            self._delete_blob(bucket or self._policy.audio_bucket, name)
        with self._uow() as uow:
            repo = uow.purge
            repo.redact_audit(record)
            deleted = repo.purge(record)
            uow.audit.append([_purged_event(record, now)])
        partner_id = record.id if record.kind is PurgeKind.PARTNER else record.partner_id
        if partner_id is None:
            return Counter()
        return Counter({(partner_id, table): rows for table, rows in deleted.items()})

    def _expire_audit_partitions(
        self, now: datetime, held: Sequence[UUID], dry_run: bool
    ) -> StepResult:
        """Drop monthly partitions past their class's retention; prepare the coming months."""
        items: list[CleanupItem] = []
        with self._uow() as uow:
            repo = uow.audit_retention
            for partition in repo.partitions():
                if _expired(partition, now):
                    kept = 0 if dry_run else repo.drop(partition, held)
                    items.append(_partition_item(partition, kept))
            for retention_class in RetentionClass:
                items.extend(self._expire_default_rows(repo, retention_class, now, held, dry_run))
            if not dry_run:
                repo.ensure_months(now.date(), AUDIT_MONTHS_AHEAD)
        return StepResult(tuple(items))

    @staticmethod
    def _expire_default_rows(
        repo: AuditRetentionRepository,
        retention_class: RetentionClass,
        now: datetime,
        held: Sequence[UUID],
        dry_run: bool,
    ) -> list[CleanupItem]:
        before = now - RETENTION[retention_class]
        if dry_run:
            count = repo.expired_default_rows(retention_class, before=before, held=held)
        else:
            count = repo.delete_expired_default_rows(retention_class, before=before, held=held)
        if not count:
            return []
        target = f"audit_events_{retention_class.value}_default: {count} row(s)"
        return [CleanupItem(CleanupKind.AUDIT_ROWS, target, None, f"before {before:%Y-%m-%d}")]

    def _delete_blob(self, bucket: str, name: str) -> None:
        try:
            self._blobs.delete(bucket, name)
        except NotFound:
            logger.info("%s/%s was already gone", bucket, name)

    def _record_run(self, report: CleanupReport) -> None:
        summary = report.summary()
        if not any(summary.values()) and not report.errors:
            return
        with self._uow() as uow:
            uow.audit.append(
                [
                    AuditEvent(
                        uuid.uuid4(),
                        report.started_at,
                        "retention.cleanup",
                        CLEANUP_ACTOR,
                        RetentionClass.OPERATIONAL,
                        detail={
                            **summary,
                            "errors": list(report.errors),
                            "complete": report.complete,
                        },
                    )
                ]
            )
        logger.info("cleanup: %s", ", ".join(f"{k} {v}" for k, v in summary.items() if v))


def _expired(partition: AuditPartition, now: datetime) -> bool:
    """A month goes when its last day is older than its class's retention."""
    month_end = datetime.combine(partition.month_end, datetime.min.time(), tzinfo=UTC)
    return month_end <= now - RETENTION[partition.retention_class]


def _partition_item(partition: AuditPartition, kept: int) -> CleanupItem:
    reason = f"{partition.retention_class.value} retention over"
    if kept:
        reason += f"; {kept} row(s) under legal hold kept"
    return CleanupItem(CleanupKind.AUDIT_PARTITION, partition.name, None, reason)


def _purged_event(record: SoftDeleted, now: datetime) -> AuditEvent:
    """Who, what and when, never the personal data that went."""
    return AuditEvent(
        uuid.uuid4(),
        now,
        f"{record.kind.value}.purged",
        CLEANUP_ACTOR,
        # proof of erasure outlives the data: kept in the longest class
        RetentionClass.DDEX,
        record.partner_id,
        record.kind.value,
        record.id,
        detail={"soft_deleted_at": record.deleted_at.isoformat(), "reason": "gdpr grace over"},
    )
