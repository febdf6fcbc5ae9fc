"""The suggested preview clip: the most repeated section of a track, from the log-mel spectrogram
the tagger already computes over the whole file (inference.tagging.log_mel).

The spectrogram is averaged into half-second blocks, each block z-scored per band and scaled to
unit length, so block against block is a cosine similarity. A section recurs when a run of blocks
matches a run elsewhere, so similarities are averaged along diagonals over PATH_S (a repeated
*sequence*, not one repeated chord); each block's repetition is its best match at least
MIN_LAG_S away. The clip starts where the window of ``length_s`` has the highest mean repetition,
with a small bonus for loudness (a chorus is usually louder than the verse that repeats too).
The score is that window's mean repetition clipped to 0..1: how strongly the clip's material
comes back elsewhere in the track, not a calibrated probability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BLOCK_S = 0.5  # the grid the clip start snaps to
PATH_S = 4.0  # a repeat must last this long to count
MIN_LAG_S = 8.0  # a block is not "repeated" by its own neighbourhood
LOUDNESS_WEIGHT = 0.1
DEFAULT_LENGTH_S = 30.0


@dataclass(frozen=True, slots=True)
class PreviewClip:
    """Where the suggested clip starts (seconds) and how repeated its material is (0..1)."""

    start_s: float
    score: float


def representative_start(
    log_mel: np.ndarray, frames_per_s: float, *, length_s: float = DEFAULT_LENGTH_S
) -> PreviewClip | None:
    """The start of the most repeated ``length_s`` section of a (frames, bands) log-mel; a track
    no longer than the clip starts at 0 with score 0; None for an empty spectrogram."""
    per_block = max(1, int(round(BLOCK_S * frames_per_s)))
    blocks = len(log_mel) // per_block
    if blocks == 0:
        return None
    window = int(round(length_s / BLOCK_S))
    if blocks <= window:
        return PreviewClip(0.0, 0.0)
    pooled = log_mel[: blocks * per_block].reshape(blocks, per_block, -1).mean(axis=1)
    repetition = _repetition(_unit_rows(pooled))
    loudness = pooled.mean(axis=1)
    spread = float(loudness.max() - loudness.min()) or 1.0
    loud = (loudness - loudness.min()) / spread
    score = _window_means(repetition, window) + LOUDNESS_WEIGHT * _window_means(loud, window)
    best = int(np.argmax(score))
    clipped = float(np.clip(_window_means(repetition, window)[best], 0.0, 1.0))
    return PreviewClip(round(best * BLOCK_S, 1), round(clipped, 3))


def _unit_rows(features: np.ndarray) -> np.ndarray:
    centred = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-6)
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return (centred / np.maximum(norms, 1e-6)).astype(np.float32)


def _repetition(unit: np.ndarray) -> np.ndarray:
    """Each block's best diagonal-averaged similarity to a block at least MIN_LAG_S away."""
    n = len(unit)
    similarity = unit @ unit.T
    path = max(1, int(round(PATH_S / BLOCK_S)))
    usable = n - path + 1
    if usable <= 0:
        return np.zeros(n, dtype=np.float32)
    smoothed = np.zeros((usable, usable), dtype=np.float32)
    for k in range(path):
        smoothed += similarity[k : k + usable, k : k + usable]
    smoothed /= path
    lag = int(round(MIN_LAG_S / BLOCK_S))
    rows, cols = np.indices(smoothed.shape)
    smoothed[np.abs(rows - cols) < lag] = -1.0
    best = smoothed.max(axis=1) if usable > lag else np.zeros(usable, dtype=np.float32)
    # a block inside a repeated path counts as repeated: spread each path start over its length
    out = np.full(n, -1.0, dtype=np.float32)
    for k in range(path):
        out[k : k + usable] = np.maximum(out[k : k + usable], best)
    return out


def _window_means(values: np.ndarray, window: int) -> np.ndarray:
    sums = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    return (sums[window:] - sums[:-window]) / window
