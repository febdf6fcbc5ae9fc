"""One analysis of one file: decode once, then tempo, key, loudness and tags share the audio.

``Analyzer`` is what the model server serves and what the catalog's local mode calls in-process.
Engines are built once per process (``build_analyzer`` caches them); ``analyze`` is thread-safe.
"""

from __future__ import annotations

import functools
import importlib.metadata
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from inference.audio import DecodedAudio, decode, decode_file
from inference.loudness import Bs1770Loudness, EssentiaLoudness
from inference.tagging import MusicnnTagger, Tags
from inference.tempo import EssentiaTempo, LibrosaTempo, TempoEstimate
from inference.tonality import ChromaKey, EssentiaKey, KeyEstimate
from shared.domain.enrichment import AudioAnalysis, Label, TempoCandidate

T = TypeVar("T")
MAX_SECONDS = 20 * 60.0  # longer files are analysed on their first 20 minutes
TEMPO_ENGINES = ("librosa", "essentia")
KEY_ENGINES = ("librosa-kk", "essentia-edma", "essentia-bgate", "essentia-temperley")
LOUDNESS_ENGINES = ("pyloudnorm", "essentia-ebur128")


class TempoEngine(Protocol):
    name: str

    def estimate(self, audio: DecodedAudio) -> TempoEstimate: ...


class KeyEngine(Protocol):
    name: str

    def estimate(self, audio: DecodedAudio) -> KeyEstimate: ...


class LoudnessEngine(Protocol):
    name: str

    def measure(self, audio: DecodedAudio) -> float | None: ...


class Tagger(Protocol):
    name: str
    version: str

    def tag(self, audio: DecodedAudio) -> Tags: ...


@functools.cache
def _versions() -> dict[str, str]:
    return {
        name: importlib.metadata.version(name) for name in ("librosa", "essentia", "pyloudnorm")
    }


