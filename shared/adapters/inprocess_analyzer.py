"""AudioAnalyzer in this process: the local CPU analyzer (local mode without QWEN_ENDPOINT).

Models load on the first analysis and stay loaded for the life of the process.
"""

from __future__ import annotations

import logging
import threading

from shared.domain.enrichment import AudioAnalysis
from shared.errors import InvalidInput, ModelUnavailable

logger = logging.getLogger(__name__)


class InProcessAnalyzer:
    """librosa / Essentia / pyloudnorm / musicnn in-process; every backend name runs it."""

    def __init__(self, *, tempo: str, key: str, loudness: str) -> None:
        self._engines = (tempo, key, loudness)
        self._lock = threading.Lock()

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis:
        """Analyse ``audio``; Qwen2-Audio needs a GPU server, so locally musicnn answers."""
        from inference.analyzer import build_analyzer

        with self._lock:  # two analyses at once only compete for the same cores
            try:
                return build_analyzer(*self._engines).analyze(audio)
            except InvalidInput:
                raise
            except Exception as exc:  # isolation boundary: an engine crash is a model error
                logger.exception("local analyzer failed")
                raise ModelUnavailable(f"local analyzer failed: {exc!r}", "error") from exc
