"""Every engine and model the server can use, with its licence (GET /v1/models, README)."""

from __future__ import annotations

from typing import Any

MODEL_CARDS: tuple[dict[str, Any], ...] = (
    {
        "name": "librosa",
        "fields": ["bpm", "bpm_candidates", "key"],
        "role": "default tempo engine; default key engine (librosa-kk: Krumhansl-Kessler "
        "profiles on CQT chroma)",
        "licence": "ISC",
        "weights_licence": None,
        "url": "https://librosa.org",
    },
    {
        "name": "essentia",
        "fields": ["bpm", "key", "loudness_lufs"],
        "role": "options: RhythmExtractor2013, KeyExtractor (edma, bgate, temperley profiles), "
        "LoudnessEBUR128",
        "licence": "AGPL-3.0",
        "weights_licence": "CC BY-NC-SA 4.0 for Essentia's own trained models (none used here)",
        "url": "https://essentia.upf.edu",
        "note": "AGPL: serving it over a network obliges you to offer the source; not used by "
        "the defaults",
    },
    {
        "name": "pyloudnorm",
        "fields": ["loudness_lufs"],
        "role": "default loudness (EBU R128 / ITU-R BS.1770-4)",
        "licence": "MIT",
        "weights_licence": None,
        "url": "https://github.com/csteinmetz1/pyloudnorm",
    },
    {
        "name": "musicnn",
        "fields": ["genres", "moods"],
        "role": "local CPU tagger (MSD_musicnn + MTT_musicnn, mapped to the taxonomy)",
        "licence": "ISC",
        "weights_licence": "ISC (shipped in the PyPI wheel)",
        "url": "https://github.com/jordipons/musicnn",
    },
    {
        "name": "qwen2-audio",
        "fields": ["genres", "moods", "description"],
        "role": "GPU tagger: Qwen/Qwen2-Audio-7B-Instruct through transformers or vLLM",
        "licence": "Apache-2.0 (transformers, vLLM)",
        "weights_licence": "Apache-2.0 (Qwen2-Audio-7B-Instruct)",
        "url": "https://huggingface.co/Qwen/Qwen2-Audio-7B-Instruct",
    },
)


def model_cards(backends: list[str], defaults: dict[str, str]) -> dict[str, Any]:
    """The body of GET /v1/models: engines with licences, which backends run, what is default."""
    return {"backends": backends, "defaults": defaults, "models": list(MODEL_CARDS)}
