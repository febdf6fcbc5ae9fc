"""Pre-warm the cache with the most read records before peak traffic (a scheduled job).

"Most read" comes from the read counts the cache keeps (HotKeys); on a young system with fewer
counted reads than asked, the most recently changed tracks fill the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from shared.ports import HotKeys
from shared.services.read_cache import TRACK_KIND, TrackReads
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

BATCH = 500  # tracks loaded per query
DAILY_DECAY = 0.5  # read counts halve at each warm-up: today's reads outweigh last month's


@dataclass(frozen=True, slots=True)
class WarmReport:
    """What one warm run did."""

    requested: int
    from_reads: int  # references taken from the read counts
    from_recent: int  # recently changed tracks that filled the rest
    cached: int  # records written to the cache (missing or deleted ones are skipped)
    seconds: float


class CacheWarmer:
    """Load the top N records into the cache."""

    def __init__(self, uow: Callable[[], UnitOfWork], hot: HotKeys, reads: TrackReads) -> None:
        self._uow = uow
        self._hot = hot
        self._reads = reads

    def warm(self, *, top_n: int, progress: Callable[[int], None] | None = None) -> WarmReport:
        """Warm the ``top_n`` most read tracks (topped up with recent ones)."""
        started = time.monotonic()
        refs = list(dict.fromkeys(_parse(self._hot.top(TRACK_KIND, top_n))))
        from_reads = len(refs)
        if len(refs) < top_n:
            with self._uow() as uow:
                recent = uow.hot_records.recently_updated(top_n)
            known = set(refs)
            refs.extend(r for r in recent if r not in known)
            refs = refs[:top_n]
        cached = 0
        for partner_id, batch in _batches(refs):
            cached += self._reads.warm_tracks(partner_id, batch)
            if progress is not None:
                progress(len(batch))
        self._hot.decay(TRACK_KIND, DAILY_DECAY)
        report = WarmReport(
            top_n, from_reads, len(refs) - from_reads, cached, time.monotonic() - started
        )
        logger.info("cache warmed: %d record(s) in %.1f s", cached, report.seconds)
        return report


def _parse(members: Iterable[str]) -> Iterator[tuple[UUID, UUID]]:
    for member in members:
        partner, _, track = member.partition(":")
        try:
            yield UUID(partner), UUID(track)
        except ValueError:
            logger.debug("ignoring hot key %r", member)


def _batches(refs: list[tuple[UUID, UUID]]) -> Iterator[tuple[UUID, list[UUID]]]:
    by_partner: dict[UUID, list[UUID]] = {}
    for partner_id, track_id in refs:
        by_partner.setdefault(partner_id, []).append(track_id)
    for partner_id, track_ids in by_partner.items():
        for start in range(0, len(track_ids), BATCH):
            yield partner_id, track_ids[start : start + BATCH]
