"""Render the evaluation set: MIDI -> fluidsynth (Debian's GM soundfont) -> MP3/FLAC/M4A/Ogg.

Music: ``count`` arrangements spread over every style, tempi across each style's range (60-200
beats per minute overall), all 12 tonics, major, natural minor and harmonic minor. Non-music:
tones, silence, noise, clicks and speech (espeak-ng), which must get no tempo and no key.
The audio is cached outside the repository (never committed); ``manifest.csv`` holds the truth.
"""

from __future__ import annotations

import csv
import logging
import math
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from bench.evalset.arrangements import STYLES, Arrangement, to_midi

logger = logging.getLogger(__name__)
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
FORMATS = ("mp3", "flac", "m4a", "ogg")
_ENCODERS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "192k"],
    "flac": ["-c:a", "flac"],
    "m4a": ["-c:a", "aac", "-b:a", "160k"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "5"],
}
FIELDS = ("file", "kind", "style", "genre", "moods", "bpm", "quarter_bpm", "key", "mode",
          "format", "seed", "split")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Item:
    """One file of the set and its truth (empty strings where a value does not apply)."""

    file: str
    kind: str  # "music" or a non-music class: tone, silence, noise, clicks, speech
    style: str = ""
    genre: str = ""
    moods: str = ""  # "calm|romantic"
    bpm: str = ""
    quarter_bpm: str = ""
    key: str = ""
    mode: str = ""
    format: str = ""
    seed: str = ""
    split: str = ""  # "fit" or "held-out": calibration maps are fitted on "fit" only


def plan(count: int) -> list[Arrangement]:
    """``count`` arrangements: styles in turn, tempi spread over each range, keys rotating."""
    per_style: dict[str, int] = {}
    arrangements = []
    for index in range(count):
        style = STYLES[index % len(STYLES)]
        nth = per_style.get(style.name, 0)
        per_style[style.name] = nth + 1
        rounds = math.ceil(count / len(STYLES))
        low, high = style.bpm_range
        bpm = low + (high - low) * ((nth * 0.618 + 0.2) % 1.0)  # golden-ratio spread
        bpm = round(bpm + (index % 3 - 1) * 0.35 * (nth < rounds), 1)
        tonic = (index * 7) % 12
        mode = style.modes[(index // len(STYLES) + index) % len(style.modes)]
        arrangements.append(Arrangement(style, bpm, tonic, mode, seed=1000 + index))
    return arrangements


def split_of(index: int) -> str:
    """Every third item is held back from fitting the calibration maps."""
    return "held-out" if index % 3 == 2 else "fit"


def render_music(arrangement: Arrangement, out_dir: Path, index: int) -> Item:
    """Write the MIDI, render it with fluidsynth, encode to this item's format."""
    fmt = FORMATS[index % len(FORMATS)]
    name = f"music/{index:03d}-{arrangement.style.name}.{fmt}"
    target = out_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        with tempfile.TemporaryDirectory() as scratch:
            midi_path, wav_path = Path(scratch) / "song.mid", Path(scratch) / "song.wav"
            to_midi(arrangement).save(midi_path)
            shutil.copy(midi_path, target.with_suffix(".mid"))
            _run(["fluidsynth", "-ni", "-q", "-g", "0.5", "-r", "44100", "-F", str(wav_path),
                  str(SOUNDFONT), str(midi_path)])  # fmt: skip
            _encode(wav_path, target, fmt)
    return Item(
        file=name,
        kind="music",
        style=arrangement.style.name,
        genre=arrangement.style.genre,
        moods="|".join(arrangement.moods),
        bpm=f"{arrangement.bpm:g}",
        quarter_bpm=f"{arrangement.quarter_bpm:g}",
        key=arrangement.key,
        mode=arrangement.mode,
        format=fmt,
        seed=str(arrangement.seed),
        split=split_of(index),
    )


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=300)


def _encode(wav_path: Path, target: Path, fmt: str) -> None:
    _run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav_path), *_ENCODERS[fmt],
          str(target)])  # fmt: skip


