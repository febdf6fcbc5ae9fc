"""Shared spectral views of one decoded file, computed block by block so memory stays bounded.

The onset strength (spectral flux) feeds the tempo engine and the music gate; the chroma feeds the
key engine. Each is computed once per file and cached on ``DecodedAudio.derived``.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import scipy.fft
from scipy import signal

from inference.audio import DecodedAudio

RATE = 22050
ONSET_FFT, ONSET_HOP = 512, 128  # 23 ms windows (P&T: 1024 at 44.1 kHz), 5.8 ms hops
FRAME_RATE = RATE / ONSET_HOP
_BLOCK_FRAMES = 4096  # STFT frames per block: about 24 s of audio, 17 MB of spectrum
_BANDS_HZ = (0.0, 200.0, 800.0, 3000.0, 11025.0)  # flux summed per band, then bands averaged


def _frames(mono: np.ndarray, size: int, hop: int) -> np.ndarray:
    padded = np.pad(mono, (size // 2, size // 2))
    count = 1 + (len(padded) - size) // hop
    return np.lib.stride_tricks.sliding_window_view(padded, size)[::hop][:count]


def onset_strength(audio: DecodedAudio) -> np.ndarray:
    """Log-magnitude spectral flux per frame (Percival & Tzanetakis 2014, sec. III-A).

    |X| is compressed as log(1 + 1000 |X|), the positive differences summed within four bands
    (so a kick counts as much as a hi-hat), then low-passed at 7 Hz.
    """
    cached = audio.derived.get("onset_strength")
    if cached is not None:
        return cached
    mono = audio.mono(RATE)
    window = np.hanning(ONSET_FFT).astype(np.float32)
    frames = _frames(mono, ONSET_FFT, ONSET_HOP)
    freqs = np.fft.rfftfreq(ONSET_FFT, 1 / RATE)
    bands = np.stack([(freqs >= lo) & (freqs < hi) for lo, hi in pairwise(_BANDS_HZ)], axis=1)
    band_means = (bands / bands.sum(axis=0) / bands.shape[1]).astype(np.float32)  # bins x 4
    flux, previous = [], None
    for start in range(0, len(frames), _BLOCK_FRAMES):
        block = frames[start : start + _BLOCK_FRAMES] * window
        magnitude = np.log1p(1000.0 * np.abs(scipy.fft.rfft(block, axis=1)))
        joined = magnitude if previous is None else np.vstack([previous, magnitude])
        rise = np.maximum(np.diff(joined, axis=0, prepend=joined[:1]), 0.0)
        rise = rise if previous is None else rise[1:]
        flux.append((rise @ band_means).sum(axis=1))
        previous = magnitude[-1:]
    envelope = np.concatenate(flux) if flux else np.zeros(0)
    if len(envelope) > 30:
        b, a = signal.butter(2, 7.0 / (FRAME_RATE / 2))
        envelope = signal.filtfilt(b, a, envelope)
    envelope = envelope.astype(np.float32)
    audio.derived["onset_strength"] = envelope
    return envelope
