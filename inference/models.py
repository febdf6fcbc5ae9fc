"""Every engine and model the server can use, with its licence (GET /v1/models, README)."""

from __future__ import annotations

from typing import Any

MODEL_CARDS: tuple[dict[str, Any], ...] = (
    {
        "name": "catalog-tempo",
        "fields": ["bpm", "bpm_candidates"],
        "role": "default tempo engine: onset autocorrelation after Percival & Tzanetakis (2014), "
        "our code on numpy and scipy",
        "licence": "Apache-2.0 (this project)",
        "weights_licence": None,
        "url": "https://doi.org/10.1109/TASLP.2014.2348916",
    },
    {
        "name": "catalog-key",
        "fields": ["key"],
        "role": "default key engine: Temperley (1999) and Bellman (2005) key profiles on a "
        "tuning-corrected chroma with a bass tonic cue, our code",
        "licence": "Apache-2.0 (this project)",
        "weights_licence": None,
        "url": "https://doi.org/10.2307/40285812",
    },
    {
        "name": "librosa",
        "fields": ["key", "genres", "moods"],
        "role": "feature functions: the tuning estimate of catalog-key, musicnn's mel spectrogram",
        "licence": "ISC",
        "weights_licence": None,
        "url": "https://librosa.org",
    },
    {
        "name": "scipy",
        "fields": ["bpm"],
        "role": "FFT and filters of the onset envelope and chroma",
        "licence": "BSD-3-Clause",
        "weights_licence": None,
        "url": "https://scipy.org",
    },
    {
        "name": "essentia",
        "fields": ["bpm", "key", "loudness_lufs"],
        "role": "options only (the optional `essentia` extra): RhythmExtractor2013, KeyExtractor "
        "(edma, bgate, temperley profiles), LoudnessEBUR128; the accuracy anchor in bench/",
        "licence": "AGPL-3.0",
        "weights_licence": "CC BY-NC-SA 4.0 for Essentia's own trained models (none used here)",
        "url": "https://essentia.upf.edu",
        "note": "AGPL: serving it over a network obliges you to offer the source; not used by "
        "the defaults",
    },
    {
        "name": "catalog-bs1770",
        "fields": ["loudness_lufs"],
        "role": "default loudness: ITU-R BS.1770-4 integrated loudness read block by block "
        "(bounded memory), pyloudnorm's K-weighting coefficients, scipy's filters; our code",
        "licence": "Apache-2.0 (this project)",
        "weights_licence": None,
        "url": "https://www.itu.int/rec/R-REC-BS.1770",
    },
    {
        "name": "pyloudnorm",
        "fields": ["loudness_lufs"],
        "role": "K-weighting filter design for catalog-bs1770; the option ANALYSIS_LOUDNESS_ENGINE="
        "pyloudnorm (the whole signal in memory)",
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
