"""No value rather than a guess: which values a file cannot have, and why.

Tempo is withheld from clips under 5 s, key from clips under 2 s, both from silence and from
audio that is not music:
- isolated clicks: sound in under a quarter of the file, silence between (music: over half);
- a steady sound: a tone, a hum, a sweep or white noise keeps its level within 0.5 dB from one
  100 ms frame to the next (music: 1 dB and more; the "percentage of low-energy frames" of
  Scheirer & Slaney, ICASSP 1997, rests on the same observation);
- a single pitch: one pitch class holds most of the chroma (no key);
- noise and speech: no key profile fits the chroma (the Krumhansl-Schmuckler correlation stays
  under 0.4, music's median is 0.85) and the onset envelope has no periodicity in the tempo
  range (speech's syllables come at irregular 3-6 Hz).
Genres and moods are withheld too when neither a tempo nor a key is found.
The thresholds sit between the non-music files of the evaluation set (bench/evalset: sines,
a sweep, hum, white/pink/brown noise, clicks, espeak-ng speech in five languages) and the music
of both sets; `python -m bench.accuracy` prints what the gate withheld.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from inference.audio import SILENCE_DBFS, DecodedAudio
from inference.onsets import onset_strength
from inference.tempo import MAX_BPM, MIN_BPM, periodicity
from inference.tonality import chroma, key_scores

MIN_TEMPO_S, MIN_KEY_S = 5.0, 2.0  # a tempo needs several beats; a key, a few chords
MIN_PERIODICITY = 0.08  # peak mean autocorrelation, 50-210 BPM: noise <= 0.03, speech <= 0.07
MAX_PITCH_SHARE = 0.45  # of the chroma in its strongest pitch class: tones >= 0.7, music <= 0.31
MIN_KEY_FIT = 0.40  # best key-profile correlation: noise, speech <= 0.37; music median 0.85
MIN_SOUNDING = 0.25  # of 25 ms frames within 30 dB of the loudest: clicks ~0.05, music >= 0.5
MIN_LEVEL_SPREAD_DB = 0.5  # std of 100 ms levels: tones, hum, white noise <= 0.13, music >= 1


@dataclass(frozen=True, slots=True)
class Evidence:
    """The measurements behind the gate's decision (also what bench/ prints)."""

    level_spread_db: float
    periodicity: float
    pitch_share: float
    key_fit: float
    sounding: float


def evidence(audio: DecodedAudio) -> Evidence:
    """Measure a file once; every number reads views other engines share."""
    envelope = onset_strength(audio)
    gram = chroma(audio)
    profile = gram.full.mean(axis=1)
    total = float(profile.sum())
    pitch_share = float(profile.max()) / total if total > 0 else 1.0
    key_fit = float(key_scores(profile).max()) if total > 0 else 0.0
    return Evidence(
        level_spread_db=_level_spread_db(audio),
        periodicity=periodicity(envelope, MIN_BPM, MAX_BPM),
        pitch_share=pitch_share,
        key_fit=key_fit,
        sounding=_sounding(audio),
    )


def _frame_rms(audio: DecodedAudio, size: int) -> np.ndarray:
    mono = audio.mono(22050)
    usable = len(mono) // size * size
    return np.asarray(np.sqrt(np.mean(mono[:usable].reshape(-1, size) ** 2, axis=1)))


def _level_spread_db(audio: DecodedAudio) -> float:
    """Standard deviation of 100 ms levels (dB) over the frames within 60 dB of the loudest."""
    levels = 20 * np.log10(_frame_rms(audio, 2205) + 1e-12)
    if len(levels) < 2:
        return 0.0
    return float(np.std(levels[levels > levels.max() - 60]))


def _sounding(audio: DecodedAudio) -> float:
    """Share of 25 ms frames within 30 dB of the loudest one."""
    rms = _frame_rms(audio, 551)
    return float(np.mean(rms > rms.max() * 10 ** (-30 / 20))) if len(rms) else 0.0


def reasons(audio: DecodedAudio) -> Mapping[str, str]:
    """Field -> why it has no value; empty when every value can be estimated."""
    if audio.peak_rms_dbfs < SILENCE_DBFS:
        silent = f"the audio is silent (loudest level {audio.peak_rms_dbfs:.0f} dBFS)"
        return {"bpm": silent, "key": silent, "genres": "the audio is silent",
                "moods": "the audio is silent"}  # fmt: skip
    found: dict[str, str] = {}
    if audio.duration_s < MIN_TEMPO_S:
        found["bpm"] = _too_short(audio, MIN_TEMPO_S)
    if audio.duration_s < MIN_KEY_S:
        found["key"] = _too_short(audio, MIN_KEY_S)
        return found
    seen = evidence(audio)
    rhythm, pitch = _no_rhythm(seen), _no_key(seen)
    if rhythm and "bpm" not in found:
        found["bpm"] = rhythm
    if pitch:
        found["key"] = pitch
    if rhythm and pitch:
        found["genres"] = found["moods"] = f"not music: {rhythm}"
    return found


def _too_short(audio: DecodedAudio, needed_s: float) -> str:
    return f"the clip is {audio.duration_s:.1f} s; at least {needed_s:g} s are needed"


def loudness_reason(audio: DecodedAudio) -> str:
    """Why a file has no loudness: too short to gate, or silent."""
    if audio.duration_s < 0.5:
        return f"the clip is {audio.duration_s:.1f} s; loudness needs at least 0.5 s"
    return "the audio is silent"


def _no_rhythm(seen: Evidence) -> str | None:
    if seen.sounding < MIN_SOUNDING:
        return f"isolated clicks: sound in {seen.sounding:.0%} of the file, not music"
    if seen.level_spread_db < MIN_LEVEL_SPREAD_DB:
        return (f"a steady sound (its level varies by {seen.level_spread_db:.1f} dB): "
                "a tone, hum or noise, not music")  # fmt: skip
    if seen.key_fit < MIN_KEY_FIT and seen.periodicity < MIN_PERIODICITY:
        return (f"no beat and no key: noise or speech (periodicity {seen.periodicity:.2f}, "
                f"key fit {seen.key_fit:.2f})")  # fmt: skip
    return None


def _no_key(seen: Evidence) -> str | None:
    if seen.sounding < MIN_SOUNDING or seen.level_spread_db < MIN_LEVEL_SPREAD_DB:
        return _no_rhythm(seen)
    if seen.pitch_share > MAX_PITCH_SHARE:
        return f"a single pitch ({seen.pitch_share:.0%} of the chroma): no key"
    if seen.key_fit < MIN_KEY_FIT:
        return f"no key profile fits (best correlation {seen.key_fit:.2f}; music: 0.4 and up)"
    return None
