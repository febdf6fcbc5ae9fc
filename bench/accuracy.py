"""Accuracy of our engines beside Essentia's, measured in the same run, on two sets:
``../shared/audio-fixtures`` (real recordings, manifest.csv) and the evaluation set of
``bench.evalset`` (rendered MIDI, exact truth), plus the calibration's reliability.

`python -m bench.accuracy [--no-evalset]` prints the README's tables and keeps every file's raw
scores in ``<evalset>/results.json`` for `python -m bench.calibrate`; tests/accuracy asserts on
the fixture numbers.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.audio_files import decode_file
from bench.evalset import default_dir
from bench.evalset.build import load
from inference.analyzer import Analyzer, build_analyzer
from inference.audio import DecodedAudio
from shared.domain.music import MusicalKey

logger = logging.getLogger(__name__)
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
    """One file and what is known about it."""

    file: str
    bpm: float | None
    key: str | None
    genre: str | None
    moods: tuple[str, ...] = ()
    source: str = "fixtures"  # or "evalset"
    split: str = "fit"  # "held-out": never used to fit the calibration maps
    kind: str = "music"  # evalset non-music: tone, silence, noise, clicks, speech
    style: str = ""

    def path(self, evalset_dir: Path) -> Path:
        """Where the audio is."""
        return (FIXTURES if self.source == "fixtures" else evalset_dir) / self.file


@functools.cache
def truths() -> tuple[Truth, ...]:
    """Every fixture with at least one truth value (manifest.csv); every third is held out."""
    with (FIXTURES / "manifest.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    found = []
    for row in rows:
        genre = FIXTURE_GENRES.get(row["genre"]) if row["genre"] else None
        if row["bpm"] or row["key"] or genre:
            bpm = float(row["bpm"]) if row["bpm"] else None
            split = "held-out" if len(found) % 3 == 2 else "fit"
            found.append(Truth(row["file"], bpm, row["key"] or None, genre, split=split))
    return tuple(found)


def evalset_truths(evalset_dir: Path) -> tuple[Truth, ...]:
    """The built evaluation set's manifest as truths (music and non-music)."""
    return tuple(
        Truth(
            item.file,
            float(item.bpm) if item.bpm else None,
            item.key or None,
            item.genre or None,
            tuple(m for m in item.moods.split("|") if m),
            source="evalset",
            split=item.split,
            kind=item.kind,
            style=item.style,
        )
        for item in load(evalset_dir)
    )


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


@dataclass
class Outcome:
    """One engine's answers on one file: values, raw scores, calibrated confidences."""

    bpm: float | None = None
    bpm_raw: float | None = None
    bpm_confidence: float | None = None
    key: str | None = None
    key_raw: float | None = None
    key_confidence: float | None = None
    genre: str | None = None
    genre_raw: float | None = None
    genre_confidence: float | None = None
    mood: str | None = None
    mood_raw: float | None = None
    mood_confidence: float | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    cpu_s: float = 0.0


@dataclass
class Record:
    """Every engine's outcome on one file, beside its truth."""

    truth: Truth
    duration_s: float
    ours: Outcome
    essentia: Outcome  # RhythmExtractor2013 + KeyExtractor('edma')
    essentia_default: Outcome  # RhythmExtractor2013 + KeyExtractor() ('bgate')


def score_ours(analyzer: Analyzer, audio: DecodedAudio) -> Outcome:
    """The full result of our analyzer (default engines), with the raw scores behind it."""
    started = time.process_time()
    timings: dict[str, float] = {}
    raw = analyzer.estimate(audio, timings)
    result = analyzer._result(audio, raw, timings)  # noqa: SLF001 - the same calibration step
    cpu = time.process_time() - started
    top, mood = result.top_genre, result.moods[0] if result.moods else None
    return Outcome(
        bpm=result.bpm,
        bpm_raw=raw.tempo.confidence if raw.tempo else None,
        bpm_confidence=result.bpm_confidence,
        key=result.key,
        key_raw=raw.key.confidence if raw.key else None,
        key_confidence=result.key_confidence,
        genre=top.label if top else None,
        genre_raw=raw.tags.genres[0][1] if raw.tags.genres else None,
        genre_confidence=top.score if top else None,
        mood=mood.label if mood else None,
        mood_raw=raw.tags.moods[0][1] if raw.tags.moods else None,
        mood_confidence=mood.score if mood else None,
        reasons=dict(result.reasons),
        cpu_s=cpu,
    )


