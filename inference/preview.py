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
    """Each block's best diagonal-averaged similarity to a block at least MIN_LAG_S away.

    One diagonal (lag) at a time, so memory stays linear in the track's length (a 20-minute
    file has 2,400 blocks: the full similarity matrix and its masks would take hundreds of MB
    inside a worker limited to 2 GB)."""
    n = len(unit)
    path = max(1, int(round(PATH_S / BLOCK_S)))
    usable = n - path + 1  # blocks a whole path can start at
    lag = int(round(MIN_LAG_S / BLOCK_S))
    if usable <= lag:
        return np.zeros(n, dtype=np.float32)
    best_start = np.full(usable, -1.0)
    for d in range(lag, usable):
        similarity = np.einsum("ij,ij->i", unit[: n - d], unit[d:])  # block i against i + d
        sums = np.concatenate(([0.0], np.cumsum(similarity, dtype=np.float64)))
        paths = (sums[path:] - sums[:-path]) / path  # the path from i against the one from i + d
        count = usable - d
        np.maximum(best_start[:count], paths[:count], out=best_start[:count])
        np.maximum(best_start[d:], paths[:count], out=best_start[d:])
    # a block inside a repeated path counts as repeated: spread each path start over its length
    out = np.full(n, -1.0)
    for k in range(path):
        np.maximum(out[k : k + usable], best_start, out=out[k : k + usable])
    return out.astype(np.float32)


def _window_means(values: np.ndarray, window: int) -> np.ndarray:
    sums = np.concatenate(([0.0], np.cumsum(values, dtype=np.float64)))
    return (sums[window:] - sums[:-window]) / window
