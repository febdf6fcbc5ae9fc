"""The model server: BPM, key, loudness, genre and mood for one audio file.

Runs CPU-only anywhere (librosa, pyloudnorm, musicnn; Essentia as an option) and on a Cloud Run GPU
with Qwen2-Audio for genre and mood. ``inference.analyzer`` is the in-process API the catalog's
local mode uses; ``inference.server`` serves the same over HTTP.
"""

from inference.jit_cache import configure_jit_cache

# The one thing done at import, on purpose: numba fixes a function's cache folder when librosa
# decorates it, at librosa's import, so the safe cache must be set before any engine module loads.
# Every engine import passes through this package, in every process (CLI, server, workers, tests).
configure_jit_cache()
