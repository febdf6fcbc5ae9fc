"""Calibrate vocals (issue 18): musicnn's vocal share mapped to P(sung), fitted and checked.

`python -m bench.vocals_calibrate [--rendered 63] [--write]`

The raw score is the **vocal share** (``inference.tagging.vocal_share``: the strongest voice tag
over it plus the strongest no-voice tag, 0..1). The map is Platt scaling (a logistic on its
logit, as ``bench.calibrate`` does for the tagger) to the probability that the track is sung;
the analyzer then calls a track sung when that probability is at least 0.5, with
``max(p, 1 - p)`` as the confidence.

Truth:
- sung: the 5 jamendolyrics songs of ``../shared/audio-fixtures`` (JamendoLyrics.csv), whole and
  as 30 s excerpts from 30, 60, 90 and 120 s (verses and choruses; an excerpt that happens to
  be an instrumental break is label noise, said in the README);
- instrumental: the 9 fixtures ``bench.discovery_bench.INSTRUMENTAL`` names (solo instruments, a
  string orchestra, a percussion ensemble, a piano trio, Essentia's techno loop), and the first
  ``--rendered`` arrangements of the evaluation set (``bench.evalset``: MIDI rendered by
  fluidsynth with the GM soundfont, which has no voices; the same files `make evalset` renders,
  cached in ~/.cache/catalog/evalset, never committed).

Splits: songs 2 and 4 of 5 (with all their excerpts), every second instrumental fixture and the
evaluation set's own ``held-out`` third are held out; the map is fitted on the rest. Gender is
not calibrated: no fixture has a gender truth.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.accuracy import FIXTURES
from bench.audio_files import decode_file
from bench.calibrate import MAPS_PATH, fit
from bench.discovery_bench import INSTRUMENTAL
from bench.evalset import default_dir
from bench.evalset.build import plan, render_music, split_of
from inference.audio import DecodedAudio
from inference.tagging import MusicnnTagger, vocal_share

EVALSET_COUNT = 168  # the full set's plan, so names match what `make evalset` renders
EXCERPT_STARTS_S = (30, 60, 90, 120)
EXCERPT_S = 30
FLOOR = 0.80
BINS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)


@dataclass(frozen=True)
class Sample:
    """One piece of audio with its truth and the tagger's raw vocal share."""

    name: str
    sung: bool
    split: str
    share: float


def excerpt(audio: DecodedAudio, start_s: float, length_s: float) -> DecodedAudio:
    """``length_s`` seconds of ``audio`` from ``start_s``."""
    first = int(start_s * audio.sample_rate)
    return DecodedAudio(audio.frames[first : first + int(length_s * audio.sample_rate)].copy(),
                        audio.sample_rate)  # fmt: skip


def sung_samples(tagger: MusicnnTagger) -> list[Sample]:
    """The jamendolyrics songs, whole and as excerpts, songs alternating between the splits."""
    samples = []
    for index, path in enumerate(sorted((FIXTURES / "jamendolyrics").glob("*.mp3"))):
        split = "held-out" if index % 2 == 1 else "fit"
        audio = decode_file(path)
        pieces = [(path.name, audio)] + [
            (f"{path.name}@{s}s", excerpt(audio, s, EXCERPT_S)) for s in EXCERPT_STARTS_S
        ]
        for name, piece in pieces:
            samples.append(Sample(name, True, split, _share(tagger, piece)))
    return samples


def instrumental_samples(tagger: MusicnnTagger, rendered: int) -> list[Sample]:
    """The instrumental fixtures and the rendered arrangements."""
    samples = []
    for index, name in enumerate(INSTRUMENTAL):
        split = "held-out" if index % 2 == 1 else "fit"
        samples.append(Sample(name, False, split, _share(tagger, decode_file(FIXTURES / name))))
    out_dir = default_dir()
    arrangements = plan(EVALSET_COUNT)[:rendered]
    with ProcessPoolExecutor(2) as pool:
        items = list(pool.map(render_music, arrangements, [out_dir] * rendered, range(rendered)))
    for index, item in enumerate(items):
        audio = decode_file(out_dir / item.file)
        samples.append(Sample(item.file, False, split_of(index), _share(tagger, audio)))
    return samples


def _share(tagger: MusicnnTagger, audio: DecodedAudio) -> float:
    share = vocal_share(tagger.tag(audio).raw)
    return 0.5 if share is None else share


def probability(share: float, knots: list[float], values: list[float]) -> float:
    """P(sung) from the map."""
    return float(np.interp(share, knots, values))


def verdicts(samples: list[Sample], knots: list[float], values: list[float]
             ) -> list[tuple[Sample, bool, float]]:  # fmt: skip
    """(sample, right?, confidence) under the map."""
    out = []
    for sample in samples:
        p = probability(sample.share, knots, values)
        out.append((sample, (p >= 0.5) == sample.sung, max(p, 1 - p)))
    return out


