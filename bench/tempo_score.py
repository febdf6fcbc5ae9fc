"""Fit the tempo engine's raw score: `python -m bench.tempo_score` (needs `make evalset`).

The tempo engine's errors are octave errors, so its raw score is a logistic over the octave
evidence (``inference.tempo.OctaveEvidence``: the chosen reading's lead, and the log ratio of
periodicity at the tempo to periodicity at its half). This script reads that
evidence for every music file with a tempo truth (fixtures and evaluation set), fits the
logistic on the ``fit`` split (scikit-learn, BSD) and prints the weights to paste into
``inference/tempo.py`` (SCORE_WEIGHTS), with the ranking quality (ROC AUC) of the new score and of
the lead alone on the held-out split. Then `python -m bench.accuracy` and `python -m
bench.calibrate` refit the calibration map on the new raw scores.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from bench.accuracy import Truth, accuracy1, evalset_truths, truths
from bench.evalset import default_dir
from inference import gate
from inference.audio import decode_file
from inference.onsets import onset_strength
from inference.tempo import (
    OctaveEvidence,
    _enhanced,
    _peak_bpm,
    mean_autocorrelation,
    octave_evidence,
    octave_scores,
)


def evidence(truth: Truth, evalset_dir: Path) -> tuple[OctaveEvidence, bool] | None:
    """The engine's octave evidence on one file and whether its tempo is right (Accuracy1)."""
    audio = decode_file(truth.path(evalset_dir), max_seconds=1200)
    if "bpm" in gate.reasons(audio) or truth.bpm is None:
        return None
    gram = mean_autocorrelation(onset_strength(audio))
    ranked = octave_scores(gram, _peak_bpm(_enhanced(gram)))
    return octave_evidence(gram, ranked), accuracy1(ranked[0][0], truth.bpm)


def main() -> None:
    """Fit on the fit split, print SCORE_WEIGHTS and the held-out AUCs."""
    parser = argparse.ArgumentParser(prog="python -m bench.tempo_score")
    parser.add_argument("--evalset", type=Path, default=default_dir())
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    items = [t for t in (*truths(), *evalset_truths(args.evalset)) if t.bpm and t.kind == "music"]
    rows: dict[str, list[tuple[OctaveEvidence, bool]]] = {"fit": [], "held-out": []}
    for number, truth in enumerate(items, 1):
        found = evidence(truth, args.evalset)
        if found is not None:
            rows[truth.split].append(found)
        if number % 25 == 0:
            logging.info("%d of %d files read", number, len(items))

    def matrix(split: str) -> tuple[np.ndarray, np.ndarray]:
        features = [(e.lead, e.over_half) for e, _ in rows[split]]
        return np.array(features), np.array([right for _, right in rows[split]], dtype=int)

    x_fit, y_fit = matrix("fit")
    x_held, y_held = matrix("held-out")
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x_fit, y_fit)
    weights = (float(model.intercept_[0]), *(float(w) for w in model.coef_[0]))
    print(f"fit: {len(y_fit)} files, {y_fit.sum()} right; held-out: {len(y_held)}, {y_held.sum()}")
    print("SCORE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
    for name, fit_score, held_score in (
        ("logistic", model.decision_function(x_fit), model.decision_function(x_held)),
        ("lead alone", x_fit[:, 0], x_held[:, 0]),
    ):
        print(f"{name}: held-out ROC AUC {roc_auc_score(y_held, held_score):.3f}; "
              + _reaching(fit_score, y_fit, held_score, y_held))  # fmt: skip


def _reaching(
    fit_score: np.ndarray, y_fit: np.ndarray, held: np.ndarray, y_held: np.ndarray
) -> str:
    """What an isotonic map fitted on the fit split makes of the held-out part at 0.80."""
    iso = IsotonicRegression(y_min=0.02, y_max=0.97, out_of_bounds="clip").fit(fit_score, y_fit)
    high = iso.predict(held) >= 0.8
    right = int((high & (y_held == 1)).sum())
    return (f"{int(high.sum())} values reach 0.80, {right} of them right; "
            f"{right} of {int(y_held.sum())} right values reach 0.80")  # fmt: skip


if __name__ == "__main__":
    main()
