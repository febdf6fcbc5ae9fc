"""A track's analysis as the track page shows it, and "Re-analyse": the asset is queued again
through the priority router (the normal bus path), never while an analysis is queued or running."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from shared.domain.track_analysis import BUSY, TrackAnalysis, track_analysis
from shared.errors import Conflict, InvalidField
from shared.services.routing import PriorityRouter
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


class TrackAnalyses:
    """Read where a track's analysis stands; queue it again."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        router: PriorityRouter,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow
        self._router = router
        self._clock = clock

    def status(self, partner_id: UUID, track_id: UUID) -> TrackAnalysis:
        """Queued, running, analysed or failed (with its reason); none without audio."""
        with self._uow() as uow:
            track = uow.tracks.get(partner_id, track_id)
            if track.asset_id is None:
                return TrackAnalysis("none")
            return track_analysis(uow.analysis_attempts.progress_of(partner_id, track.asset_id))

    def reanalyse(self, partner_id: UUID, track_id: UUID) -> TrackAnalysis:
        """Queue the track's audio for analysis, resolving the dead letters of its earlier runs;
        Conflict while one is queued or running."""
        with self._uow() as uow:
            track = uow.tracks.get(partner_id, track_id)
            if track.asset_id is None:
                raise InvalidField("track", f"track {track_id} has no audio to analyse")
            asset_id = track.asset_id
            current = track_analysis(uow.analysis_attempts.progress_of(partner_id, asset_id))
            partner = uow.partners.get(partner_id)

        def refuse_when_busy(locked: UnitOfWork) -> None:
            # checked again under the asset's lock: two clicks at once queue one analysis
            now = track_analysis(locked.analysis_attempts.progress_of(partner_id, asset_id))
            if now.state in BUSY:
                raise Conflict(
                    f"track {track_id}: an analysis is already {now.state}; "
                    "wait for it to finish before analysing again"
                )
            # the person acted on the failure: its dead letters leave the dashboard's list (a
            # failure of this new run is a new message, so a new dead letter)
            locked.dead_letters.resolve_about(
                partner_id, {str(track_id), str(asset_id)}, now=self._clock()
            )

        # attempt > 1: the router queues an asset it queued before (a deliberate re-run)
        self._router.route(
            partner,
            asset_id,
            track_id=track_id,
            upload_id=None,  # the upload's document keeps its own history; the track shows this
            attempt=max(2, current.attempts + 1),
            guard=refuse_when_busy,
        )
        logger.info("track %s: analysis queued again (asset %s)", track_id, asset_id)
        return self.status(partner_id, track_id)
