"""Accuracy on the real annotated audio of ../shared/audio-fixtures (numbers in the README).

BPM Accuracy1 (within 4%) and Accuracy2 (octave errors allowed), key MIREX score (1 exact,
0.5 fifth, 0.3 relative, 0.2 parallel), genre top-1; the default local analyzer beside Essentia's
defaults on the same decoded audio, and the reliability of confidence >= 0.80.
"""

from __future__ import annotations

import pytest

from bench.accuracy import (
    Scored,
    Summary,
    mirex,
    reliability,
    score_essentia_defaults,
    score_ours,
    summarise,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ours() -> Scored:
    return score_ours()


@pytest.fixture(scope="module")
def essentia_defaults() -> Summary:
    return summarise(score_essentia_defaults())


def test_the_mirex_score_weights_near_misses() -> None:
    assert mirex("D major", "D major") == 1.0
    assert mirex("A major", "D major") == 0.5
    assert mirex("B minor", "D major") == 0.3
    assert mirex("D minor", "D major") == 0.2
    assert mirex("F major", "D major") == 0.0


def test_tempo_is_at_least_as_accurate_as_essentia_s_default(
    ours: Scored, essentia_defaults: Summary
) -> None:
    mine = summarise(ours)

    assert mine.bpm_files == 15
    assert mine.accuracy1 >= essentia_defaults.accuracy1
    assert mine.accuracy2 >= essentia_defaults.accuracy2
    assert mine.accuracy2 >= 0.75


def test_key_is_at_least_as_accurate_as_essentia_s_default(
    ours: Scored, essentia_defaults: Summary
) -> None:
    mine = summarise(ours)

    assert mine.key_files == 6
    assert mine.mirex >= essentia_defaults.mirex
    assert mine.mirex >= 0.8


def test_genre_top_1_beats_chance_by_far(ours: Scored) -> None:
    mine = summarise(ours)

    assert mine.genre_top1 is not None
    assert mine.genre_top1 >= 0.5  # 18 genres: chance is 6%


def test_values_given_confidence_0_80_or_more_are_right_more_often_than_the_rest(
    ours: Scored,
) -> None:
    table = {row.field: row for row in reliability(ours)}

    genre = table["genre"]
    assert genre.confident >= 2
    assert genre.confident_right / genre.confident >= 0.8
    assert genre.confident_right / genre.confident > genre.unsure_right / genre.unsure
    for field in ("bpm", "key"):  # none wrongly sure
        assert table[field].confident_right == table[field].confident, field
