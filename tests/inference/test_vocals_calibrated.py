"""Calibrated vocals on real recordings (issue 18 item 2): musicnn's vocal share goes through the
P(sung) map that `python -m bench.vocals_calibrate` fitted (inference/data/calibration.json)."""

from __future__ import annotations

import pytest

from bench.audio_files import decode_file
from bench.vocals_calibrate import excerpt
from inference.analyzer import Analyzer
from inference.calibration import calibration_maps
from tests.inference.conftest import fixture_path


def test_the_vocals_map_is_shipped_and_puts_the_line_above_an_even_share() -> None:
    found = calibration_maps()[("vocals", "musicnn")]

    assert found.apply(0.5) < 0.5  # an even share was "vocal" before; musicnn leans vocal
    assert found.apply(0.62) < 0.5  # the techno loop's share
    assert found.apply(0.9) > 0.9


@pytest.mark.slow
def test_the_techno_loop_is_instrumental_and_a_held_out_song_is_sung(analyzer: Analyzer) -> None:
    """techno_loop was read "vocal, female" (0.62 raw) before calibration; Miedo is a held-out
    song of the fit (bench.vocals_calibrate holds out songs 2 and 4): 30 s of its verse."""
    loop = analyzer.analyze_file(fixture_path("essentia-audio/techno_loop.mp3"))
    whole = decode_file(fixture_path("jamendolyrics/Yuanan_-_Miedo_-_Yuanan.mp3"))
    song = analyzer.analyze_decoded(excerpt(whole, 30.0, 30.0))

    assert loop.vocals is not None
    assert loop.vocals.label == "instrumental"
    assert loop.vocal_gender is None
    assert "vocals_confidence" not in loop.engines  # calibrated, not a raw score
    assert song.vocals is not None
    assert song.vocals.label == "vocal"
    assert song.vocals.score >= 0.8
    assert song.era_hint is not None
    assert song.era_hint.label in ("1960s", "1970s", "1980s", "1990s", "2000s")
