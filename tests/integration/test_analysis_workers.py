"""The supervised analysis workers: a crash, a hang, a memory hog or an exit fails one job with its
reason, the worker is replaced, and the process that asked stays up.

The faults come from ``tests/support/fault_worker.py``: the real worker protocol and the real
supervisor, with an analyser that crashes (SIGSEGV), hangs, allocates without end or exits when the
audio asks it to. The real models are exercised by the end-to-end tests.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest

from shared.adapters.analysis_workers import SupervisedAnalyzer, WorkerConfig
from shared.errors import ModelUnavailable

WAV = b"RIFF\x00\x00\x00\x00WAVE"  # what the stand-in reads: only the marker matters to it


def _config(**limits: float) -> WorkerConfig:
    command = (sys.executable, "-m", "tests.support.fault_worker", "--tempo", "t", "--key", "k",
               "--loudness", "l")  # fmt: skip
    return WorkerConfig(command, **limits)  # type: ignore[arg-type]


@pytest.fixture
def analyzer() -> Iterator[SupervisedAnalyzer]:
    pool = SupervisedAnalyzer(_config(timeout_s=3.0, memory_mb=700, startup_timeout_s=60.0))
    yield pool
    pool.close()


def test_one_worker_serves_job_after_job(analyzer: SupervisedAnalyzer) -> None:
    first = analyzer.analyze(WAV, backend="local")
    pid = analyzer.worker_pids

    second = analyzer.analyze(WAV, backend="local")

    assert (first.bpm, second.key) == (120.0, "A minor")
    assert analyzer.worker_pids == pid


@pytest.mark.parametrize(
    ("marker", "kind", "reason"),
    [
        (b"CRASH-ME", "crashed", "analyzer crashed (signal 11: SIGSEGV)"),
        (b"EXIT-ME", "crashed", "analyzer exited unexpectedly (code 7)"),
        (b"HANG-ME", "timeout", "the analyzer took longer than 3 s (stopped)"),
        (b"HOG-ME", "memory", "the analyzer used more than 700 MB of memory (stopped)"),
    ],
)
def test_a_fault_fails_that_job_with_its_reason_and_the_next_job_gets_a_new_worker(
    analyzer: SupervisedAnalyzer, marker: bytes, kind: str, reason: str
) -> None:
    analyzer.analyze(WAV, backend="local")
    before = analyzer.worker_pids

    with pytest.raises(ModelUnavailable) as failed:
        analyzer.analyze(WAV + marker, backend="local")
    after = analyzer.analyze(WAV, backend="local")

    assert (failed.value.kind, failed.value.message) == (kind, reason)
    assert after.bpm == 120.0
    assert analyzer.worker_pids
    assert analyzer.worker_pids != before


def test_a_crash_in_one_worker_leaves_a_job_running_in_another_untouched() -> None:
    pool = SupervisedAnalyzer(_config(workers=2, timeout_s=20.0, startup_timeout_s=60.0))
    outcomes: dict[str, object] = {}

    def run(name: str, audio: bytes) -> None:
        try:
            outcomes[name] = pool.analyze(audio, backend="local").bpm
        except ModelUnavailable as exc:
            outcomes[name] = exc.message

    try:
        jobs = [threading.Thread(target=run, args=("good", WAV)),
                threading.Thread(target=run, args=("bad", WAV + b"CRASH-ME"))]  # fmt: skip
        for job in jobs:
            job.start()
        for job in jobs:
            job.join(60)
    finally:
        pool.close()

    assert outcomes == {"good": 120.0, "bad": "analyzer crashed (signal 11: SIGSEGV)"}


def test_a_worker_that_cannot_start_is_a_clear_failure_not_a_hang() -> None:
    pool = SupervisedAnalyzer(
        WorkerConfig((sys.executable, "-c", "import sys; sys.exit(4)"), startup_timeout_s=30.0)
    )
    try:
        with pytest.raises(ModelUnavailable, match=r"did not start: analyzer exited .*code 4"):
            pool.analyze(WAV, backend="local")
    finally:
        pool.close()
