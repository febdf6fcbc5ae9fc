"""The priority router: Enterprise partners' assets go to analysis-high, Free and Pro to
analysis-low, one AnalysisRequest per asset (the asset row is locked while it is published)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from shared.domain.partners import Partner
from shared.domain.pipeline import AnalysisRequest, Priority
from shared.ports import Publisher
from shared.topics import ANALYSIS_HIGH, ANALYSIS_LOW
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


def route_by_tier(partner: Partner) -> tuple[str, Priority]:
    """The analysis topic and priority for a partner's tier."""
    if partner.is_enterprise:
        return ANALYSIS_HIGH, Priority.HIGH
    return ANALYSIS_LOW, Priority.LOW


class PriorityRouter:
    """Publishes analysis requests, at most once per asset unless asked to analyse again."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        publisher: Publisher,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._publisher = publisher
        self._clock = clock

    def route(
        self,
        partner: Partner,
        asset_id: UUID,
        *,
        track_id: UUID | None,
        upload_id: str | None,
        attempt: int = 1,
        guard: Callable[[UnitOfWork], None] | None = None,
    ) -> str | None:
        """Publish the request; the topic, or None when the asset was queued already (a second
        delivery of the same upload). ``attempt`` > 1 re-queues on purpose (a retry);
        ``guard`` runs while the asset is locked and may refuse by raising."""
        topic, priority = route_by_tier(partner)
        with self._uow() as uow:
            asset = uow.assets.lock(partner.id, asset_id)
            if guard is not None:
                guard(uow)
            if asset.status != "extracted" and attempt == 1:
                return None
            request = AnalysisRequest(
                asset_id=asset_id,
                partner_id=partner.id,
                priority=priority,
                attempt=attempt,
                requested_at=self._clock(),
                track_id=track_id,
                upload_id=upload_id,
            )
            attributes = {
                "partner_id": str(partner.id),
                "asset_id": str(asset_id),
                "priority": priority.value,
            }
            self._publisher.publish(topic, request.to_bytes(), attributes)
            uow.assets.set_status(partner.id, asset_id, "queued", now=self._clock())
        logger.info("asset %s queued on %s (attempt %d)", asset_id, topic, attempt)
        return topic
