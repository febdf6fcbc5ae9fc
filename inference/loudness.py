"""Integrated loudness (EBU R128 / ITU-R BS.1770-4) in LUFS."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm

from inference.audio import DecodedAudio


def bs1770_channels(frames: np.ndarray) -> np.ndarray:
    """At most the five channels BS.1770 weighs: 5.1 (L R C LFE Ls Rs, the SMPTE and WAV order)
    drops its LFE, which BS.1770-4 leaves out; any other layout wider than five is downmixed to
    mono (pyloudnorm refuses more than five channels)."""
    count = frames.shape[1]
    if count <= 5:
        return frames
    if count == 6:
        return np.asarray(frames[:, [0, 1, 2, 4, 5]])
    return np.asarray(frames.mean(axis=1, keepdims=True))


class Bs1770Loudness:
    """pyloudnorm (MIT): K-weighted, gated integrated loudness of every channel."""

    name = "pyloudnorm"

    def measure(self, audio: DecodedAudio) -> float | None:
        """LUFS to one decimal; None for silence (the gate leaves nothing to measure)."""
        if audio.duration_s < 0.5:
            return None
        frames = bs1770_channels(audio.frames)
        value = pyloudnorm.Meter(audio.sample_rate).integrated_loudness(frames)
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
