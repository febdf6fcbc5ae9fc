"""Integrated loudness (EBU R128 / ITU-R BS.1770-4) in LUFS."""

from __future__ import annotations

import math

import numpy as np
import pyloudnorm
from scipy import signal

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


_CHANNEL_GAINS = (1.0, 1.0, 1.0, 1.41, 1.41)  # BS.1770-4: L R C Ls Rs
_BLOCK_FRAMES = 1 << 16


class StreamingBs1770Loudness:
    """ITU-R BS.1770-4 integrated loudness read block by block: the default.

    pyloudnorm (below) holds several float64 copies of the whole signal (1.2 GB more for a
    20-minute file) and loops in Python per gating block. Here the same K-weighting biquads
    (pyloudnorm's own coefficients for the file's rate) run over 65,536 frames at a time with
    their filter state carried across, and only the energy of each 100 ms step is kept: a
    400 ms gating block with 75 % overlap is four steps. Gates as BS.1770-4: absolute -70 LUFS,
    then relative -10 LU. Agrees with pyloudnorm to 0.1 LU (tests/inference/test_engines.py).
    """

    name = "catalog-bs1770"

    def measure(self, audio: DecodedAudio) -> float | None:
        """LUFS to one decimal; None for silence or under 0.5 s."""
        if audio.duration_s < 0.5:
            return None
        frames = audio.frames
        channels = min(frames.shape[1], 5)
        filters = [(f.b * f.passband_gain, f.a) for f in
                   pyloudnorm.Meter(audio.sample_rate)._filters.values()]  # fmt: skip
        states = [[signal.lfilter_zi(b, a) * 0.0 for _ in range(channels)] for b, a in filters]
        step = int(round(0.1 * audio.sample_rate))
        energies, carry = [], np.zeros((0, channels))
        for start in range(0, len(frames), _BLOCK_FRAMES):
            block = bs1770_channels(frames[start : start + _BLOCK_FRAMES]).astype(np.float64)
            for stage, (b, a) in enumerate(filters):
                for ch in range(channels):
                    block[:, ch], states[stage][ch] = signal.lfilter(
                        b, a, block[:, ch], zi=states[stage][ch]
                    )
            joined = np.vstack([carry, block])
            usable = len(joined) // step * step
            energies.append((joined[:usable] ** 2).reshape(-1, step, channels).sum(axis=1))
            carry = joined[usable:]
        return _gated(np.vstack(energies), step)


def _gated(step_energy: np.ndarray, step: int) -> float | None:
    """Integrated loudness from per-channel energies of 100 ms steps (BS.1770-4 gating)."""
    if len(step_energy) < 4:
        return None
    window = np.lib.stride_tricks.sliding_window_view(step_energy, 4, axis=0).sum(axis=2)
    z = window / (4 * step)  # mean square per 400 ms block and channel
    gains = np.array(_CHANNEL_GAINS[: z.shape[1]])
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10(z @ gains)
    above = z[block_loudness >= -70.0]
    if len(above) == 0:
        return None
    relative = -0.691 + 10 * np.log10(above.mean(axis=0) @ gains) - 10.0
    kept = z[(block_loudness >= -70.0) & (block_loudness > relative)]
    if len(kept) == 0:
        return None
    value = -0.691 + 10 * np.log10(kept.mean(axis=0) @ gains)
    return round(float(value), 1) if math.isfinite(value) else None


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
