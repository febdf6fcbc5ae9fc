"""Accuracy on ../shared/audio-fixtures: BPM Accuracy1/2, key MIREX score, genre top-1, and the
reliability of confidence >= 0.80; the local analyzer beside Essentia's defaults.

`python -m bench.accuracy` prints the README's tables; tests/accuracy asserts on the same numbers.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from pathlib import Path

from inference.analyzer import Analyzer, build_analyzer
from inference.audio import DecodedAudio, decode
from shared.domain.music import MusicalKey

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "audio-fixtures"
FLOOR = 0.80
# The fixtures' genre labels in the catalog's taxonomy (None: a dance style, not a genre)
FIXTURE_GENRES = {
    "waltz": None, "country": "country", "samba": "latin", "jazz": "jazz",
    "classical": "classical", "breaks": "electronic", "trance": "electronic",
    "electronica/downtempo": "electronic", "ragtime": "jazz", "dubstep": "electronic",
    "flamenco": "world", "hip-hop": "hip-hop", "techno": "electronic", "pop": "pop",
    "folk": "folk", "reggae": "reggae", "metal": "metal",
}  # fmt: skip


@dataclass(frozen=True)
class Truth:
    """One fixture file and what is known about it."""

    file: str
    bpm: float | None
    key: str | None
    genre: str | None


@dataclass
class Scored:
    """Estimates of one engine on every fixture."""

    bpm: dict[str, float | None] = field(default_factory=dict)
    bpm_confidence: dict[str, float | None] = field(default_factory=dict)
    key: dict[str, str | None] = field(default_factory=dict)
    key_confidence: dict[str, float | None] = field(default_factory=dict)
    genre: dict[str, str | None] = field(default_factory=dict)
    genre_confidence: dict[str, float] = field(default_factory=dict)


@functools.cache
def truths() -> tuple[Truth, ...]:
    """Every fixture with at least one truth value (manifest.csv)."""
    with (FIXTURES / "manifest.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        genre = FIXTURE_GENRES.get(row["genre"]) if row["genre"] else None
        if row["bpm"] or row["key"] or genre:
            bpm = float(row["bpm"]) if row["bpm"] else None
            found.append(Truth(row["file"], bpm, row["key"] or None, genre))
    return tuple(found)


def accuracy1(estimate: float | None, truth: float) -> bool:
    """Within 4% of the annotated tempo."""
    return estimate is not None and abs(estimate - truth) <= 0.04 * truth


def accuracy2(estimate: float | None, truth: float) -> bool:
    """Within 4% of the tempo or of its double, half, triple or third (octave errors allowed)."""
    return estimate is not None and any(
        abs(estimate * f - truth) <= 0.04 * truth for f in (1, 2, 0.5, 3, 1 / 3)
    )


def mirex(estimate: str | None, truth: str) -> float:
    """MIREX key score: 1 exact, 0.5 fifth, 0.3 relative, 0.2 parallel, else 0."""
    if estimate is None:
        return 0.0
    guess, right = MusicalKey.parse(estimate), MusicalKey.parse(truth)
    if guess == right:
        return 1.0
    interval = (guess.pitch_class - right.pitch_class) % 12
    if guess.mode == right.mode and interval in (5, 7):
        return 0.5
    if guess == right.relative():
        return 0.3
    if guess.tonic == right.tonic and guess.mode != right.mode:
        return 0.2
    return 0.0


@functools.cache
def _decoded(file: str) -> DecodedAudio:
    return decode((FIXTURES / file).read_bytes(), max_seconds=20 * 60)


def score_ours(analyzer: Analyzer | None = None) -> Scored:
    """The catalog's local analyzer (default engines) on every fixture with a truth."""
    analyzer = analyzer or build_analyzer()
    scored = Scored()
    for truth in truths():
        result = analyzer.analyze_decoded(_decoded(truth.file))
        scored.bpm[truth.file], scored.bpm_confidence[truth.file] = (
            result.bpm,
            result.bpm_confidence,
        )
        scored.key[truth.file], scored.key_confidence[truth.file] = (
            result.key,
            result.key_confidence,
        )
        top = result.top_genre
        scored.genre[truth.file] = top.label if top else None
        scored.genre_confidence[truth.file] = top.score if top else 0.0
    return scored


def score_essentia_defaults() -> Scored:
    """Essentia's defaults on the same decoded audio: RhythmExtractor2013, KeyExtractor()."""
    import essentia

    essentia.log.infoActive = False
    import essentia.standard as es

    rhythm, key = es.RhythmExtractor2013(), es.KeyExtractor()
    scored = Scored()
    for truth in truths():
        mono = _decoded(truth.file).mono(44100)
        if truth.bpm is not None:
            scored.bpm[truth.file] = float(rhythm(mono)[0])
        if truth.key is not None:
            tonic, scale, _ = key(mono)
            scored.key[truth.file] = f"{tonic} {scale}"
    return scored


