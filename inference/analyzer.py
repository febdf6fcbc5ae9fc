"""One analysis of one file: decode once, then tempo, key, loudness and tags share the audio.

``Analyzer`` is what the model server serves and what the catalog's local mode calls in-process.
Engines are built once per process (``build_analyzer`` caches them); ``analyze`` is thread-safe.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from inference import gate
from inference.audio import DecodedAudio, decode, decode_file
from inference.calibration import calibrate, calibration_maps
from inference.loudness import Bs1770Loudness, EssentiaLoudness, StreamingBs1770Loudness
from inference.tagging import EMBEDDING_MODEL, MusicnnTagger, Tags, gender_of, vocal_share
from inference.tempo import EssentiaTempo, PulseTempo, TempoEstimate
from inference.tonality import EssentiaKey, KeyEstimate, ProfileKey
from shared.domain.enrichment import AudioAnalysis, Label, TempoCandidate, TimelineSegment

T = TypeVar("T")
MAX_SECONDS = 20 * 60.0  # longer files are analysed on their first 20 minutes
TEMPO_ENGINES = ("catalog-tempo", "essentia")
KEY_ENGINES = ("catalog-key", "essentia-edma", "essentia-bgate", "essentia-temperley")
PREVIEW_ENGINE = "catalog-preview"  # inference/preview.py
LOUDNESS_ENGINES = ("catalog-bs1770", "pyloudnorm", "essentia-ebur128")


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
    """Versions behind each engine name's first word (catalog: this project's own engines)."""
    found = {"catalog": importlib.metadata.version("catalog")}
    for name in ("essentia", "pyloudnorm"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:  # Essentia is an optional extra
            found[name] = "not installed"
    return found


@dataclass(frozen=True, slots=True)
class RawEstimates:
    """What the engines said, before calibration: raw scores, and why a value is missing."""

    tempo: TempoEstimate | None
    key: KeyEstimate | None
    loudness_lufs: float | None
    tags: Tags
    reasons: dict[str, str]


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
        timings = {"decode_ms": round(decoded_ms, 1)}
        return self.analyze_decoded(audio, timings=timings, free_channels=True)

    def warm_up(self) -> None:
        """Run every engine once on 8 s of generated sound: models loaded, JIT code compiled (or
        loaded from the cache), so a worker's first real job is as fast as its others."""
        rate = 22050
        t = np.arange(8 * rate) / rate
        tones = np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 330 * t)
        clicks = (np.mod(t, 0.5) < 0.01).astype(np.float64)
        mono = (0.3 * tones * np.exp(-3 * np.mod(t, 0.5)) + 0.5 * clicks).astype(np.float32)
        audio = DecodedAudio(np.stack([mono, mono], axis=1), rate)
        self.analyze_decoded(audio)
        self.tempo.estimate(audio)  # whatever the music gate makes of the warm-up sound
        self.key.estimate(audio)

    def analyze_file(self, path: Path) -> AudioAnalysis:
        """Analyse an audio file (decoded from the file: MP4 needs a seekable source)."""
        started = time.perf_counter()
        audio = decode_file(path, max_seconds=self.max_seconds)
        decoded_ms = (time.perf_counter() - started) * 1000
        timings = {"decode_ms": round(decoded_ms, 1)}
        return self.analyze_decoded(audio, timings=timings, free_channels=True)

    def analyze_decoded(
        self,
        audio: DecodedAudio,
        *,
        timings: dict[str, float] | None = None,
        free_channels: bool = False,
    ) -> AudioAnalysis:
        """Analyse audio already decoded (every engine reads the same samples); with
        ``free_channels`` the channel frames are dropped once loudness has read them."""
        timings = dict(timings or {})
        started = time.perf_counter()
        raw = self.estimate(audio, timings, free_channels=free_channels)
        timings["analysis_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return self._result(audio, raw, timings)

    def estimate(
        self, audio: DecodedAudio, timings: dict[str, float], *, free_channels: bool = False
    ) -> RawEstimates:
        """Every engine's answer with its raw score; a value the gate withholds is None."""
        lufs = _timed(timings, "loudness_ms", lambda: self.loudness.measure(audio))
        if free_channels:
            audio.keep_mono_only()  # loudness was the channels' last reader
        reasons = dict(_timed(timings, "gate_ms", lambda: gate.reasons(audio)))
        if lufs is None:
            reasons["loudness_lufs"] = gate.loudness_reason(audio)
        tempo = key = None
        if "bpm" not in reasons:
            tempo = _timed(timings, "tempo_ms", lambda: self.tempo.estimate(audio))
        if "key" not in reasons:
            key = _timed(timings, "key_ms", lambda: self.key.estimate(audio))
        tags = Tags((), (), {})
        if "genres" not in reasons:
            tags = _timed(timings, "tags_ms", lambda: self.tagger.tag(audio))
        return RawEstimates(tempo, key, lufs, tags, reasons)

    def _result(
        self, audio: DecodedAudio, raw: RawEstimates, timings: dict[str, float]
    ) -> AudioAnalysis:
        tempo, key, tags = raw.tempo, raw.key, raw.tags
        engines = self._engines(tempo, key)
        genres = self._calibrated_labels("genre", tags.genres, engines)
        vocals, vocal_gender = self._voices(tags, engines)
        if tags.embedding:
            release = self.tagger.version.split(" ")[0]
            engines["embedding"] = f"{self.tagger.name} {release} {EMBEDDING_MODEL} penultimate"
        return AudioAnalysis(
            bpm=tempo.bpm if tempo else None,
            bpm_confidence=_calibrated("bpm", tempo.engine, tempo.confidence, engines)
            if tempo
            else None,
            bpm_candidates=tuple(TempoCandidate(b, s) for b, s in tempo.candidates)
            if tempo
            else (),
            key=key.key if key else None,
            key_confidence=_calibrated("key", key.engine, key.confidence, engines) if key else None,
            loudness_lufs=raw.loudness_lufs,
            genres=genres,
            moods=self._calibrated_labels("moods", tags.moods, engines),
            description=getattr(self.tagger, "last_description", None),
            model=self.tagger.name,
            model_version=self.tagger.version,
            confidence=genres[0].score if genres else 0.0,
            timings=timings,
            reasons=raw.reasons,
            engines=engines,
            duration_s=round(audio.duration_s, 2),
            vocals=vocals,
            vocal_gender=vocal_gender,
            era_hint=self._voice("era_hint", tags.era, engines),
            embedding=tags.embedding,
            preview_start_s=tags.preview.start_s if tags.preview else None,
            preview_confidence=self._preview_confidence(tags, engines),
            timeline=self._timeline(tags, engines),
        )

    def _preview_confidence(self, tags: Tags, engines: dict[str, str]) -> float | None:
        if tags.preview is None:
            return None
        engines["preview_start_s"] = f"{PREVIEW_ENGINE} {_versions()['catalog']}"
        return _calibrated("preview_start_s", PREVIEW_ENGINE, tags.preview.score, engines)

    def _timeline(self, tags: Tags, engines: dict[str, str]) -> tuple[TimelineSegment, ...]:
        """Raw per-patch scores (the per-track maps are fitted on whole-track means)."""
        if not tags.timeline:
            return ()
        engines["timeline"] = f"{self.tagger.name} {self.tagger.version}"
        return tuple(
            TimelineSegment(
                point.start_s,
                point.end_s,
                tuple(Label(label, score) for label, score in point.genres),
                tuple(Label(label, score) for label, score in point.moods),
            )
            for point in tags.timeline
        )

    def _voices(self, tags: Tags, engines: dict[str, str]) -> tuple[Label | None, Label | None]:
        """``vocals`` from P(sung), the vocals map applied to the vocal share: sung at 0.5 or
        more, the confidence that of the label given; ``vocal_gender`` for sung tracks only
        (raw: no gender truth to fit it on). Without a map, the raw reading, marked so."""
        share = vocal_share(tags.raw)
        found = calibration_maps().get(("vocals", self.tagger.name))
        if share is None or found is None:
            return (
                self._voice("vocals", tags.vocals, engines),
                self._voice("vocal_gender", tags.vocal_gender, engines),
            )
        p_sung = found.apply(share)
        engines["vocals"] = f"{self.tagger.name} {self.tagger.version}"
        if p_sung < 0.5:
            return Label("instrumental", round(1.0 - p_sung, 3)), None
        return Label("vocal", p_sung), self._voice("vocal_gender", gender_of(tags.raw), engines)

    def _voice(
        self, field: str, reading: tuple[str, float] | None, engines: dict[str, str]
    ) -> Label | None:
        if reading is None:
            return None
        engines[field] = f"{self.tagger.name} {self.tagger.version}"
        return Label(reading[0], _calibrated(field, self.tagger.name, reading[1], engines))

    def _calibrated_labels(
        self, field: str, labels: tuple[tuple[str, float], ...], engines: dict[str, str]
    ) -> tuple[Label, ...]:
        """Every label's score through the field's map (monotone: the order is kept)."""
        return tuple(
            Label(label, _calibrated(field, self.tagger.name, score, engines))
            for label, score in labels
        )

    def _engines(self, tempo: TempoEstimate | None, key: KeyEstimate | None) -> dict[str, str]:
        versions = _versions()
        tagger = f"{self.tagger.name} {self.tagger.version}"
        engines = {"genre": tagger, "moods": tagger}
        if tempo:
            engines["bpm"] = f"{tempo.engine} {versions[tempo.engine.split('-')[0]]}"
        if key:
            engines["key"] = f"{key.engine} {versions[key.engine.split('-')[0]]}"
        name = self.loudness.name.split("-")[0]
        engines["loudness_lufs"] = f"{self.loudness.name} {versions.get(name, 'unknown')}"
        return engines


def _calibrated(field: str, engine: str, raw: float, engines: dict[str, str]) -> float:
    """The calibrated confidence; an engine without a map keeps its raw score, marked so."""
    confidence, mapped = calibrate(field, engine, raw)
    if not mapped:
        engines[f"{field}_confidence"] = "uncalibrated (raw engine score)"
    return confidence


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    timings[name] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _essentia_installed(name: str) -> None:
    """Essentia's engines are options from the optional extra: say so when it is missing."""
    if importlib.util.find_spec("essentia") is None:
        raise ValueError(
            f"engine {name!r} needs Essentia (AGPL-3.0), an optional extra: "
            "pip install 'catalog[essentia]'"
        )


def tempo_engine(name: str) -> TempoEngine:
    """A tempo engine by name (TEMPO_ENGINES)."""
    if name == "catalog-tempo":
        return PulseTempo()
    _essentia_installed(name)
    return EssentiaTempo()


def key_engine(name: str) -> KeyEngine:
    """A key engine by name (KEY_ENGINES)."""
    if name == "catalog-key":
        return ProfileKey()
    _essentia_installed(name)
    return EssentiaKey(name.split("-", 1)[1])


def loudness_engine(name: str) -> LoudnessEngine:
    """A loudness engine by name (LOUDNESS_ENGINES)."""
    if name == "catalog-bs1770":
        return StreamingBs1770Loudness()
    if name == "pyloudnorm":
        return Bs1770Loudness()
    _essentia_installed(name)
    return EssentiaLoudness()


@functools.cache
def musicnn_tagger() -> MusicnnTagger:
    """The process's musicnn tagger (both graphs restored once)."""
    return MusicnnTagger()


@functools.cache
def build_analyzer(
    tempo: str = "catalog-tempo", key: str = "catalog-key", loudness: str = "catalog-bs1770"
) -> Analyzer:
    """The local CPU analyzer with the chosen engines, built once per process."""
    for name, known in ((tempo, TEMPO_ENGINES), (key, KEY_ENGINES), (loudness, LOUDNESS_ENGINES)):
        if name not in known:
            raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(known)}")
    return Analyzer(
        tempo_engine(tempo), key_engine(key), loudness_engine(loudness), musicnn_tagger()
    )
