"""The README's tables from accuracy records: accuracy beside Essentia, and reliability."""

from __future__ import annotations

from dataclasses import dataclass

from bench.accuracy import FLOOR, Outcome, Record, Truth, is_right, summarise

FIELDS = ("bpm", "key", "genre", "moods")
ENGINES = (
    ("ours", "catalog (catalog-tempo, catalog-key)"),
    ("essentia", "Essentia RhythmExtractor2013 + KeyExtractor edma"),
    ("essentia_default", "Essentia RhythmExtractor2013 + KeyExtractor() (bgate)"),
)
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class Reliability:
    """For one field on a set of files: confidence bins against observed accuracy."""

    field: str
    bins: tuple[tuple[float, float, int, int, float], ...]  # low, high, values, right, mean conf
    values: int
    right: int
    ece: float  # expected calibration error: sum over bins of |accuracy - confidence| x share
    confident: int  # values at >= FLOOR
    confident_right: int
    withheld: int  # truths with no value given

    @property
    def share_right_confident(self) -> float:
        """Of the right values, the share that reached FLOOR."""
        return self.confident_right / self.right if self.right else 0.0


def confidence_of(outcome: Outcome, field_name: str) -> float | None:
    """The calibrated confidence of a field's value."""
    return getattr(outcome, {"moods": "mood"}.get(field_name, field_name) + "_confidence")


def reliability(pairs: list[tuple[Truth, float | None, bool | None]], name: str) -> Reliability:
    """Bins, ECE and the >= FLOOR counts from (truth, confidence, right) triples."""
    scored = [(c, r) for _, c, r in pairs if c is not None and r is not None]
    withheld = sum(1 for _, c, r in pairs if c is None)
    bins = []
    ece = 0.0
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = [(c, r) for c, r in scored if low <= c < high]
        if inside:
            accuracy = sum(r for _, r in inside) / len(inside)
            mean = sum(c for c, _ in inside) / len(inside)
            ece += abs(accuracy - mean) * len(inside) / len(scored)
            bins.append((low, min(high, 1.0), len(inside), sum(r for _, r in inside), mean))
    confident = [(c, r) for c, r in scored if c >= FLOOR]
    return Reliability(
        name,
        tuple(bins),
        len(scored),
        sum(r for _, r in scored),
        ece,
        len(confident),
        sum(r for _, r in confident),
        withheld,
    )


def _truth_of(truth: Truth, field_name: str) -> object:
    return {"bpm": truth.bpm, "key": truth.key, "genre": truth.genre, "moods": truth.moods}[
        field_name
    ]


def field_reliability(records: list[Record], field_name: str, split: str | None) -> Reliability:
    """Reliability of our calibrated confidence for one field (music files with a truth)."""
    pairs = []
    for record in records:
        truth = record.truth
        if truth.kind != "music" or (split and truth.split != split):
            continue
        if _truth_of(truth, field_name):
            right = is_right(field_name, truth, record.ours)
            pairs.append((truth, confidence_of(record.ours, field_name), right))
    return reliability(pairs, field_name)


def print_accuracy(records: list[Record]) -> None:
    """Accuracy per set: ours beside Essentia, same run, same decoded audio."""
    for source in ("fixtures", "evalset"):
        subset = [r for r in records if r.truth.source == source]
        if not subset:
            continue
        print(f"\n{source}: | engine | BPM Accuracy1 | BPM Accuracy2 | key MIREX | key exact |"
              " genre top-1 |")  # fmt: skip
        for engine, name in ENGINES:
            s = summarise(subset, engine)
            top1 = "n/a" if s.genre_top1 is None else f"{s.genre_top1:.0%} of {s.genre_files}"
            print(f"| {name} | {s.accuracy1:.1%} of {s.bpm_files} | {s.accuracy2:.1%} | "
                  f"{s.mirex:.3f} over {s.key_files} | {s.key_exact:.1%} | {top1} |")  # fmt: skip
        nonmusic = [r for r in subset if r.truth.kind != "music"]
        if nonmusic:
            withheld = sum(r.ours.bpm is None and r.ours.key is None for r in nonmusic)
            print(f"non-music files with tempo and key withheld: {withheld} of {len(nonmusic)}")
            for r in nonmusic:
                print(f"  {r.truth.file}: bpm {r.ours.bpm} key {r.ours.key} {r.ours.reasons}")
        music = [r for r in subset if r.truth.kind == "music"]
        lost = [r.truth.file for r in music if r.ours.bpm is None and r.truth.bpm is not None]
        print(f"music files given no tempo: {len(lost)} {lost}")
    _print_cpu(records)


def _print_cpu(records: list[Record]) -> None:
    minutes = sum(r.duration_s for r in records) / 60
    cpu = sum(r.ours.cpu_s for r in records)
    print(f"\nours, full result: {cpu / minutes:.3f} CPU s per audio minute over {minutes:.1f} min")


def print_reliability(records: list[Record], split: str | None = "held-out") -> None:
    """Per field: confidence bins against accuracy, ECE, and the share reaching FLOOR."""
    print(f"\nreliability ({split or 'all files'}):")
    for name in FIELDS:
        table = field_reliability(records, name, split)
        print(f"\n{name}: {table.values} values, {table.right} right, ECE {table.ece:.3f}; "
              f">= {FLOOR}: {table.confident} values, {table.confident_right} right; "
              f"{table.share_right_confident:.0%} of the right values reach {FLOOR}; "
              f"{table.withheld} withheld")  # fmt: skip
        print("| confidence | values | right | observed accuracy | mean confidence |")
        for low, high, count, right, mean in table.bins:
            print(
                f"| {low:.1f}-{high:.1f} | {count} | {right} | {right / count:.0%} | {mean:.2f} |"
            )
