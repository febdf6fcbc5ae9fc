"""An AudioAnalysis with nothing found, and only the values a test names."""

from __future__ import annotations

from shared.domain.enrichment import AudioAnalysis

_EMPTY: dict[str, object] = {
    "bpm": None,
    "bpm_confidence": None,
    "bpm_candidates": (),
    "key": None,
    "key_confidence": None,
    "loudness_lufs": None,
    "genres": (),
    "moods": (),
    "model": "musicnn",
    "model_version": "0.1.0",
    "confidence": 0.0,
}


def analysis_with(**values: object) -> AudioAnalysis:
    """An analysis by musicnn 0.1.0 that found nothing but ``values``."""
    return AudioAnalysis(**{**_EMPTY, **values})  # type: ignore[arg-type]
