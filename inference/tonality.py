"""Musical key: "A minor" with a confidence.

Default engine: Krumhansl-Kessler profiles on librosa's CQT chroma (ISC). On the fixtures it tied
Essentia's KeyExtractor with the 'edma' profile (MIREX 0.83 each; Essentia's default 'bgate'
scored 0.75), and at equal accuracy the licence decides: Essentia is AGPL-3.0, a burden for the
commercial labels running this as a network service. Essentia's profiles stay available
(ANALYSIS_KEY_ENGINE=essentia-edma, essentia-bgate, essentia-temperley).
"""

from __future__ import annotations

from dataclasses import dataclass

import librosa
import numpy as np

from inference.audio import DecodedAudio

SEGMENT_S = 30.0
_PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
# Krumhansl & Kessler (1982) probe-tone ratings, C major / C minor
_KK_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_KK_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


@dataclass(frozen=True, slots=True)
class KeyEstimate:
    """A key like "A minor" and how sure the engine is."""

    key: str
    confidence: float
    engine: str


def _spelled(tonic: str) -> str:
    return {"A#": "Bb", "D#": "Eb", "G#": "Ab", "Db": "C#", "Gb": "F#"}.get(tonic, tonic)


def _segments(mono: np.ndarray, rate: int) -> list[np.ndarray]:
    size = int(SEGMENT_S * rate)
    count = len(mono) // size
    return [mono[i * size : (i + 1) * size] for i in range(count)] if count >= 2 else []


def _confidence(strength: float, agreement: float) -> float:
    """Profile correlation (0.6 poor .. 0.95 clear) blended with agreement across segments."""
    clarity = float(np.clip((strength - 0.6) / 0.35, 0.0, 1.0))
    return round(0.5 * clarity + 0.5 * agreement, 3)


class EssentiaKey:
    """Essentia KeyExtractor (AGPL-3.0) with a chosen profile, whole file plus segments."""

    def __init__(self, profile: str = "edma") -> None:
        import essentia

        essentia.log.infoActive = False  # its import announces unconfigured classifiers
        import essentia.standard as es

        self.name = f"essentia-{profile}"
        self._extract = es.KeyExtractor(profileType=profile, sampleRate=44100)

    def _key(self, mono: np.ndarray) -> tuple[str, float]:
        tonic, scale, strength = self._extract(mono)
        return f"{_spelled(tonic)} {scale}", float(strength)

    def estimate(self, audio: DecodedAudio) -> KeyEstimate:
        """The key of ``audio``."""
        mono = audio.mono(44100)
        key, strength = self._key(mono)
        parts = [self._key(segment)[0] for segment in _segments(mono, 44100)]
        agreement = sum(p == key for p in parts) / len(parts) if parts else 0.75
        return KeyEstimate(key, _confidence(strength, agreement), self.name)


class ChromaKey:
    """Krumhansl-Kessler key profiles on librosa's CQT chroma (ISC; no AGPL code).

    The chroma is computed once; the whole file and each 30 s segment are read from its columns.
    """

    name = "librosa-kk"
    _rate = 22050
    _hop = 4096  # 186 ms: key needs no finer grid

    @staticmethod
    def _key(chroma: np.ndarray) -> tuple[str, float]:
        best, score = "C major", -1.0
        for shift in range(12):
            rolled = np.roll(chroma, -shift)
            for profile, mode in ((_KK_MAJOR, "major"), (_KK_MINOR, "minor")):
                r = float(np.corrcoef(rolled, profile)[0, 1])
                if r > score:
                    best, score = f"{_PITCHES[shift]} {mode}", r
        return best, score

    def estimate(self, audio: DecodedAudio) -> KeyEstimate:
        """The key of ``audio``."""
        gram = librosa.feature.chroma_cqt(
            y=audio.mono(self._rate), sr=self._rate, hop_length=self._hop
        )
        key, strength = self._key(gram.mean(axis=1))
        columns = int(SEGMENT_S * self._rate / self._hop)
        count = gram.shape[1] // columns
        parts = (
            [
                self._key(gram[:, i * columns : (i + 1) * columns].mean(axis=1))[0]
                for i in range(count)
            ]
            if count >= 2
            else []
        )
        agreement = sum(p == key for p in parts) / len(parts) if parts else 0.75
        return KeyEstimate(key, _confidence(strength, agreement), self.name)