def nonmusic(out_dir: Path) -> list[Item]:
    """Tones, silence, noise, clicks and speech: nothing here has a tempo or a key."""
    folder = out_dir / "nonmusic"
    folder.mkdir(parents=True, exist_ok=True)
    rate = 44100
    rng = np.random.default_rng(7)
    t = np.arange(rate * 20) / rate
    signals: dict[str, tuple[str, np.ndarray]] = {
        "sine-440": ("tone", 0.5 * np.sin(2 * np.pi * 440 * t)),
        "sine-1000": ("tone", 0.3 * np.sin(2 * np.pi * 1000 * t)),
        "sine-110-harmonics": (
            "tone",
            sum(0.2 / k * np.sin(2 * np.pi * 110 * k * t) for k in range(1, 6)),
        ),  # fmt: skip
        "sweep": ("tone", 0.4 * np.sin(2 * np.pi * (100 * t + 450 * t**2 / 20))),
        "silence": ("silence", np.zeros_like(t)),
        "hum-50": ("tone", 0.05 * np.sin(2 * np.pi * 50 * t) + 1e-4 * rng.standard_normal(len(t))),
        "white-noise": ("noise", 0.2 * rng.standard_normal(len(t))),
        "pink-noise": ("noise", _pink(rng, len(t))),
        "brown-noise": ("noise", _brown(rng, len(t))),
        "clicks-irregular": ("clicks", _clicks(rng, len(t), rate, regular=False)),
        "clicks-metronome": ("clicks", _clicks(rng, len(t), rate, regular=True)),
    }
    items = []
    for name, (kind, samples) in signals.items():
        path = folder / f"{name}.flac"
        sf.write(path, samples.astype(np.float32), rate)
        items.append(Item(file=f"nonmusic/{name}.flac", kind=kind, format="flac", split="fit"))
    items.extend(_speech(folder))
    return items


def _pink(rng: np.random.Generator, n: int) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
    pink = np.fft.irfft(spectrum, n)
    return 0.3 * pink / np.abs(pink).max()


def _brown(rng: np.random.Generator, n: int) -> np.ndarray:
    brown = np.cumsum(rng.standard_normal(n))
    brown -= np.convolve(brown, np.ones(4410) / 4410, mode="same")
    return 0.3 * brown / np.abs(brown).max()


def _clicks(rng: np.random.Generator, n: int, rate: int, *, regular: bool) -> np.ndarray:
    out = np.zeros(n)
    click = np.hanning(64) * np.sign(np.sin(np.arange(64)))
    times = (
        np.arange(0.1, n / rate - 0.1, 0.5)
        if regular
        else np.sort(rng.uniform(0, n / rate - 0.1, 40))
    )
    for when in times:
        start = int(when * rate)
        out[start : start + 64] += 0.8 * click
    return out


SPEECH = (
    ("en", "The quarterly report shows that revenue grew in every region except the north, "
           "where two stores closed for renovation. We expect them to reopen in March."),
    ("en-us", "Please remember to bring your badge tomorrow. The building entrance on the "
              "east side will be closed, so use the main doors near the parking garage."),
    ("fr", "Bonjour à tous, la réunion commencera à dix heures. Nous parlerons du budget, "
           "des nouveaux projets et du calendrier des vacances pour cet été."),
    ("de", "Der Zug nach Berlin fährt heute von Gleis sieben ab. Wegen Bauarbeiten kann es "
           "zu Verspätungen von etwa zwanzig Minuten kommen. Wir bitten um Verständnis."),
    ("es", "Las noticias de hoy: el tiempo será soleado por la mañana y habrá lluvias por "
           "la tarde en el norte del país. Las temperaturas bajarán por la noche."),
)  # fmt: skip


def _speech(folder: Path) -> list[Item]:
    if shutil.which("espeak-ng") is None:
        logger.warning("espeak-ng is not installed: no speech in the set")
        return []
    items = []
    for number, (voice, text) in enumerate(SPEECH):
        wav = folder / f"speech-{voice}.wav"
        _run(["espeak-ng", "-v", voice, "-s", str(150 + 10 * number), "-w", str(wav), text])
        target = wav.with_suffix(".flac")
        _encode(wav, target, "flac")
        wav.unlink()
        items.append(Item(file=f"nonmusic/{target.name}", kind="speech", format="flac",
                          split="fit"))  # fmt: skip
    return items


def build(out_dir: Path, count: int, workers: int = 2) -> list[Item]:
    """Render every item (skipping ones already rendered) and write ``manifest.csv``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    arrangements = plan(count)
    with ProcessPoolExecutor(workers) as pool:
        futures = [pool.submit(render_music, a, out_dir, i) for i, a in enumerate(arrangements)]
        items = [future.result() for future in futures]
    items += nonmusic(out_dir)
    with (out_dir / "manifest.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        for item in items:
            writer.writerow({name: getattr(item, name) for name in FIELDS})
    return items


def load(out_dir: Path) -> list[Item]:
    """The manifest of a built set."""
    with (out_dir / "manifest.csv").open() as handle:
        return [Item(**row) for row in csv.DictReader(handle)]
