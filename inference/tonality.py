"""Musical key: "A minor" with a raw score for its confidence.

Default engine ``catalog-key``: key profiles correlated with a tuning-corrected chroma (the
Krumhansl-Schmuckler method: Krumhansl, "Cognitive Foundations of Musical Pitch", 1990), with
the profiles of Bellman ("About the determination of key of a musical excerpt", CMMR 2005) and
Albrecht & Shanahan ("The use of large corpora to train a new type of key-finding algorithm",
Music Perception 31(1), 2013), averaged. Both minor profiles weigh the raised 7th of harmonic
minor as a likely tone, so a song in harmonic minor (a major V, a leading tone) is not read as
its parallel major; when a key and its relative (same scale) score within 0.05, the tonic the
bass chroma (40-250 Hz) dwells on decides.
The code is ours (numpy, librosa's chroma filters); Essentia's KeyExtractor (AGPL-3.0) stays an
option (ANALYSIS_KEY_ENGINE=essentia-edma, essentia-bgate, essentia-temperley).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import librosa
import numpy as np
import scipy.fft

from inference.audio import DecodedAudio

RATE = 22050
FFT, HOP = 8192, 4096  # 2.7 Hz bins (a semitone at 50 Hz), 186 ms hops
_BLOCK_FRAMES = 256  # STFT frames per block: bounded memory on long files
SEGMENT_S = 30.0
PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
# Published key profiles (C major, C minor), indices = semitones above the tonic
PROFILES: dict[str, tuple[np.ndarray, np.ndarray]] = {
    "krumhansl": (  # Krumhansl & Kessler (1982) probe-tone ratings
        np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]),
        np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]),
    ),
    "temperley": (  # Temperley (1999)
        np.array([5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0]),
        np.array([5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0]),
    ),
    "bellman": (  # Bellman (2005), from Budge's chord statistics
        np.array([16.8, 0.86, 12.95, 1.41, 13.49, 11.93, 1.25, 20.28, 1.8, 8.04, 0.62, 10.57]),
        np.array([18.16, 0.69, 12.99, 13.34, 1.07, 11.15, 1.38, 21.07, 7.49, 1.53, 0.92, 10.21]),
    ),
    "albrecht": (  # Albrecht & Shanahan (2013), from a corpus of 490 pieces
        np.array([0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.08, 0.008,
                  0.081]),
        np.array([0.22, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061,
                  0.052]),
    ),
}  # fmt: skip
# Chosen on the evaluation set and the fixtures (bench/) among Krumhansl-Kessler, Temperley,
# Aarden-Essen, Bellman and Albrecht-Shanahan, alone and summed
DEFAULT_PROFILES = ("bellman", "albrecht")
RELATIVE_MARGIN = 0.05  # a relative major/minor this close is decided by the bass
FULL_SCORE_S = 15.0  # clips shorter than this get a proportionally lower raw score


@dataclass(frozen=True, slots=True)
class KeyEstimate:
    """A key like "A minor" and the engine's raw score (calibrated later)."""

    key: str
    confidence: float  # raw score 0..1; inference.calibration maps it to P(right)
    engine: str


@dataclass(frozen=True, slots=True)
class Chroma:
    """Pitch-class energy per frame: the full range and the bass (12 x frames each)."""

    full: np.ndarray
    bass: np.ndarray

    def segment(self, start: int, stop: int) -> Chroma:
        return Chroma(self.full[:, start:stop], self.bass[:, start:stop])