@dataclass
class Analyzer:
    """DSP engines plus a tagger; ``model`` names the tagger (the part A/B tests compare)."""

    tempo: TempoEngine
    key: KeyEngine
    loudness: LoudnessEngine
    tagger: Tagger
    max_seconds: float = MAX_SECONDS

    def analyze(self, data: bytes) -> AudioAnalysis:
        """Analyse encoded audio; AudioDecodeError (InvalidInput) when it is not audio."""
        started = time.perf_counter()
        audio = decode(data, max_seconds=self.max_seconds)
        decoded_ms = (time.perf_counter() - started) * 1000
        return self.analyze_decoded(audio, timings={"decode_ms": round(decoded_ms, 1)})

    def warm_up(self) -> None:
        """Run every engine once on 8 s of generated sound: models loaded, JIT code compiled (or
        loaded from the cache), so a worker's first real job is as fast as its others."""
        rate = 22050
        t = np.arange(8 * rate) / rate
        tones = np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 330 * t)
        clicks = (np.mod(t, 0.5) < 0.01).astype(np.float64)
        mono = (0.3 * tones * np.exp(-3 * np.mod(t, 0.5)) + 0.5 * clicks).astype(np.float32)
        self.analyze_decoded(DecodedAudio(np.stack([mono, mono], axis=1), rate))

    def analyze_file(self, path: Path) -> AudioAnalysis:
        """Analyse an audio file (decoded from the file: MP4 needs a seekable source)."""
        started = time.perf_counter()
        audio = decode_file(path, max_seconds=self.max_seconds)
        decoded_ms = (time.perf_counter() - started) * 1000
        return self.analyze_decoded(audio, timings={"decode_ms": round(decoded_ms, 1)})

    def analyze_decoded(
        self, audio: DecodedAudio, *, timings: dict[str, float] | None = None
    ) -> AudioAnalysis:
        """Analyse audio already decoded (every engine reads the same samples)."""
        timings = dict(timings or {})
        started = time.perf_counter()
        reason = audio.too_short_or_silent()
        tempo = None if reason else _timed(timings, "tempo_ms", lambda: self.tempo.estimate(audio))
        key = None if reason else _timed(timings, "key_ms", lambda: self.key.estimate(audio))
        lufs = _timed(timings, "loudness_ms", lambda: self.loudness.measure(audio))
        silent = audio.peak_rms_dbfs < -60.0
        tags = (
            Tags((), (), {})
            if silent
            else _timed(timings, "tags_ms", lambda: self.tagger.tag(audio))
        )
        timings["analysis_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return self._result(audio, tempo, key, lufs, tags, timings, reason, silent)

    def _result(
        self,
        audio: DecodedAudio,
        tempo: TempoEstimate | None,
        key: KeyEstimate | None,
        lufs: float | None,
        tags: Tags,
        timings: dict[str, float],
        reason: str | None,
        silent: bool,
    ) -> AudioAnalysis:
        versions = _versions()
        reasons = {"bpm": reason, "key": reason} if reason else {}
        if lufs is None:
            reasons["loudness_lufs"] = reason or "the audio is silent"
        if silent:
            reasons["genres"] = reasons["moods"] = "the audio is silent"
        genres = tuple(Label(label, score) for label, score in tags.genres)
        return AudioAnalysis(
            bpm=tempo.bpm if tempo else None,
            bpm_confidence=tempo.confidence if tempo else None,
            bpm_candidates=tuple(TempoCandidate(b, s) for b, s in tempo.candidates)
            if tempo
            else (),
            key=key.key if key else None,
            key_confidence=key.confidence if key else None,
            loudness_lufs=lufs,
            genres=genres,
            moods=tuple(Label(label, score) for label, score in tags.moods),
            description=getattr(self.tagger, "last_description", None),
            model=self.tagger.name,
            model_version=self.tagger.version,
            confidence=genres[0].score if genres else 0.0,
            timings=timings,
            reasons=reasons,
            engines=self._engines(versions, tempo, key),
            duration_s=round(audio.duration_s, 2),
        )

    def _engines(
        self, versions: dict[str, str], tempo: TempoEstimate | None, key: KeyEstimate | None
    ) -> dict[str, str]:
        tagger = f"{self.tagger.name} {self.tagger.version}"
        engines = {"genre": tagger, "moods": tagger}
        if tempo:
            engines["bpm"] = f"{tempo.engine} {versions.get(tempo.engine, 'unknown')}"
        if key:
            family = key.engine.split("-")[0]
            engines["key"] = f"{key.engine} {versions.get(family, 'unknown')}"
        name = self.loudness.name.split("-")[0]
        engines["loudness_lufs"] = f"{self.loudness.name} {versions.get(name, 'unknown')}"
        return engines


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    timings[name] = round((time.perf_counter() - started) * 1000, 1)
    return result


def tempo_engine(name: str) -> TempoEngine:
    """A tempo engine by name (TEMPO_ENGINES)."""
    return LibrosaTempo() if name == "librosa" else EssentiaTempo()


def key_engine(name: str) -> KeyEngine:
    """A key engine by name (KEY_ENGINES)."""
    return ChromaKey() if name == "librosa-kk" else EssentiaKey(name.split("-", 1)[1])


def loudness_engine(name: str) -> LoudnessEngine:
    """A loudness engine by name (LOUDNESS_ENGINES)."""
    return Bs1770Loudness() if name == "pyloudnorm" else EssentiaLoudness()


@functools.cache
def musicnn_tagger() -> MusicnnTagger:
    """The process's musicnn tagger (both graphs restored once)."""
    return MusicnnTagger()


@functools.cache
def build_analyzer(
    tempo: str = "librosa", key: str = "librosa-kk", loudness: str = "pyloudnorm"
) -> Analyzer:
    """The local CPU analyzer with the chosen engines, built once per process."""
    for name, known in ((tempo, TEMPO_ENGINES), (key, KEY_ENGINES), (loudness, LOUDNESS_ENGINES)):
        if name not in known:
            raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(known)}")
    return Analyzer(
        tempo_engine(tempo), key_engine(key), loudness_engine(loudness), musicnn_tagger()
    )
