"""Audio made here with numpy (and espeak-ng for speech): drums at a known tempo, chords in a known
key, and the non-music a label might upload by mistake."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 44100
PITCHES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")


def encoded(samples: np.ndarray, rate: int = RATE, *, fmt: str = "WAV",
            subtype: str = "PCM_16") -> bytes:  # fmt: skip
    """``samples`` (frames, or frames x channels) as a file in memory."""
    buffer = io.BytesIO()
    sf.write(buffer, samples.astype(np.float32), rate, format=fmt, subtype=subtype)
    return buffer.getvalue()


def _hit(kind: str, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(0.25 * RATE)) / RATE
    if kind == "kick":
        return 0.8 * np.sin(2 * np.pi * (50 + 100 * np.exp(-t * 30)) * t) * np.exp(-t * 12)
    if kind == "bass":  # a plucked walking-bass note
        return 0.6 * np.sin(2 * np.pi * 98 * t) * np.exp(-t * 8)
    noise = rng.standard_normal(len(t))
    if kind == "snare":
        return 0.8 * noise * np.exp(-t * 25) + 0.3 * np.sin(2 * np.pi * 190 * t) * np.exp(-t * 20)
    if kind == "ride":
        return 0.3 * np.diff(noise, prepend=0) * np.exp(-t * 20)
    return 0.25 * np.diff(noise, prepend=0) * np.exp(-t * 90)  # hat


def drums(bpm: float, seconds: float = 30.0, *, swing: bool = False) -> np.ndarray:
    """Rock: kick on 1 and 3, snare on 2 and 4, hi-hat on eighths. Swing: the ride on every
    beat and the swung "and" (the last third of the beat), hi-hat on 2 and 4, a walking bass."""
    rng = np.random.default_rng(int(bpm * 10))
    out = np.zeros(int(seconds * RATE) + RATE)
    beat_s = 60.0 / bpm
    for beat in range(int(seconds / beat_s)):
        start = beat * beat_s
        if swing:
            hits = [("ride", start), ("bass", start), ("ride", start + beat_s * 2 / 3)]
            hits += [("hat", start)] if beat % 2 else []
        else:
            hits = [("kick" if beat % 2 == 0 else "snare", start), ("hat", start),
                    ("hat", start + beat_s / 2)]  # fmt: skip
        for kind, at in hits:
            hit = _hit(kind, rng)
            i = int(at * RATE)
            out[i : i + len(hit)] += hit
    return 0.5 * out[: int(seconds * RATE)] / np.abs(out).max()


def _tone(midi: int, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    f0 = 440.0 * 2 ** ((midi - 69) / 12)
    partials = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 6) if f0 * k < 8000)
    return partials * np.minimum(1, t * 50) * np.exp(-t * 1.5)


_TRIADS = {
    "major": ((0, 4, 7), (5, 9, 12), (7, 11, 14), (0, 4, 7)),  # I IV V I
    "natural": ((0, 3, 7), (8, 12, 15), (10, 14, 17), (0, 3, 7)),  # i VI VII i
    "harmonic": ((0, 3, 7), (5, 8, 12), (7, 11, 14), (0, 3, 7)),  # i iv V i (raised 7th)
}


def chords(tonic: str, mode: str, seconds: float = 24.0, bpm: float = 96.0) -> np.ndarray:
    """A cadence (I-IV-V-I, i-VI-VII-i or harmonic minor's i-iv-V-i) with a bass, one a bar."""
    root = 48 + PITCHES.index(tonic)
    bar_s = 4 * 60.0 / bpm
    out = np.zeros(int(seconds * RATE) + RATE)
    for bar in range(int(seconds / bar_s)):
        triad = _TRIADS[mode][bar % 4]
        start = int(bar * bar_s * RATE)
        for beat in range(4):
            notes = [root + 12 + n for n in triad] + [root + triad[0] - 12 * (triad[0] >= 12)]
            at = start + int(beat * 60.0 / bpm * RATE)
            for note in notes:
                sound = _tone(note, 60.0 / bpm)
                out[at : at + len(sound)] += sound
    return 0.5 * out[: int(seconds * RATE)] / np.abs(out).max()


def sine(hz: float = 440.0, seconds: float = 20.0, rate: int = RATE) -> np.ndarray:
    """A pure tone."""
    return 0.5 * np.sin(2 * np.pi * hz * np.arange(int(seconds * rate)) / rate)


def white_noise(seconds: float = 20.0) -> np.ndarray:
    """Gaussian white noise."""
    return 0.2 * np.random.default_rng(3).standard_normal(int(seconds * RATE))


def clicks(seconds: float = 20.0, *, every_s: float | None = 0.5) -> np.ndarray:
    """Short clicks in silence: a metronome (``every_s``) or at random times (None)."""
    out = np.zeros(int(seconds * RATE))
    times = (np.arange(0.1, seconds - 0.1, every_s) if every_s
             else np.sort(np.random.default_rng(5).uniform(0, seconds - 0.1, 40)))  # fmt: skip
    for at in times:
        i = int(at * RATE)
        out[i : i + 64] += 0.8 * np.hanning(64)
    return out


def speech(tmp_path: Path) -> bytes:
    """About 12 s of English speech from espeak-ng (a Debian package scripts/ installs)."""
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng is missing: make install adds it (scripts/system-packages)")
    wav = tmp_path / "speech.wav"
    text = ("The quarterly report shows that revenue grew in every region except the north, "
            "where two stores closed for renovation. We expect them to reopen in March, and "
            "the board will review the plan at its next meeting.")  # fmt: skip
    subprocess.run(["espeak-ng", "-v", "en", "-w", str(wav), text], check=True, timeout=60)
    return wav.read_bytes()
