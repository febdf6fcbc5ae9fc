"""The dashboard's numbers for one partner: catalog counts, AI and pipeline metrics, DLQ."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from shared.domain.dashboard import DashboardStats, confidence_histogram, timings_by_priority
from shared.domain.pipeline import AI_REQUESTS_TABLE, PROCESSING_TABLE
from shared.errors import InvalidField
from shared.ports import AnalyticsSink
from shared.unit_of_work import UnitOfWork


class DashboardService:
    """Reads the catalog through the unit of work and the metrics through the analytics sink."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], analytics: AnalyticsSink, *, max_days: int
    ) -> None:
        self._uow = uow
        self._analytics = analytics
        self._max_days = max_days

    def dashboard(self, partner_id: UUID, *, days: int, now: datetime) -> DashboardStats:
        """The partner's dashboard over the last ``days`` days."""
        if not 1 <= days <= self._max_days:
            raise InvalidField("days", f"{days} is outside 1-{self._max_days}")
        since = now - timedelta(days=days)
        with self._uow() as uow:
            stats = uow.stats
            counts = stats.catalog_counts(partner_id)
            letters = stats.open_dead_letters(partner_id, now=now)
            validation = uow.validation_results.counts(partner_id)
        partner = str(partner_id)
        ai_rows = self._analytics.read_rows(AI_REQUESTS_TABLE, since=since)
        confidences = [
            float(confidence)
            for row in ai_rows
            if row.get("partner_id") == partner
            and isinstance(confidence := row.get("confidence"), int | float)
        ]
        processing = [
            row
            for row in self._analytics.read_rows(PROCESSING_TABLE, since=since)
            if row.get("partner_id") == partner
        ]
        return DashboardStats(
            window_days=days,
            counts=counts,
            confidence_histogram=confidence_histogram(confidences),
            processing_times=timings_by_priority(processing),
            dead_letters=letters,
            validation=validation,
        )
