"""The timeline on a fixed 15 s grid (issue 18 item 5): musicnn's per-patch scores averaged onto
segments 0-15, 15-30, ... by how much of each segment a patch's stretch covers."""

from __future__ import annotations

import numpy as np

from inference.tagging import FRAMES_PER_S, PATCH, TimelinePoint, on_grid, patch_starts, timeline_of


def _patch(rock: float, calm: float) -> dict[str, float]:
    return {"rock": rock, "jazz": 1.0 - rock, "slow": calm, "party": 1.0 - calm}


def test_segments_are_15_s_from_zero_and_the_last_ends_with_the_track() -> None:
    duration_s = 200.0
    starts = patch_starts(int(duration_s * FRAMES_PER_S), 8)

    segments = timeline_of([_patch(0.5, 0.5)] * len(starts), starts, duration_s)

    assert [(s.start_s, s.end_s) for s in segments[:3]] == [(0.0, 15.0), (15.0, 30.0), (30.0, 45.0)]
    assert (segments[-1].start_s, segments[-1].end_s) == (195.0, 200.0)
    assert len(segments) == 14
    assert all(s.end_s - s.start_s <= 15.0 for s in segments)


def test_a_segment_two_patches_share_gets_their_weighted_mean() -> None:
    tiles = (
        TimelinePoint(0.0, 20.0, (("rock", 0.9), ("jazz", 0.1)), (("calm", 0.2),)),
        TimelinePoint(20.0, 40.0, (("jazz", 0.8), ("rock", 0.2)), (("calm", 0.8),)),
    )

    first, second, third = on_grid(tiles, 15.0)

    assert first.genres[0] == ("rock", 0.9)  # inside the first patch's stretch only
    assert (second.start_s, second.end_s) == (15.0, 30.0)
    # 5 s of the first patch's stretch, 10 s of the second's
    assert dict(second.genres) == {"rock": round((5 * 0.9 + 10 * 0.2) / 15, 3),
                                   "jazz": round((5 * 0.1 + 10 * 0.8) / 15, 3)}  # fmt: skip
    assert dict(second.moods) == {"calm": round((5 * 0.2 + 10 * 0.8) / 15, 3)}
    assert (third.start_s, third.end_s) == (30.0, 40.0)
    assert third.genres[0] == ("jazz", 0.8)


def test_a_clip_shorter_than_a_segment_is_one_segment() -> None:
    starts = np.array([0])

    segments = timeline_of([_patch(0.7, 0.3)], starts, PATCH / FRAMES_PER_S + 6.0)

    assert len(segments) == 1
    assert segments[0].start_s == 0.0
    assert segments[0].end_s == round(PATCH / FRAMES_PER_S + 6.0, 1)
    assert segments[0].genres[0] == ("rock", 0.7)
