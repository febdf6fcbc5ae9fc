"""The model server: BPM, key, loudness, genre and mood for one audio file.

Runs CPU-only anywhere (librosa, pyloudnorm, musicnn; Essentia as an option) and on a Cloud Run GPU
with Qwen2-Audio for genre and mood. ``inference.analyzer`` is the in-process API the catalog's
local mode uses; ``inference.server`` serves the same over HTTP.
"""