class EssentiaAnchor:
    """Essentia's RhythmExtractor2013 and KeyExtractor ('edma' and the default) as they come."""

    def __init__(self) -> None:
        import essentia

        essentia.log.infoActive = False
        import essentia.standard as es

        self._rhythm = es.RhythmExtractor2013(method="multifeature")
        self._edma = es.KeyExtractor(profileType="edma")
        self._default = es.KeyExtractor()

    def score(self, audio: DecodedAudio) -> tuple[Outcome, Outcome]:
        """(edma, default) outcomes; the tempo is the same extractor in both."""
        mono = audio.mono(44100)
        bpm, _, beats_confidence, _, _ = self._rhythm(mono)
        tempo = {"bpm": round(float(bpm), 2), "bpm_raw": float(beats_confidence)}
        outcomes = []
        for extractor in (self._edma, self._default):
            tonic, scale, strength = extractor(mono)
            key = str(MusicalKey.parse(f"{tonic} {scale}"))
            outcomes.append(Outcome(**tempo, key=key, key_raw=float(strength)))  # type: ignore[arg-type]
        return outcomes[0], outcomes[1]


def run(items: tuple[Truth, ...], evalset_dir: Path, *, essentia: bool = True) -> list[Record]:
    """Decode each file once; our analyzer and Essentia read the same samples."""
    analyzer = build_analyzer()
    anchor = EssentiaAnchor() if essentia else None
    records = []
    for truth in items:
        audio = decode_file(truth.path(evalset_dir))
        ours = score_ours(analyzer, audio)
        edma, default = anchor.score(audio) if anchor else (Outcome(), Outcome())
        records.append(Record(truth, round(audio.duration_s, 2), ours, edma, default))
        logger.info("%d/%d %s", len(records), len(items), truth.file)
    return records


@dataclass(frozen=True)
class Summary:
    """The headline numbers of one engine on one set."""

    bpm_files: int
    accuracy1: float
    accuracy2: float
    key_files: int
    mirex: float
    key_exact: float
    genre_files: int
    genre_top1: float | None


def summarise(records: list[Record], engine: str) -> Summary:
    """Accuracy1/2 over the BPM truths, MIREX over the key truths, top-1 over genre truths."""
    outcomes = [(r.truth, getattr(r, engine)) for r in records if r.truth.kind == "music"]
    bpms = [(t, o) for t, o in outcomes if t.bpm is not None]
    keys = [(t, o) for t, o in outcomes if t.key is not None]
    genres = [(t, o) for t, o in outcomes if t.genre is not None]
    a1 = sum(accuracy1(o.bpm, t.bpm) for t, o in bpms) / max(1, len(bpms))  # type: ignore[arg-type]
    a2 = sum(accuracy2(o.bpm, t.bpm) for t, o in bpms) / max(1, len(bpms))  # type: ignore[arg-type]
    key_score = sum(mirex(o.key, t.key) for t, o in keys) / max(1, len(keys))  # type: ignore[arg-type]
    exact = sum(mirex(o.key, t.key) == 1.0 for t, o in keys) / max(1, len(keys))  # type: ignore[arg-type]
    with_genre = [(t, o) for t, o in genres if o.genre is not None or engine == "ours"]
    top1 = (
        sum(o.genre == t.genre for t, o in with_genre) / len(with_genre)
        if engine == "ours" and with_genre
        else None
    )
    return Summary(len(bpms), a1, a2, len(keys), key_score, exact, len(genres), top1)


def is_right(field_name: str, truth: Truth, outcome: Outcome) -> bool | None:
    """Whether the value is right (None: no truth, or no value given)."""
    value = getattr(outcome, {"moods": "mood"}.get(field_name, field_name))
    if value is None:
        return None
    if field_name == "bpm":
        return None if truth.bpm is None else accuracy1(value, truth.bpm)
    if field_name == "key":
        return None if truth.key is None else MusicalKey.parse(value) == MusicalKey.parse(truth.key)
    if field_name == "genre":
        return None if truth.genre is None else value == truth.genre
    return None if not truth.moods else value in truth.moods


def main() -> None:
    """Run both sets, print the tables, keep the raw results for bench.calibrate."""
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy")
    parser.add_argument("--evalset", type=Path, default=default_dir())
    parser.add_argument("--no-evalset", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from bench.reports import print_accuracy, print_reliability

    items = truths()
    if not args.no_evalset:
        items += evalset_truths(args.evalset)
    records = run(items, args.evalset)
    print_accuracy(records)
    print_reliability(records)
    if not args.no_evalset:
        out = args.evalset / "results.json"
        out.write_text(json.dumps([asdict(r) for r in records], indent=1))
        print(f"\nraw results: {out}")


if __name__ == "__main__":
    main()