def reliability_rows(judged: list[tuple[Sample, bool, float]]) -> list[str]:
    """Confidence bins: values, observed accuracy, mean confidence."""
    rows = []
    for low, high in zip(BINS, BINS[1:], strict=False):
        inside = [(r, c) for _, r, c in judged if low <= c < high]
        if inside:
            accuracy = sum(r for r, _ in inside) / len(inside)
            mean = sum(c for _, c in inside) / len(inside)
            rows.append(f"{low:.1f}-{min(high, 1.0):.1f}: {len(inside)}, {accuracy:.0%} "
                        f"(mean confidence {mean:.2f})")  # fmt: skip
    return rows


def summary(judged: list[tuple[Sample, bool, float]]) -> dict[str, object]:
    """Accuracy by truth, the reliability bins, ECE and the >= 0.80 counts."""
    right = sum(r for _, r, _ in judged)
    sung = [(s, r) for s, r, _ in judged if s.sung]
    inst = [(s, r) for s, r, _ in judged if not s.sung]
    confident = [r for _, r, c in judged if c >= FLOOR]
    ece = sum(
        abs(sum(r for _, r, c in judged if lo <= c < hi) - sum(c for _, _, c in judged
            if lo <= c < hi)) for lo, hi in zip(BINS, BINS[1:], strict=False)
    ) / len(judged)  # fmt: skip
    return {
        "values": len(judged),
        "accuracy": round(right / len(judged), 3),
        "sung_right": f"{sum(r for _, r in sung)}/{len(sung)}",
        "instrumental_right": f"{sum(r for _, r in inst)}/{len(inst)}",
        "reliability": reliability_rows(judged),
        "ece": round(ece, 3),
        "at_or_above_0.80_right": f"{sum(confident)}/{len(confident)}",
    }


def write_map(knots: list[float], values: list[float], fitted_on: str) -> None:
    """Put the vocals map into inference/data/calibration.json beside the others."""
    stored = json.loads(MAPS_PATH.read_text())
    maps = [m for m in stored["maps"] if (m["field"], m["engine"]) != ("vocals", "musicnn")]
    maps.append({"field": "vocals", "engine": "musicnn", "method": "platt", "raw": knots,
                 "probability": values, "fitted_on": fitted_on,
                 "meaning": "raw = vocal share, probability = P(sung)"})  # fmt: skip
    stored["maps"] = maps
    MAPS_PATH.write_text(json.dumps(stored, indent=1) + "\n")


def main() -> None:
    """Tag, fit on the fit split, print held-out and whole-set tables; --write keeps the map."""
    parser = argparse.ArgumentParser(prog="python -m bench.vocals_calibrate", description=__doc__)
    parser.add_argument("--rendered", type=int, default=63)
    parser.add_argument("--write", action="store_true", help="store the map for the analyzer")
    parser.add_argument("--json", type=Path, help="write every sample's share here")
    parser.add_argument("--samples", type=Path, help="refit from a --json file, no tagging")
    args = parser.parse_args()
    if args.samples:
        samples = [Sample(**raw) for raw in json.loads(args.samples.read_text())]
    else:
        tagger = MusicnnTagger()
        samples = sung_samples(tagger) + instrumental_samples(tagger, args.rendered)
    if args.json:
        args.json.write_text(json.dumps([s.__dict__ for s in samples], indent=1))
    fitting = [s for s in samples if s.split == "fit"]
    xs = np.array([s.share for s in fitting])
    ys = np.array([float(s.sung) for s in fitting])
    knots, values = fit(xs, ys, "platt")
    raw_rule = ([0.0, 0.5 - 1e-9, 0.5, 1.0], [0.0, 0.0, 1.0, 1.0])  # before: share >= 0.5
    report = {
        "fitted_on": f"{len(xs)} values, {int(ys.sum())} sung",
        "p_sung_at_share": {
            f"{x:.1f}": round(probability(x, knots, values), 3)
            for x in (0.3, 0.5, 0.62, 0.7, 0.8, 0.9)
        },  # fmt: skip
        "held_out": summary(
            verdicts([s for s in samples if s.split == "held-out"], knots, values)
        ),  # fmt: skip
        "all": summary(verdicts(samples, knots, values)),
        "raw_rule_all_accuracy": summary(verdicts(samples, *raw_rule))["accuracy"],
        "techno_loop": [
            {"share": s.share, "p_sung": round(probability(s.share, knots, values), 3)}
            for s in samples
            if s.name.endswith("techno_loop.mp3")
        ],
        "misses": [
            {"name": s.name, "sung": s.sung, "share": round(s.share, 3), "confidence": round(c, 3)}
            for s, r, c in verdicts(samples, knots, values)
            if not r
        ],
    }
    print(json.dumps(report, indent=1))
    if args.write:
        write_map(knots, values, str(report["fitted_on"]))
        print(f"wrote the vocals map to {MAPS_PATH}")


if __name__ == "__main__":
    main()