@dataclass(frozen=True)
class Summary:
    """The headline numbers of one engine."""

    bpm_files: int
    accuracy1: float
    accuracy2: float
    key_files: int
    mirex: float
    genre_files: int
    genre_top1: float | None


def summarise(scored: Scored) -> Summary:
    """Accuracy1/2 over the BPM truths, MIREX over the key truths, top-1 over genre truths."""
    all_truths = truths()
    bpms = [t for t in all_truths if t.bpm is not None]
    keys = [t for t in all_truths if t.key is not None]
    genres = [t for t in all_truths if t.genre is not None]
    a1 = sum(accuracy1(scored.bpm.get(t.file), t.bpm) for t in bpms) / len(bpms)  # type: ignore[arg-type]
    a2 = sum(accuracy2(scored.bpm.get(t.file), t.bpm) for t in bpms) / len(bpms)  # type: ignore[arg-type]
    key_score = sum(mirex(scored.key.get(t.file), t.key) for t in keys) / len(keys)  # type: ignore[arg-type]
    top1 = (
        sum(scored.genre.get(t.file) == t.genre for t in genres) / len(genres)
        if scored.genre
        else None
    )
    return Summary(len(bpms), a1, a2, len(keys), key_score, len(genres), top1)


@dataclass(frozen=True)
class Reliability:
    """For one field: how often values at and below the threshold were right."""

    field: str
    confident: int
    confident_right: int
    unsure: int
    unsure_right: int
    withheld: int  # null values (silence, clips under 5 s): no guess made


def reliability(scored: Scored) -> list[Reliability]:
    """The reliability table of confidence >= FLOOR, per field (bpm: Accuracy1, key: exact)."""
    rows = []
    checks = {
        "bpm": (scored.bpm, scored.bpm_confidence, lambda t: t.bpm,
                lambda e, t: accuracy1(e, t)),
        "key": (scored.key, scored.key_confidence, lambda t: t.key,
                lambda e, t: MusicalKey.parse(e) == MusicalKey.parse(t)),
        "genre": (scored.genre, scored.genre_confidence, lambda t: t.genre,
                  lambda e, t: e == t),
    }  # fmt: skip
    for name, (values, confidences, truth_of, right) in checks.items():
        counts = {"c": 0, "cr": 0, "u": 0, "ur": 0, "w": 0}
        for truth in truths():
            expected = truth_of(truth)
            if expected is None:
                continue
            value, confidence = values.get(truth.file), confidences.get(truth.file)
            if value is None or confidence is None:
                counts["w"] += 1
                continue
            bucket = "c" if confidence >= FLOOR else "u"
            counts[bucket] += 1
            counts[bucket + "r"] += bool(right(value, expected))
        rows.append(Reliability(name, counts["c"], counts["cr"], counts["u"], counts["ur"],
                                counts["w"]))  # fmt: skip
    return rows


def main() -> None:
    """Print the README tables."""
    ours, theirs = score_ours(), score_essentia_defaults()
    a, b = summarise(ours), summarise(theirs)
    print("| engine | BPM Accuracy1 | BPM Accuracy2 | key MIREX | genre top-1 |")
    print("|---|---|---|---|---|")
    for name, s in (("catalog local analyzer (default)", a), ("Essentia defaults", b)):
        top1 = "n/a" if s.genre_top1 is None else f"{s.genre_top1:.0%} of {s.genre_files}"
        print(f"| {name} | {s.accuracy1:.0%} of {s.bpm_files} | {s.accuracy2:.0%} | "
              f"{s.mirex:.2f} over {s.key_files} | {top1} |")  # fmt: skip
    print()
    print("| field | values with confidence >= 0.80 | right | below 0.80 | right | no value |")
    print("|---|---|---|---|---|---|")
    for r in reliability(ours):
        print(f"| {r.field} | {r.confident} | {r.confident_right} | {r.unsure} | "
              f"{r.unsure_right} | {r.withheld} |")  # fmt: skip
    for truth in truths():
        print(truth.file, truth.bpm, ours.bpm.get(truth.file), ours.bpm_confidence.get(truth.file),
              truth.key, ours.key.get(truth.file), ours.key_confidence.get(truth.file),
              truth.genre, ours.genre.get(truth.file), ours.genre_confidence.get(truth.file),
              theirs.bpm.get(truth.file), theirs.key.get(truth.file))  # fmt: skip


if __name__ == "__main__":
    main()
