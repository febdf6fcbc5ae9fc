"""Split totals of a release: each track's master splits and each work's publishing shares.

A person's save already refuses totals that are not exactly 100.00% (shared/domain/works.py,
shared/domain/recordings.py); imports keep CWR's tolerance of 0.06%, so a release can still hold
a total of 99.97%. These findings show such totals on the release before a society or an
accountant finds them. CWR's own rules (publishers own at most 50% of PR, ...) stay in
shared/cwr/checks.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from shared.domain.bundles import ReleaseBundle
from shared.domain.findings import Finding, Layer, Severity, Target
from shared.domain.works import FULL_SHARE, RIGHT_WORDS, WorkPublisher, WorkWriter


def check_splits(bundle: ReleaseBundle) -> Iterator[Finding]:
    """A warning for every master or publishing split total other than 100.00% (or none)."""
    for position, track in enumerate(bundle.tracks, start=1):
        total = sum((split.share for split in track.master_splits), Decimal(0))
        if track.master_splits and total != FULL_SHARE:
            yield Finding(
                Layer.DELIVERY,
                Severity.WARNING,
                f"track {track.track_number or position} ({track.title!r}), master splits",
                f"the master splits total {total:.2f}%, not 100.00%",
                "splits.master-total",
                "make the rights holders' shares add up to exactly 100%",
                Target("track", str(track.id), "master_splits"),
            )
    for work in bundle.works:
        people: tuple[WorkWriter | WorkPublisher, ...] = (*work.writers, *work.publishers)
        for right, words in RIGHT_WORDS.items():
            total = sum((getattr(p.shares, right) for p in people), Decimal(0))
            if total and total != FULL_SHARE:
                yield Finding(
                    Layer.DELIVERY,
                    Severity.WARNING,
                    f"work {work.title!r}, {words} shares",
                    f"the writers' and publishers' {words} shares total {total:.2f}%, not 100.00%",
                    "splits.work-total",
                    "make the shares of each right add up to exactly 100%",
                    Target("work", str(work.id), f"{right}_share"),
                )
