"""Integrated loudness (EBU R128 / ITU-R BS.1770-4) in LUFS."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm

from inference.audio import DecodedAudio


class Bs1770Loudness:
    """pyloudnorm (MIT): K-weighted, gated integrated loudness of every channel."""

    name = "pyloudnorm"

    def measure(self, audio: DecodedAudio) -> float | None:
        """LUFS to one decimal; None for silence (the gate leaves nothing to measure)."""
        if audio.duration_s < 0.5:
            return None
        value = pyloudnorm.Meter(audio.sample_rate).integrated_loudness(audio.frames)
        return round(float(value), 1) if math.isfinite(value) else None


class EssentiaLoudness:
    """Essentia LoudnessEBUR128 (AGPL-3.0): the option for teams already on Essentia."""

    name = "essentia-ebur128"

    def measure(self, audio: DecodedAudio) -> float | None:
        """LUFS to one decimal; None for silence."""
        import essentia

        essentia.log.infoActive = False  # its import announces unconfigured classifiers
        import essentia.standard as es

        if audio.duration_s < 0.5:
            return None
        stereo = audio.frames if audio.frames.shape[1] == 2 else np.repeat(audio.frames, 2, 1)
        meter = es.LoudnessEBUR128(sampleRate=audio.sample_rate)
        value = float(meter(np.ascontiguousarray(stereo, dtype=np.float32))[2])
        return round(value, 1) if math.isfinite(value) and value > -70 else None
