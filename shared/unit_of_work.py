"""The unit of work as a port (cosmicpython ch. 6): one transaction, its repositories bound to it.

``with uow:`` commits at the end and rolls back on any exception. Services see these typed
repositories and nothing of how they are stored: PostgreSQL in shared/db/uow.py, memory in the
tests' fakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from shared.domain.touched import TouchedRecords
from shared.repositories import (
    AbAssignmentRepository,
    AnalysisAttemptRepository,
    AnalysisRepository,
    AssetRepository,
    AuditRepository,
    AuditRetentionRepository,
    BulkImportRepository,
    ChangeRepository,
    CodeSourceRepository,
    CostLedgerRepository,
    DeadLetterRepository,
    DealRepository,
    DeliveryReads,
    EmbeddingRepository,
    ExportRepository,
    HotRecordRepository,
    IdentityRepository,
    MergeProposalRepository,
    PartnerRepository,
    PartyRepository,
    PurgeRepository,
    RegistrationRepository,
    ReleaseRepository,
    RetentionRepository,
    StatsRepository,
    TimelineRepository,
    TrackRepository,
    ValidationResultRepository,
    WorkRepository,
)


class UnitOfWork(Protocol):
    """One transaction and every repository a service may use inside it (read-only members:
    an implementation may bind narrower types, as PostgreSQL's does). ``touched`` is what the
    transaction wrote, for the read cache."""

    @property
    def partners(self) -> PartnerRepository: ...
    @property
    def parties(self) -> PartyRepository: ...
    @property
    def releases(self) -> ReleaseRepository: ...
    @property
    def tracks(self) -> TrackRepository: ...
    @property
    def works(self) -> WorkRepository: ...
    @property
    def deals(self) -> DealRepository: ...
    @property
    def assets(self) -> AssetRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def dead_letters(self) -> DeadLetterRepository: ...
    @property
    def merge_proposals(self) -> MergeProposalRepository: ...
    @property
    def identity(self) -> IdentityRepository: ...
    @property
    def changes(self) -> ChangeRepository: ...
    @property
    def analyses(self) -> AnalysisRepository: ...
    @property
    def embeddings(self) -> EmbeddingRepository: ...
    @property
    def timelines(self) -> TimelineRepository: ...
    @property
    def analysis_attempts(self) -> AnalysisAttemptRepository: ...
    @property
    def ai_costs(self) -> CostLedgerRepository: ...
    @property
    def ab_assignments(self) -> AbAssignmentRepository: ...
    @property
    def delivery_reads(self) -> DeliveryReads: ...
    @property
    def hot_records(self) -> HotRecordRepository: ...
    @property
    def retention(self) -> RetentionRepository: ...
    @property
    def purge(self) -> PurgeRepository: ...
    @property
    def audit_retention(self) -> AuditRetentionRepository: ...
    @property
    def stats(self) -> StatsRepository: ...
    @property
    def validation_results(self) -> ValidationResultRepository: ...
    @property
    def exports(self) -> ExportRepository: ...
    @property
    def bulk_import(self) -> BulkImportRepository: ...
    @property
    def registrations(self) -> RegistrationRepository: ...
    @property
    def code_sources(self) -> CodeSourceRepository: ...
    @property
    def touched(self) -> TouchedRecords: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...
    def long_statements(self, seconds: float) -> AbstractContextManager[None]:
        """Room for the long set-based statements of a bulk job, in this transaction."""
        ...

    def analyze_after_commit(self, partner_id: UUID, tables: Iterable[str], rows: int) -> None:
        """A bulk job wrote ``rows`` rows of ``partner_id`` into ``tables``: refresh the
        planner's statistics of their partitions once this transaction commits."""
        ...
