"""Extraction in worker processes with memory and time limits, so one hostile file cannot take
the function down: a parser that loops is killed at the deadline, one that allocates without end
hits the worker's address-space limit. Workers are kept warm and reused (about 0.1 ms a round
trip), replaced when one dies or is killed."""

from __future__ import annotations

import json
import logging
import os
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import IO, Any

from shared.domain.media import Extraction, ProblemCode, UnreadableAudio
from shared.media.limits import Limits
from shared.media.worker import MAX_REQUEST_BYTES

logger = logging.getLogger(__name__)
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # holds the shared package


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, memory_mb: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "shared.media.worker", str(memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=_PACKAGE_ROOT, bufsize=0,
        )  # fmt: skip
        self._stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self._stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        threading.Thread(target=self._log_stderr, name="extract-worker-log", daemon=True).start()

    def _log_stderr(self) -> None:
        stderr = self.process.stderr
        assert stderr is not None
        with stderr:
            for line in stderr:
                logger.warning("extraction worker %d: %s", self.process.pid, line.decode().rstrip())

    def ask(self, request: bytes, deadline: float) -> tuple[dict[str, Any], bytes | None]:
        """Send one request; the reply (and cover bytes) or TimeoutError / EOFError."""
        self._stdin.write(len(request).to_bytes(4, "big") + request)
        reply = json.loads(self._frame(deadline))
        cover = self._frame(deadline) if reply.get("cover_bytes") else None
        return reply, cover

    def _frame(self, deadline: float) -> bytes:
        length = int.from_bytes(self._exactly(4, deadline), "big")
        return self._exactly(length, deadline)

    def _exactly(self, count: int, deadline: float) -> bytes:
        chunks, missing = [], count
        fd = self._stdout.fileno()
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        """Stop it now and reap it."""
        self.process.kill()
        self.process.wait()
        self._close_pipes()

    def stop(self) -> None:
        """Close its input: it finishes the current file and exits."""
        try:
            self._stdin.close()
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._stdin, self._stdout):
            try:
                pipe.close()
            except OSError:
                pass  # a broken pipe to a dead worker: nothing left to flush


class SandboxedExtractor:
    """The AudioExtractor port: a pool of ``workers`` sandboxed processes."""

    def __init__(
        self, limits: Limits, *, workers: int = 2, memory_mb: int = 1024, timeout_s: float = 60.0
    ) -> None:
        self._limits = limits
        self._memory_mb = memory_mb
        self._timeout_s = timeout_s
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()

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
        worker = self._checkout()
        try:
            reply, cover = worker.ask(payload, time.monotonic() + timeout_s)
        except TimeoutError:
            self._discard(worker, kill=True)
            raise UnreadableAudio(
                ProblemCode.TIMEOUT,
                f"reading the file took longer than {timeout_s:g} s: refused as damaged or hostile",
            ) from None
        except (EOFError, BrokenPipeError, OSError, ValueError):
            self._discard(worker, kill=True)
            raise UnreadableAudio(
                ProblemCode.CORRUPT,
                f"the file crashed the reader (exit {worker.process.returncode})",
            ) from None
        if reply.get("code") == ProblemCode.MEMORY_LIMIT.value:
            self._discard(worker, kill=True)  # it exits by itself; do not reuse it
        else:
            self._idle.put(worker)
        logger.debug("extracted %s", path.name)
        return reply, cover

    def _checkout(self) -> _Worker:
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker.process.poll() is None:
                return worker
            self._discard(worker, kill=False)  # it died while idle: never blame the next file
        worker = _Worker(self._memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker, *, kill: bool) -> None:
        if kill:
            worker.kill()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        """Stop every worker (they also exit when this process ends)."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()
        while not self._idle.empty():
            self._idle.get_nowait()