def chroma(audio: DecodedAudio) -> Chroma:
    """Tuning-corrected chroma of STFT magnitudes, computed once per file."""
    cached = audio.derived.get("chroma")
    if cached is not None:
        return Chroma(cached[:12], cached[12:])
    mono = audio.mono(RATE)
    window = np.hanning(FFT).astype(np.float32)
    padded = np.pad(mono, (FFT // 2, FFT // 2))
    frames = np.lib.stride_tricks.sliding_window_view(padded, FFT)[::HOP]
    freqs = np.fft.rfftfreq(FFT, 1 / RATE)
    tuning, full_bank, bass_bank = None, None, None
    full, bass = [], []
    for start in range(0, len(frames), _BLOCK_FRAMES):
        magnitude = np.abs(scipy.fft.rfft(frames[start : start + _BLOCK_FRAMES] * window, axis=1)).T
        if tuning is None:
            tuning = _tuning(magnitude, freqs)
            full_bank = _bank(freqs, tuning, 80.0, 2000.0)
            bass_bank = _bank(freqs, tuning, 40.0, 250.0)
        full.append(full_bank @ magnitude)
        bass.append(bass_bank @ magnitude)
    result = Chroma(np.hstack(full), np.hstack(bass))
    audio.derived["chroma"] = np.vstack([result.full, result.bass])
    return result


def _tuning(magnitude: np.ndarray, freqs: np.ndarray) -> float:
    """Deviation from A440 in fractions of a semitone (librosa's piptrack-based estimate);
    0 when the block has no pitched peak to measure (noise, clicks)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "empty frequency set": nothing pitched
        tuning = float(librosa.estimate_tuning(S=magnitude**2, sr=RATE, n_fft=FFT, fmin=80.0))
    return tuning if np.isfinite(tuning) else 0.0


def _bank(freqs: np.ndarray, tuning: float, low_hz: float, high_hz: float) -> np.ndarray:
    """12 x bins weights: each bin's energy to its nearest pitch class (cosine taper)."""
    bank = np.zeros((12, len(freqs)), dtype=np.float32)
    usable = (freqs >= low_hz) & (freqs <= high_hz)
    midi = 69 + 12 * np.log2(freqs[usable] / 440.0) - tuning
    nearest = np.round(midi)
    weight = np.cos(np.pi * (midi - nearest)) ** 2  # 1 on the semitone, 0 half-way
    bank[nearest.astype(int) % 12, np.flatnonzero(usable)] = weight
    return bank


def key_scores(
    profile_vector: np.ndarray, profiles: tuple[str, ...] = DEFAULT_PROFILES
) -> np.ndarray:
    """Mean profile correlation of each of the 24 keys (0-11 major on C..B, 12-23 minor)."""
    scores = np.zeros(24)
    if not np.ptp(profile_vector) > 0:
        return scores
    for name in profiles:
        major, minor = PROFILES[name]
        for shift in range(12):
            rolled = np.roll(profile_vector, -shift)
            scores[shift] += np.corrcoef(rolled, major)[0, 1]
            scores[12 + shift] += np.corrcoef(rolled, minor)[0, 1]
    return scores / len(profiles)


def relative_of(index: int) -> int:
    """The relative minor of a major key index, or the relative major of a minor one."""
    return 12 + (index + 9) % 12 if index < 12 else (index - 12 + 3) % 12


def best_key(gram: Chroma) -> tuple[int, float]:
    """The best key index and its margin over the runner-up.

    A key and its relative share a scale, so their profile scores are often close; then the
    tonic the bass dwells on decides between them."""
    scores = key_scores(gram.full.mean(axis=1))
    ranked = np.argsort(scores)[::-1]
    best, relative = int(ranked[0]), relative_of(int(ranked[0]))
    if scores[best] - scores[relative] < RELATIVE_MARGIN:
        bass = gram.bass.mean(axis=1)
        if bass[relative % 12] > bass[best % 12]:
            best = relative
    others = np.delete(scores, best)
    return best, float(scores[best] - others.max())


def key_name(index: int) -> str:
    """ "C major" .. "B minor" for a key index of ``key_scores``."""
    return f"{PITCHES[index % 12]} {'major' if index < 12 else 'minor'}"


def _segment_keys(gram: Chroma) -> list[int]:
    columns = int(SEGMENT_S * RATE / HOP)
    count = gram.full.shape[1] // columns
    if count < 2:
        return []
    parts = [gram.segment(i * columns, (i + 1) * columns) for i in range(count)]
    return [best_key(part)[0] for part in parts]


class ProfileKey:
    """Our key engine: Bellman + Albrecht-Shanahan profile correlations, the bass deciding
    between relative keys."""

    name = "catalog-key"

    def estimate(self, audio: DecodedAudio) -> KeyEstimate:
        """The key of ``audio`` (callers check ``inference.gate`` first).

        Raw score: the margin over the runner-up key, half; the agreement of 30 s segments,
        half; scaled down for clips shorter than FULL_SCORE_S."""
        gram = chroma(audio)
        best, margin = best_key(gram)
        parts = _segment_keys(gram)
        agreement = sum(p == best for p in parts) / len(parts) if parts else 0.75
        raw = 0.5 * min(margin / 0.1, 1.0) + 0.5 * agreement
        raw *= min(1.0, audio.duration_s / FULL_SCORE_S)
        return KeyEstimate(key_name(best), round(float(np.clip(raw, 0.0, 1.0)), 3), self.name)


def _spelled(tonic: str) -> str:
    return {"A#": "Bb", "D#": "Eb", "G#": "Ab", "Db": "C#", "Gb": "F#"}.get(tonic, tonic)


class EssentiaKey:
    """Essentia KeyExtractor (AGPL-3.0) with a chosen profile, kept as an option."""

    def __init__(self, profile: str = "edma") -> None:
        import essentia

        essentia.log.infoActive = False  # its import announces unconfigured classifiers
        import essentia.standard as es

        self.name = f"essentia-{profile}"
        self._extract = es.KeyExtractor(profileType=profile, sampleRate=44100)

    def estimate(self, audio: DecodedAudio) -> KeyEstimate:
        """The key of ``audio``; raw score = Essentia's key strength."""
        tonic, scale, strength = self._extract(audio.mono(44100))
        return KeyEstimate(f"{_spelled(tonic)} {scale}", round(float(strength), 3), self.name)
