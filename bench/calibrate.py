"""Refit the calibration maps: `python -m bench.calibrate` after `python -m bench.accuracy`.

For each field and engine, a monotone map from the raw score to "the value is right" (tempo:
Accuracy1; key: exact; genre: top-1 equals the truth; moods: the top mood is one the arrangement
was written to convey) is fitted on the ``fit`` split of both sets (fixtures and evaluation set),
and checked on the ``held-out`` split: isotonic regression (scikit-learn, BSD) for tempo and key,
Platt scaling (a logistic regression on the logit of the score) for the tagger's likelihoods,
whose right answers are few: a two-parameter curve does not chase them as a step function does.
The maps go to ``inference/data/calibration.json``, which the analyzer applies at run time.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

from bench.accuracy import Outcome, Record, Truth, is_right
from bench.evalset import default_dir
from bench.reports import print_reliability

MAPS_PATH = Path(__file__).resolve().parent.parent / "inference" / "data" / "calibration.json"
# (field, engine name, Outcome attribute holding the raw score, which outcome, method)
TARGETS = (
    ("bpm", "catalog-tempo", "bpm_raw", "ours", "isotonic"),
    ("key", "catalog-key", "key_raw", "ours", "isotonic"),
    ("genre", "musicnn", "genre_raw", "ours", "platt"),
    ("moods", "musicnn", "mood_raw", "ours", "platt"),
    ("bpm", "essentia", "bpm_raw", "essentia", "isotonic"),
    ("key", "essentia-edma", "key_raw", "essentia", "isotonic"),
    ("key", "essentia-bgate", "key_raw", "essentia_default", "isotonic"),
)
# Never certain, never hopeless: isotonic steps at the ends rest on few files
LOWEST, HIGHEST = 0.02, 0.97


def load_records(path: Path) -> list[Record]:
    """The records `python -m bench.accuracy` kept."""
    records = []
    for raw in json.loads(path.read_text()):
        truth = Truth(**{**raw["truth"], "moods": tuple(raw["truth"]["moods"])})
        outcomes = {name: Outcome(**raw[name]) for name in ("ours", "essentia", "essentia_default")}
        records.append(Record(truth, raw["duration_s"], **outcomes))
    return records


def pairs(records: list[Record], field: str, attribute: str, engine: str,
          split: str) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """(raw scores, right 0/1) of one engine's field on one split."""
    xs, ys = [], []
    for record in records:
        if record.truth.kind != "music" or record.truth.split != split:
            continue
        outcome = getattr(record, engine)
        raw, right = getattr(outcome, attribute), is_right(field, record.truth, outcome)
        if raw is not None and right is not None:
            xs.append(raw)
            ys.append(float(right))
    return np.array(xs), np.array(ys)


def fit(xs: np.ndarray, ys: np.ndarray, method: str) -> tuple[list[float], list[float]]:
    """The map as knots (raw score, probability), probabilities within [LOWEST, HIGHEST]."""
    if method == "platt":
        return _platt(xs, ys)
    model = IsotonicRegression(y_min=LOWEST, y_max=HIGHEST, out_of_bounds="clip").fit(xs, ys)
    knots = [float(x) for x in model.X_thresholds_]
    values = [round(float(y), 4) for y in model.y_thresholds_]
    return [round(k, 4) for k in knots], values


def _logit(xs: np.ndarray) -> np.ndarray:
    clipped = np.clip(xs, 1e-3, 1 - 1e-3)
    return np.log(clipped / (1 - clipped)).reshape(-1, 1)


def _platt(xs: np.ndarray, ys: np.ndarray) -> tuple[list[float], list[float]]:
    """Platt scaling on the logit of the score, sampled at 41 knots over 0..1."""
    model = LogisticRegression(C=1.0).fit(_logit(xs), ys)
    grid = np.linspace(0.0, 1.0, 41)
    probabilities = np.clip(model.predict_proba(_logit(grid))[:, 1], LOWEST, HIGHEST)
    probabilities = np.maximum.accumulate(probabilities)  # monotone even if the slope were < 0
    return [round(float(x), 4) for x in grid], [round(float(p), 4) for p in probabilities]


def refit(records: list[Record]) -> list[dict[str, object]]:
    """Every map of TARGETS fitted on the fit split."""
    maps = []
    for field, engine_name, attribute, engine, method in TARGETS:
        xs, ys = pairs(records, field, attribute, engine, "fit")
        if len(xs) < 20:
            continue
        knots, values = fit(xs, ys, method)
        maps.append({"field": field, "engine": engine_name, "method": method, "raw": knots,
                     "probability": values,
                     "fitted_on": f"{len(xs)} values, {int(ys.sum())} right"})  # fmt: skip
    return maps


def apply(records: list[Record], maps: list[dict[str, object]]) -> list[Record]:
    """Our outcomes with the new maps applied to their raw scores."""
    ours = {(m["field"], m["engine"]): m for m in maps}

    def mapped(field: str, engine: str, raw: float | None) -> float | None:
        found = ours.get((field, engine))
        if raw is None or found is None:
            return None
        return round(float(np.interp(raw, found["raw"], found["probability"])), 3)  # type: ignore[arg-type]

    out = []
    for r in records:
        o = r.ours
        o = replace(o, bpm_confidence=mapped("bpm", "catalog-tempo", o.bpm_raw),
                    key_confidence=mapped("key", "catalog-key", o.key_raw),
                    genre_confidence=mapped("genre", "musicnn", o.genre_raw),
                    mood_confidence=mapped("moods", "musicnn", o.mood_raw))  # fmt: skip
        out.append(replace(r, ours=o))
    return out


def main() -> None:
    """Fit, write the maps, print the held-out reliability."""
    parser = argparse.ArgumentParser(prog="python -m bench.calibrate")
    parser.add_argument("--results", type=Path, default=default_dir() / "results.json")
    args = parser.parse_args()
    records = load_records(args.results)
    maps = refit(records)
    refitted = {(m["field"], m["engine"]) for m in maps}
    kept = [m for m in json.loads(MAPS_PATH.read_text())["maps"]  # e.g. bench.vocals_calibrate's
            if (m["field"], m["engine"]) not in refitted]  # fmt: skip
    MAPS_PATH.write_text(json.dumps({"fitted_by": "python -m bench.calibrate", "maps": maps + kept},
                                    indent=1) + "\n")  # fmt: skip
    print(f"wrote {MAPS_PATH} ({len(maps)} maps)")
    calibrated = apply(records, maps)
    print_reliability(calibrated, "held-out")
    print_reliability(calibrated, "fit")


if __name__ == "__main__":
    main()
