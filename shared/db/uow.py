"""The unit of work on PostgreSQL: one transaction, every repository bound to it; commit or roll
back. It implements the port shared.unit_of_work.UnitOfWork (mypy checks it where bootstrap hands
it to the services)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from types import TracebackType
from uuid import UUID

import sqlalchemy as sa

from shared.db.long_statements import long_statements
from shared.db.repositories.analyses import AnalysisRepository
from shared.db.repositories.assets import AssetRepository
from shared.db.repositories.audit import AuditRepository
from shared.db.repositories.audit_retention import AuditRetentionRepository
from shared.db.repositories.bulk_import import BulkImportRepository
from shared.db.repositories.changes import ChangeRepository
from shared.db.repositories.code_sources import CodeSourceRepository
from shared.db.repositories.dead_letters import DeadLetterRepository
from shared.db.repositories.deals import DealRepository
from shared.db.repositories.delivery_reads import DeliveryReads
from shared.db.repositories.embeddings import EmbeddingRepository
from shared.db.repositories.enrichment import (
    AbAssignmentRepository,
    AnalysisAttemptRepository,
    CostLedgerRepository,
)
from shared.db.repositories.exports import ExportRepository
from shared.db.repositories.hot_records import HotRecordRepository
from shared.db.repositories.identity import IdentityRepository
from shared.db.repositories.merge_proposals import MergeProposalRepository
from shared.db.repositories.parties import PartyRepository
from shared.db.repositories.partners import PartnerRepository
from shared.db.repositories.purge import PurgeRepository
from shared.db.repositories.registrations import RegistrationRepository
from shared.db.repositories.releases import ReleaseRepository
from shared.db.repositories.retention import RetentionRepository
from shared.db.repositories.stats import StatsRepository
from shared.db.repositories.timelines import TimelineRepository
from shared.db.repositories.tracks import TrackRepository
from shared.db.repositories.validation_results import ValidationResults
from shared.db.repositories.works import WorkRepository
from shared.db.statistics import ANALYZE_AFTER_ROWS, analyze_partitions
from shared.domain.touched import TouchedRecords

AfterCommit = Callable[[TouchedRecords], None]


class SqlUnitOfWork:
    """``with uow:`` commits at the end and rolls back on any exception (cosmicpython's UoW)."""

    partners: PartnerRepository
    parties: PartyRepository
    releases: ReleaseRepository
    tracks: TrackRepository
    works: WorkRepository
    deals: DealRepository
    assets: AssetRepository
    audit: AuditRepository
    dead_letters: DeadLetterRepository
    merge_proposals: MergeProposalRepository  # ingestion (0300)
    identity: IdentityRepository
    changes: ChangeRepository
    analyses: AnalysisRepository
    embeddings: EmbeddingRepository  # similar tracks (1040)
    timelines: TimelineRepository  # genre and mood along the track (1051)
    analysis_attempts: AnalysisAttemptRepository
    ai_costs: CostLedgerRepository
    ab_assignments: AbAssignmentRepository
    delivery_reads: DeliveryReads  # standards, batch and operations (issues 6 and 8)
    hot_records: HotRecordRepository
    retention: RetentionRepository
    purge: PurgeRepository
    audit_retention: AuditRetentionRepository
    stats: StatsRepository
    validation_results: ValidationResults
    exports: ExportRepository
    bulk_import: BulkImportRepository
    registrations: RegistrationRepository
    code_sources: CodeSourceRepository

    def __init__(self, engine: sa.Engine, after_commit: AfterCommit | None = None) -> None:
        self._engine = engine
        self._after_commit = after_commit
        self._conn: sa.Connection | None = None
        self.touched = TouchedRecords()
        self._bulk_written: set[tuple[UUID, str]] = set()

    @property
    def connection(self) -> sa.Connection:
        """The open connection (adapters and tests; services never see it)."""
        if self._conn is None:
            raise RuntimeError("the unit of work is not open: use `with uow:`")
        return self._conn

    def __enter__(self) -> SqlUnitOfWork:
        conn = self._engine.connect()
        conn.begin()
        self._conn = conn
        self.touched = TouchedRecords()
        self._bulk_written = set()
        self.partners = PartnerRepository(conn)
        self.parties = PartyRepository(conn, self.touched)
        self.releases = ReleaseRepository(conn)
        self.tracks = TrackRepository(conn, self.touched)
        self.works = WorkRepository(conn)
        self.deals = DealRepository(conn)
        self.assets = AssetRepository(conn)
        self.audit = AuditRepository(conn)
        self.dead_letters = DeadLetterRepository(conn)
        self.merge_proposals = MergeProposalRepository(conn)
        self.identity = IdentityRepository(conn)
        self.changes = ChangeRepository(conn)
        self.analyses = AnalysisRepository(conn)
        self.embeddings = EmbeddingRepository(conn)
        self.timelines = TimelineRepository(conn)
        self.analysis_attempts = AnalysisAttemptRepository(conn)
        self.ai_costs = CostLedgerRepository(conn)
        self.ab_assignments = AbAssignmentRepository(conn)
        self.delivery_reads = DeliveryReads(conn)
        self.hot_records = HotRecordRepository(conn)
        self.retention = RetentionRepository(conn)
        self.purge = PurgeRepository(conn)
        self.audit_retention = AuditRetentionRepository(conn)
        self.stats = StatsRepository(conn)
        self.validation_results = ValidationResults(conn)
        self.exports = ExportRepository(conn)
        self.bulk_import = BulkImportRepository(conn)
        self.registrations = RegistrationRepository(conn)
        self.code_sources = CodeSourceRepository(conn)
        return self

    def long_statements(self, seconds: float) -> AbstractContextManager[None]:
        """Room for long bulk statements in this transaction (statement and socket timeouts)."""
        return long_statements(self.connection, seconds)

    def analyze_after_commit(self, partner_id: UUID, tables: Iterable[str], rows: int) -> None:
        """This transaction wrote ``rows`` rows of ``partner_id`` into ``tables``: from
        ANALYZE_AFTER_ROWS on, their partitions are ANALYZEd once it commits, before ``with``
        returns (shared/db/statistics.py)."""
        if rows >= ANALYZE_AFTER_ROWS:
            self._bulk_written.update((partner_id, table) for table in tables)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        conn = self.connection
        try:
            if exc_type is None:
                conn.commit()
            else:
                conn.rollback()
        finally:
            conn.close()
            self._conn = None
        if exc_type is None and self._bulk_written:
            analyze_partitions(self._engine, self._bulk_written)
        if exc_type is None and self.touched and self._after_commit is not None:
            self._after_commit(self.touched)


UnitOfWork = SqlUnitOfWork  # the name tests and adapters used before the port (issue 14)
