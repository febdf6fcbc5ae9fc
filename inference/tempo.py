"""Tempo: the BPM, a raw score for its confidence, and the half / double alternatives.

Default engine ``catalog-tempo`` follows the autocorrelation half of Percival & Tzanetakis,
"Streamlined tempo estimation based on autocorrelation and cross-correlation with pulses"
(IEEE/ACM TASLP 22(12), 2014):
1. onset strength: log-magnitude spectral flux in four bands, low-passed (inference.onsets);
2. per 8 s window (4 s hop), a generalised autocorrelation (|FFT|^0.5), averaged over windows;
3. the peak of the harmonically enhanced average (A(t) + A(2t) + A(4t)) in 50-210 BPM;
4. its octave (x1/2, x1, x2) chosen by the average autocorrelation at each reading times a broad
   log-normal prior (P&T train a classifier for this step; a prior did as well on our sets).
The raw score is the chosen reading's lead over the runner-up (shares of the three readings),
discounted when the windows' own peaks disagree with it: octave errors are what goes wrong, and
a close call between two readings is what predicts them. It is also scaled by n / (n + 1) for n
windows: one 8 s window agreeing with itself is no evidence, and short clips (one to three
windows) were the confident misses on real recordings (bench/calibrate, README "Confidence").
The code is ours (numpy); Essentia's RhythmExtractor2013 (AGPL-3.0) stays an option.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from inference.audio import DecodedAudio
from inference.onsets import FRAME_RATE, onset_strength

MIN_BPM, MAX_BPM = 50.0, 210.0  # the range candidates are read in (P&T: 50-210)
OFFERED_BPM = (30.0, 300.0)  # half and double readings offered to users as alternatives
WINDOW_S, WINDOW_HOP_S = 8.0, 4.0
MAX_WINDOWS = 90  # a 20-minute file is read on 90 windows spread over it: bounded time
# Log-normal preference among the octave readings of the peak (x1/2, x1, x2). Chosen on the
# evaluation set and the fixtures (bench/): centred on 125 BPM, 0.8 octave wide.
PRIOR_BPM, PRIOR_OCTAVES = 125.0, 0.8


@dataclass(frozen=True, slots=True)
class TempoEstimate:
    """A tempo with its raw score (calibrated later) and scored octave alternatives."""

    bpm: float
    confidence: float  # the raw score, 0..1; inference.calibration maps it to P(right)
    candidates: tuple[tuple[float, float], ...]  # (bpm, score), scores sum to 1
    engine: str


def _autocorrelation(window: np.ndarray) -> np.ndarray:
    """Generalised autocorrelation (|FFT|^0.5, compression c = 0.5), 1 at lag 0, clipped at 0."""
    centred = (window - window.mean()) * np.hanning(len(window))
    spectrum = np.fft.rfft(centred, n=2 * len(window))
    gram = np.fft.irfft(np.abs(spectrum) ** 0.5)[: len(window)]
    return np.maximum(gram / gram[0], 0.0) if gram[0] > 0 else np.zeros(len(window))


def _enhanced(gram: np.ndarray) -> np.ndarray:
    """A(t) + A(2t) + A(4t): a period whose multiples also recur stands out (P&T, III-B)."""
    lags = np.arange(len(gram))
    out = gram.copy()
    for factor in (2, 4):
        idx = lags * factor
        ok = idx < len(gram)
        out[ok] += gram[idx[ok]]
    return out


def _refine(curve: np.ndarray, lag: int) -> float:
    """The peak's lag to a fraction of a frame (parabolic interpolation)."""
    if 0 < lag < len(curve) - 1:
        a, b, c = curve[lag - 1], curve[lag], curve[lag + 1]
        denominator = a - 2 * b + c
        if denominator < 0:
            return float(lag + 0.5 * (a - c) / denominator)
    return float(lag)


def _windows(envelope: np.ndarray) -> list[np.ndarray]:
    size, hop = int(WINDOW_S * FRAME_RATE), int(WINDOW_HOP_S * FRAME_RATE)
    if len(envelope) <= size:
        return [np.pad(envelope, (0, size - len(envelope)))]
    starts = np.arange(0, len(envelope) - size + 1, hop)
    if len(starts) > MAX_WINDOWS:
        starts = starts[np.linspace(0, len(starts) - 1, MAX_WINDOWS).round().astype(int)]
    return [envelope[s : s + size] for s in starts]


def _lag_range(low_bpm: float, high_bpm: float, size: int) -> tuple[int, int]:
    return int(60 * FRAME_RATE / high_bpm), min(size - 1, int(60 * FRAME_RATE / low_bpm) + 1)


