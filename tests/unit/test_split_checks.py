"""Split totals on a release's findings: master splits per track, publishing shares per work."""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal

from shared.domain.recordings import MasterSplit
from shared.domain.split_checks import check_splits
from shared.domain.works import Shares
from tests.support.catalog import album_bundle


def test_whole_splits_give_no_finding() -> None:
    bundle = album_bundle()
    first = replace(
        bundle.tracks[0],
        master_splits=(
            MasterSplit(uuid.uuid4(), "Label", Decimal("66.67")),
            MasterSplit(uuid.uuid4(), "Artist", Decimal("33.33")),
        ),
    )

    assert list(check_splits(replace(bundle, tracks=(first, *bundle.tracks[1:])))) == []


def test_master_splits_off_100_are_named_on_their_track() -> None:
    bundle = album_bundle()
    first = replace(
        bundle.tracks[0], master_splits=(MasterSplit(uuid.uuid4(), "Label", Decimal("90")),)
    )

    (finding,) = check_splits(replace(bundle, tracks=(first, *bundle.tracks[1:])))

    assert finding.rule == "splits.master-total"
    assert finding.message == "the master splits total 90.00%, not 100.00%"
    assert finding.target is not None
    assert (finding.target.entity, finding.target.id, finding.target.field) == (
        "track",
        str(first.id),
        "master_splits",
    )


def test_publishing_shares_within_cwr_tolerance_but_not_whole_are_warned_per_right() -> None:
    bundle = album_bundle()
    work = bundle.works[0]
    writer = replace(work.writers[0], shares=Shares(Decimal("49.97"), Decimal(50), Decimal(50)))
    off = replace(work, writers=(writer, *work.writers[1:]))

    findings = list(check_splits(replace(bundle, works=(off,))))

    assert [(f.rule, f.target.field if f.target else None) for f in findings] == [
        ("splits.work-total", "pr_share")
    ]
    assert "performance shares total 99.97%" in findings[0].message
