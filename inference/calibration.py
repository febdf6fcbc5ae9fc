"""Calibrated confidence: each engine's raw score mapped to the probability that its value is right.

The maps are isotonic regressions (monotone step functions, Zadrozny & Elkan 2002) fitted by
`python -m bench.calibrate` on the evaluation sets with a part held back, and shipped as data in
``inference/data/calibration.json``. A map is applied by linear interpolation between its knots;
an engine without a map keeps its raw score, marked as uncalibrated in the analysis' engines.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

MAPS_RESOURCE = "data/calibration.json"


@dataclass(frozen=True, slots=True)
class CalibrationMap:
    """One monotone map from an engine's raw score to P(value is right)."""

    field: str  # bpm, key, genre, moods
    engine: str  # e.g. catalog-tempo, musicnn
    raw: tuple[float, ...]  # knots, increasing
    probability: tuple[float, ...]  # non-decreasing

    def apply(self, raw_score: float) -> float:
        """The calibrated confidence of ``raw_score``, to three decimals."""
        return round(float(np.interp(raw_score, self.raw, self.probability)), 3)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> CalibrationMap:
        """A map from its stored form; ValueError when it is not monotone."""
        knots = tuple(float(x) for x in raw["raw"])
        probabilities = tuple(float(y) for y in raw["probability"])
        if len(knots) != len(probabilities) or not knots:
            raise ValueError(
                f"calibration map {raw['field']}/{raw['engine']}: knots do not pair up"
            )
        if any(b < a for a, b in zip(knots, knots[1:], strict=False)) or any(
            b < a for a, b in zip(probabilities, probabilities[1:], strict=False)
        ):
            raise ValueError(f"calibration map {raw['field']}/{raw['engine']} is not monotone")
        return cls(str(raw["field"]), str(raw["engine"]), knots, probabilities)


@functools.cache
def calibration_maps() -> dict[tuple[str, str], CalibrationMap]:
    """Every shipped map by (field, engine), read once per process."""
    text = resources.files("inference").joinpath(MAPS_RESOURCE).read_text()
    maps = [CalibrationMap.from_json(item) for item in json.loads(text)["maps"]]
    return {(m.field, m.engine): m for m in maps}


def calibrate(field: str, engine: str, raw_score: float) -> tuple[float, bool]:
    """(confidence, calibrated?): the map's probability, or the raw score when there is none."""
    found = calibration_maps().get((field, engine))
    if found is None:
        return round(float(raw_score), 3), False
    return found.apply(raw_score), True
