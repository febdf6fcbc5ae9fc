"""Extraction in worker processes with memory and time limits, so one hostile file cannot take
the function down: a parser that loops is killed at the deadline, one that allocates without end
hits the worker's address-space limit. Workers are kept warm and reused (about 0.1 ms a round
trip), replaced when one dies or is killed."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from shared.domain.media import Extraction, ProblemCode, UnreadableAudio
from shared.media.limits import Limits
from shared.media.worker import MAX_REQUEST_BYTES
from shared.media.worker_process import WorkerGone, WorkerPool, WorkerProcess, WorkerTimeout

logger = logging.getLogger(__name__)


class _Worker(WorkerProcess):
    """One extraction worker: a request frame out, a reply (and the cover's bytes) back."""

    def __init__(self, memory_mb: int) -> None:
        command = [sys.executable, "-m", "shared.media.worker", str(memory_mb)]
        super().__init__(command, log_as="extraction worker")

    def ask(self, request: bytes, deadline: float) -> tuple[dict[str, Any], bytes | None]:
        """Send one request; the reply (and cover bytes) or WorkerTimeout / WorkerGone."""
        self.send(request)
        reply = json.loads(self.receive(deadline))
        cover = self.receive(deadline) if reply.get("cover_bytes") else None
        return reply, cover


class SandboxedExtractor:
    """The AudioExtractor port: a pool of ``workers`` sandboxed processes."""

    def __init__(
        self, limits: Limits, *, workers: int = 2, memory_mb: int = 1024, timeout_s: float = 60.0
    ) -> None:
        self._limits = limits
        self._memory_mb = memory_mb
        self._timeout_s = timeout_s
        self._pool = WorkerPool(lambda: _Worker(memory_mb))
        self._slots = threading.BoundedSemaphore(workers)

    def extract(
        self,
        path: Path,
        *,
        sha256: str | None = None,
        want_cover: bool = False,
        fingerprint: bool = True,
    ) -> Extraction:
        """Read ``path`` in a worker; UnreadableAudio for bad files (timeouts and crashes too)."""
        limits = replace(self._limits, fingerprint=fingerprint and self._limits.fingerprint)
        request = {"path": str(path), "sha256": sha256, "want_cover": want_cover,
                   "limits": asdict(limits)}  # fmt: skip
        payload = json.dumps(request).encode()
        if len(payload) > MAX_REQUEST_BYTES:
            raise UnreadableAudio(ProblemCode.OBJECT_NAME, "the file name is too long")
        timeout = self._timeout_s + (limits.fingerprint_timeout_s if limits.fingerprint else 0)
        with self._slots:
            reply, cover = self._ask(payload, timeout, path)
        if not reply["ok"]:
            raise UnreadableAudio(ProblemCode(reply["code"]), reply["message"])
        return Extraction.from_json(reply["extraction"], cover_data=cover)

    def _ask(
        self, payload: bytes, timeout_s: float, path: Path
    ) -> tuple[dict[str, Any], bytes | None]:
        worker = self._pool.checkout()
        try:
            reply, cover = worker.ask(payload, time.monotonic() + timeout_s)
        except WorkerTimeout:
            self._pool.discard(worker)
            raise UnreadableAudio(
                ProblemCode.TIMEOUT,
                f"reading the file took longer than {timeout_s:g} s: refused as damaged or hostile",
            ) from None
        except (WorkerGone, OSError, ValueError):
            self._pool.discard(worker)
            raise UnreadableAudio(
                ProblemCode.CORRUPT,
                f"the file crashed the reader (exit {worker.process.returncode})",
            ) from None
        if reply.get("code") == ProblemCode.MEMORY_LIMIT.value:
            self._pool.discard(worker)  # it exits by itself; do not reuse it
        else:
            self._pool.give_back(worker)
        logger.debug("extracted %s", path.name)
        return reply, cover

    def close(self) -> None:
        """Stop every worker (they also exit when this process ends)."""
        self._pool.close()
