"""Tempo: the BPM, its confidence, and the half / double alternatives users fix in bulk.

Default engine: librosa (ISC licence). It scored better than Essentia's RhythmExtractor2013 on the
fixtures' tempo truth (README, "Accuracy"). Essentia (AGPL-3.0) stays available as an option.
"""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np

from inference.audio import DecodedAudio

RATE = 22050
HOP = 256  # 11.6 ms: fine enough that 171 BPM is not read as 161 (the lag grid at hop 512)
START_BPM = 120.0  # log-normal tempo prior (librosa's) centred here...
STD_OCTAVES = 1.5  # ...and this wide: octave choices on the fixtures were best with it
SEGMENT_S = 20.0  # several segments: their agreement is part of the confidence
MIN_BPM, MAX_BPM = 30.0, 300.0
STRIDE = 8  # tempogram columns every 8 onset frames


@dataclass(frozen=True, slots=True)
class TempoEstimate:
    """A tempo with its confidence and scored octave alternatives (best first)."""

    bpm: float
    confidence: float
    candidates: tuple[tuple[float, float], ...]  # (bpm, score), scores sum to 1
    engine: str


def tempogram(audio: DecodedAudio) -> np.ndarray:
    """Autocorrelation tempogram of the onset envelope, computed once per file.

    librosa's own tempogram, but evaluated every STRIDE frames (93 ms) instead of every frame:
    the tempo of a track does not change within 93 ms, and it costs an eighth of the CPU.
    """
    cached = audio.derived.get("tempogram")
    if cached is None:
        envelope = librosa.onset.onset_strength(y=audio.mono(RATE), sr=RATE, hop_length=HOP)
        window = int(librosa.time_to_frames(8.0, sr=RATE, hop_length=HOP))
        padded = np.pad(envelope, window // 2, mode="linear_ramp", end_values=[0, 0])
        frames = librosa.util.frame(padded, frame_length=window, hop_length=STRIDE)
        windowed = frames * librosa.filters.get_window("hann", window, fftbins=True)[:, None]
        gram = librosa.autocorrelate(windowed, axis=0)
        cached = librosa.util.normalize(gram, norm=np.inf, axis=0)
        audio.derived["tempogram"] = cached
    return cached


def _librosa_tempo(gram: np.ndarray) -> float:
    tempo = librosa.feature.tempo(
        tg=gram, sr=RATE, hop_length=HOP, start_bpm=START_BPM, std_bpm=STD_OCTAVES
    )
    return float(tempo[0])


def _weighted_salience(gram: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean tempogram strength per BPM, weighted by the tempo prior."""
    strength = np.maximum(gram.mean(axis=1), 0.0)
    bpms = librosa.tempo_frequencies(len(strength), hop_length=HOP, sr=RATE)
    with np.errstate(divide="ignore", invalid="ignore"):
        prior = np.exp(-0.5 * ((np.log2(bpms) - np.log2(START_BPM)) / STD_OCTAVES) ** 2)
    prior[~np.isfinite(prior)] = 0.0
    return bpms, strength * prior


def octave_candidates(audio: DecodedAudio, bpm: float) -> tuple[tuple[float, float], ...]:
    """``bpm``, its half and its double, each scored by prior-weighted tempogram salience."""
    bpms, weighted = _weighted_salience(tempogram(audio))
    scored = []
    for candidate in (bpm, bpm / 2, bpm * 2):
        if not MIN_BPM <= candidate <= MAX_BPM:
            continue
        near = np.abs(bpms - candidate) <= 0.04 * candidate
        scored.append((round(candidate, 2), float(weighted[near].max()) if near.any() else 0.0))
    total = sum(score for _, score in scored) or 1.0
    ranked = sorted(((b, round(s / total, 3)) for b, s in scored), key=lambda c: -c[1])
    return tuple(ranked)


def _segments(audio: DecodedAudio) -> list[np.ndarray]:
    gram = tempogram(audio)
    frames = int(SEGMENT_S * RATE / HOP / STRIDE)
    count = gram.shape[1] // frames
    return [gram[:, i * frames : (i + 1) * frames] for i in range(count)] if count >= 2 else []


def _agreement(estimates: list[float], bpm: float) -> float:
    if not estimates:
        return 0.75  # one segment only: no evidence either way
    return sum(abs(e - bpm) <= 0.04 * bpm for e in estimates) / len(estimates)


def pulse_clarity(gram: np.ndarray, bpm: float) -> float:
    """How much the chosen period stands out: 1 - median/peak of the mean tempogram, 0..1.

    A clear, steady pulse gives a peak many times the tempogram's median (8x on a samba
    percussion loop); rubato or a weak pulse gives barely more than the median.
    """
    strength = np.maximum(gram.mean(axis=1), 0.0)
    bpms = librosa.tempo_frequencies(len(strength), hop_length=HOP, sr=RATE)
    usable = (bpms >= MIN_BPM) & (bpms <= MAX_BPM)
    near = usable & (np.abs(bpms - bpm) <= 0.04 * bpm)
    median = float(np.median(strength[usable]))
    if not near.any() or median <= 0:
        return 0.0
    return float(np.clip(1.0 - median / float(strength[near].max()), 0.0, 1.0))


def _confidence(clarity: float, agree: float) -> float:
    """Pulse clarity, discounted when the track's 20 s segments disagree with the whole."""
    return round(clarity * (0.6 + 0.4 * agree), 3)


class LibrosaTempo:
    """librosa's tempo estimator on a fine onset grid, with segment agreement."""

    name = "librosa"

    def estimate(self, audio: DecodedAudio) -> TempoEstimate:
        """The tempo of ``audio`` (at least MIN_ANALYSIS_S of sound)."""
        bpm = _librosa_tempo(tempogram(audio))
        segments = [_librosa_tempo(segment) for segment in _segments(audio)]
        candidates = octave_candidates(audio, bpm)
        clarity = pulse_clarity(tempogram(audio), bpm)
        confidence = _confidence(clarity, _agreement(segments, bpm))
        return TempoEstimate(round(bpm, 2), confidence, candidates, self.name)


class EssentiaTempo:
    """Essentia's RhythmExtractor2013 (multifeature): AGPL-3.0, kept as an option."""

    name = "essentia"

    def __init__(self) -> None:
        import essentia

        essentia.log.infoActive = False  # its import announces unconfigured classifiers
        import essentia.standard as es

        self._extractor = es.RhythmExtractor2013(method="multifeature")

    def estimate(self, audio: DecodedAudio) -> TempoEstimate:
        """The tempo; confidence from Essentia's beat confidence (0..5.32) and agreement."""
        bpm, _, beats_confidence, _, _ = self._extractor(audio.mono(44100))
        candidates = octave_candidates(audio, float(bpm))
        confidence = float(np.clip(beats_confidence / 5.32, 0.0, 1.0))
        return TempoEstimate(round(float(bpm), 2), round(confidence, 3), candidates, self.name)