def _peak_bpm(curve: np.ndarray) -> float:
    """The BPM of the highest peak of ``curve`` (indexed by lag) between MIN_BPM and MAX_BPM."""
    low, high = _lag_range(MIN_BPM, MAX_BPM, len(curve))
    lag = low + int(np.argmax(curve[low:high]))
    return 60 * FRAME_RATE / _refine(curve, lag)


def _value_at(curve: np.ndarray, bpm: float) -> float:
    lag = 60 * FRAME_RATE / bpm
    return float(np.interp(lag, np.arange(len(curve)), curve))


def mean_autocorrelation(envelope: np.ndarray) -> np.ndarray:
    """The windows' autocorrelations averaged: periodicity of the whole file, by lag."""
    return np.asarray(np.mean([_autocorrelation(w) for w in _windows(envelope)], axis=0))


def periodicity(envelope: np.ndarray, low_bpm: float, high_bpm: float) -> float:
    """Peak of the mean autocorrelation between two tempi (0 none .. 1 perfectly periodic)."""
    if len(envelope) < FRAME_RATE:
        return 0.0
    gram = mean_autocorrelation(envelope)
    low, high = _lag_range(low_bpm, high_bpm, len(gram))
    return float(gram[low:high].max()) if high > low else 0.0


def _prior(bpm: float) -> float:
    return float(np.exp(-0.5 * (np.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES) ** 2))


def octave_scores(
    gram: np.ndarray, bpm: float, low: float = MIN_BPM * 0.9, high: float = MAX_BPM * 1.1
) -> list[tuple[float, float]]:
    """``bpm``, its half and its double within low..high: periodicity x prior, normalised to
    sum to 1, best first."""
    scored = []
    for candidate in (bpm, bpm / 2, bpm * 2):
        if low <= candidate <= high:
            scored.append((candidate, _value_at(gram, candidate) * _prior(candidate)))
    total = sum(score for _, score in scored) or 1.0
    return sorted(((b, s / total) for b, s in scored), key=lambda c: -c[1])


def _offered(gram: np.ndarray, bpm: float) -> tuple[tuple[float, float], ...]:
    """The readings offered to users (x1/2, x1, x2 within 30-300 BPM), the chosen one first."""
    readings = octave_scores(gram, bpm, OFFERED_BPM[0], OFFERED_BPM[1])
    readings.sort(key=lambda c: (c[0] != bpm, -c[1]))
    return tuple((round(b, 2), round(s, 3)) for b, s in readings)


def _window_votes(envelope: np.ndarray) -> list[float]:
    """Each 8 s window's own strongest tempo."""
    return [_peak_bpm(_enhanced(_autocorrelation(w))) for w in _windows(envelope)]


def _agreement(votes: list[float], bpm: float) -> float:
    """Share of windows whose own strongest period is ``bpm`` or an octave of it."""
    near = [any(abs(v * f - bpm) <= 0.04 * bpm for f in (0.5, 1, 2)) for v in votes]
    return sum(near) / len(near)


class PulseTempo:
    """Our tempo engine (numpy; Percival & Tzanetakis 2014)."""

    name = "catalog-tempo"

    def estimate(self, audio: DecodedAudio) -> TempoEstimate:
        """The tempo of ``audio`` (callers check ``inference.gate`` first)."""
        envelope = onset_strength(audio)
        gram = mean_autocorrelation(envelope)
        ranked = octave_scores(gram, _peak_bpm(_enhanced(gram)))
        bpm, share = ranked[0]
        margin = share - (ranked[1][1] if len(ranked) > 1 else 0.0)
        votes = _window_votes(envelope)
        evidence = len(votes) / (len(votes) + 1)  # how many windows had a say
        raw = margin * (0.5 + 0.5 * _agreement(votes, bpm)) * evidence
        return TempoEstimate(round(bpm, 2), round(raw, 3), _offered(gram, bpm), self.name)


class EssentiaTempo:
    """Essentia's RhythmExtractor2013 (multifeature): AGPL-3.0, kept as an option."""

    name = "essentia"

    def __init__(self) -> None:
        import essentia

        essentia.log.infoActive = False  # its import announces unconfigured classifiers
        import essentia.standard as es

        self._extractor = es.RhythmExtractor2013(method="multifeature")

    def estimate(self, audio: DecodedAudio) -> TempoEstimate:
        """The tempo; raw score from Essentia's beat confidence (0..5.32)."""
        bpm, _, beats_confidence, _, _ = self._extractor(audio.mono(44100))
        candidates = _offered(mean_autocorrelation(onset_strength(audio)), float(bpm))
        confidence = float(np.clip(beats_confidence / 5.32, 0.0, 1.0))
        return TempoEstimate(round(float(bpm), 2), round(confidence, 3), candidates, self.name)
