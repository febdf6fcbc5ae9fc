"""A stand-in analysis worker that injects the faults a real one can have, on request.

It speaks the real worker's protocol (``inference.worker.serve``) and is started by the real
supervisor (``ANALYSIS_WORKER_MODULE=tests.support.fault_worker``). It decides by a marker in the
audio file's bytes (a RIFF INFO comment survives ingest): ``CRASH-ME`` kills the process with
SIGSEGV, as a native decoder or JIT bug would; ``HANG-ME`` never answers; ``HOG-ME`` grows past
any memory limit; ``EXIT-ME`` exits with code 7; ``SLOW-ME`` touches
``$CATALOG_DATA_DIR/fault-worker-busy`` and answers after ``$FAULT_WORKER_SLOW_S`` seconds.
Anything else gets a fixed, confident analysis.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from pathlib import Path

from inference.worker import serve
from shared.domain.enrichment import AudioAnalysis, Label, TempoCandidate

HOGGED: list[bytes] = []


def fixed_analysis() -> AudioAnalysis:
    """A confident answer, as the real analyzer gives for clear music."""
    return AudioAnalysis(
        bpm=120.0, bpm_confidence=0.95, bpm_candidates=(TempoCandidate(120.0, 1.0),),
        key="A minor", key_confidence=0.9, loudness_lufs=-14.0,
        genres=(Label("electronic", 0.92),), moods=(Label("energetic", 0.9),),
        description=None, model="fault-worker", model_version="1", confidence=0.92,
        timings={}, reasons={}, engines={}, duration_s=8.0,
    )  # fmt: skip


def analyse(path: Path) -> AudioAnalysis:
    """Fail as the file asks, or answer."""
    data = path.read_bytes()
    if b"CRASH-ME" in data:
        os.kill(os.getpid(), signal.SIGSEGV)
    if b"HANG-ME" in data:
        time.sleep(3600)
    if b"HOG-ME" in data:
        while True:
            HOGGED.append(b"\x01" * (64 << 20))  # written, so resident: 64 MB a step
            time.sleep(0.01)
    if b"EXIT-ME" in data:
        os._exit(7)
    if b"SLOW-ME" in data:
        (Path(os.environ.get("CATALOG_DATA_DIR", ".")) / "fault-worker-busy").touch()
        time.sleep(float(os.environ.get("FAULT_WORKER_SLOW_S", "5")))
    return fixed_analysis()


def main() -> None:
    """Accept the real worker's arguments; serve the stand-in."""
    parser = argparse.ArgumentParser()
    for name in ("--tempo", "--key", "--loudness"):
        parser.add_argument(name)
    parser.parse_args()
    serve(lambda: analyse)


if __name__ == "__main__":
    main()
