"""AudioAnalyzer in supervised worker processes: the local CPU analyzer of local mode and of
`catalog analyze`.

Decoders, models and JIT-compiled DSP are native code run on users' files, and any of them can
crash or hang. Each analysis runs in a worker process (``python -m inference.worker``) that loads
the models once and serves many jobs. This process watches it: a crash (a signal or an exit), a
job over its time limit or a worker over its memory limit fails that one job with its reason
(``analyzer crashed (signal 11: SIGSEGV)``), and the worker is replaced. The API, the UI and the
bus, which run here, stay up.
"""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from shared.domain.enrichment import AudioAnalysis
from shared.errors import InvalidInput, ModelUnavailable
from shared.media.worker_process import WorkerGone, WorkerPool, WorkerProcess, WorkerTimeout

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """How analysis workers are started and limited."""

    command: tuple[str, ...]  # the worker's command line (``python -m inference.worker ...``)
    workers: int = 1  # analyses at once
    memory_mb: int = 3072  # resident memory of one worker; above it the job fails
    timeout_s: float = 120.0  # one analysis, model loading apart
    startup_timeout_s: float = 300.0  # loading the models


class _Failed(Exception):
    """The worker failed the job; ``reason`` says how, ``kind`` is the ModelUnavailable kind."""

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.reason, self.kind = reason, kind


class _Worker(WorkerProcess):
    """One analysis worker: started, waited for until its models are loaded, then asked."""

    def __init__(self, config: WorkerConfig) -> None:
        # its own session: a Ctrl-C meant for us must not kill a job half way
        super().__init__(config.command, log_as="analysis worker", log_level=logging.INFO,
                         new_session=True)  # fmt: skip
        self._config = config
        try:
            ready = json.loads(self._receive(config.startup_timeout_s))
        except _Failed as failed:
            self.kill()
            raise _Failed(f"the analyzer did not start: {failed.reason}", failed.kind) from None
        logger.info("analysis worker %s ready", ready.get("pid"))

    def ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its reply within the job's time and memory limits."""
        try:
            self.send(json.dumps(request).encode())
        except WorkerGone:
            raise self._death() from None
        reply: dict[str, Any] = json.loads(self._receive(self._config.timeout_s))
        return reply

    def _receive(self, limit_s: float) -> bytes:
        try:
            return self.receive(time.monotonic() + limit_s, on_wait=self._check_memory)
        except WorkerTimeout:
            self.kill()
            message = f"the analyzer took longer than {limit_s:g} s (stopped)"
            raise _Failed(message, "timeout") from None
        except WorkerGone:
            raise self._death() from None

    def _check_memory(self) -> None:
        try:
            resident = psutil.Process(self.process.pid).memory_info().rss
        except psutil.Error:
            return  # it is ending: the next read says how
        if resident > self._config.memory_mb * 1024 * 1024:
            self.kill()
            raise _Failed(
                f"the analyzer used more than {self._config.memory_mb} MB of memory (stopped)",
                "memory",
            )

    def _death(self) -> _Failed:
        """Why the worker is gone (it closed its output): a signal, or an exit code."""
        code = self.process.wait()
        if code < 0:
            name = signal.Signals(-code).name
            hint = "; out of memory?" if -code == signal.SIGKILL else ""
            return _Failed(f"analyzer crashed (signal {-code}: {name}{hint})", "crashed")
        return _Failed(f"analyzer exited unexpectedly (code {code})", "crashed")


class SupervisedAnalyzer:
    """The AudioAnalyzer port on a pool of supervised worker processes."""

    def __init__(self, config: WorkerConfig) -> None:
        self._config = config
        self._pool = WorkerPool(lambda: _Worker(config))
        self._slots = threading.BoundedSemaphore(config.workers)
        self._scratch = Path(tempfile.mkdtemp(prefix="catalog-analysis-"))

    def analyze(self, audio: bytes, *, backend: str) -> AudioAnalysis:
        """Analyse ``audio`` in a worker (every backend name runs the local analyzer here).

        InvalidInput when it is not audio we read; ModelUnavailable when the worker crashed,
        overran its time or memory limit, or an engine failed (the job is retried).
        """
        with (
            self._slots,
            tempfile.NamedTemporaryFile(dir=self._scratch, suffix=".audio") as handle,
        ):
            handle.write(audio)
            handle.flush()
            reply = self._ask({"path": handle.name})
        if reply.get("ok"):
            return AudioAnalysis.from_json(reply["analysis"])
        message = str(reply.get("message") or "the analyzer could not read the audio")
        if reply.get("kind") == "invalid":
            raise InvalidInput(message)
        raise ModelUnavailable(f"local analyzer failed: {message}", "error")

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        try:
            worker = self._pool.checkout()
            reply = worker.ask(request)
        except _Failed as failed:
            self._pool.discard_dead()
            logger.info("analysis failed: %s", failed.reason)  # the caller reports it
            raise ModelUnavailable(failed.reason, failed.kind) from None
        if reply.get("kind") == "memory":
            self._pool.discard(worker)  # it exits by itself after a MemoryError: never reuse it
            raise ModelUnavailable(
                f"the analyzer ran out of memory (limit {self._config.memory_mb} MB)", "memory"
            )
        self._pool.give_back(worker)
        return reply

    @property
    def worker_pids(self) -> list[int]:
        """The running workers' process ids (health and tests)."""
        return self._pool.pids()

    def close(self) -> None:
        """Stop every worker and remove the scratch folder."""
        self._pool.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


_pools: dict[WorkerConfig, SupervisedAnalyzer] = {}
_pools_lock = threading.Lock()


def supervised_analyzer(config: WorkerConfig) -> SupervisedAnalyzer:
    """The process's pool for ``config``: workers load their models once and serve every
    Services instance of the process (the CLI, `catalog run`, tests); stopped at exit."""
    with _pools_lock:
        pool = _pools.get(config)
        if pool is None:
            pool = _pools[config] = SupervisedAnalyzer(config)
        return pool


@atexit.register
def _close_pools() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()
