"""A child process we talk to in length-prefixed frames, and may have to kill.

The sandboxed extractor and the supervised analyzer both run native code on users' files in
child processes: this is the part they share. Frames are a 4-byte big-endian length and the
bytes (``shared.media.worker`` writes them on the other side). A read waits until a deadline,
calling ``on_wait`` between polls (the analyzer checks memory there); the child's stderr is
logged line by line.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Generic, TypeVar

logger = logging.getLogger(__name__)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # holds the shared and inference packages


class WorkerTimeout(Exception):
    """No complete frame before the deadline."""


class WorkerGone(Exception):
    """The child closed its output (it exited or was killed) or its input is broken."""


class WorkerProcess:
    """One child process and its pipes."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        log_as: str,
        log_level: int = logging.WARNING,
        new_session: bool = False,
    ) -> None:
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=PACKAGE_ROOT, bufsize=0, start_new_session=new_session,
        )  # fmt: skip
        self._stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self._stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        self._log_as, self._log_level = log_as, log_level
        threading.Thread(target=self._log_stderr, name=f"{log_as}-log", daemon=True).start()

    def _log_stderr(self) -> None:
        stderr = self.process.stderr
        assert stderr is not None
        with stderr:
            for line in stderr:
                logger.log(self._log_level, "%s %d: %s", self._log_as, self.process.pid,
                           line.decode(errors="replace").rstrip())  # fmt: skip

    def send(self, payload: bytes) -> None:
        """One frame to the child; WorkerGone when it cannot take it."""
        try:
            self._stdin.write(len(payload).to_bytes(4, "big") + payload)
        except OSError:
            raise WorkerGone from None

    def receive(
        self, deadline: float, on_wait: Callable[[], None] | None = None, poll_s: float = 0.25
    ) -> bytes:
        """One frame from the child; WorkerTimeout at the deadline, WorkerGone at its end."""
        length = int.from_bytes(self._exactly(4, deadline, on_wait, poll_s), "big")
        return self._exactly(length, deadline, on_wait, poll_s)

    def _exactly(
        self, count: int, deadline: float, on_wait: Callable[[], None] | None, poll_s: float
    ) -> bytes:
        chunks, missing, fd = [], count, self._stdout.fileno()
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WorkerTimeout
            wait_s = min(remaining, poll_s) if on_wait else remaining
            if not select.select([fd], [], [], wait_s)[0]:
                if on_wait:
                    on_wait()
                continue
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise WorkerGone
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def alive(self) -> bool:
        """True while the process runs."""
        return self.process.poll() is None

    def kill(self) -> None:
        """Stop it now and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_pipes()

    def stop(self) -> None:
        """Close its input so it finishes and exits; kill it if it does not within 5 s."""
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


W = TypeVar("W", bound=WorkerProcess)


class WorkerPool(Generic[W]):
    """Idle workers reused last-in first-out, and every live one known, so a dead worker is
    never handed a file and ``close`` stops them all. ``start`` makes a new worker."""

    def __init__(self, start: Callable[[], W]) -> None:
        self._start = start
        self._idle: queue.LifoQueue[W] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._all: set[W] = set()

    def checkout(self) -> W:
        """An idle live worker, or a new one."""
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker.alive():
                return worker
            self.discard(worker)  # it died while idle: never blame the next file
        worker = self._start()
        with self._lock:
            self._all.add(worker)
        return worker

    def give_back(self, worker: W) -> None:
        """A worker that answered and may take the next file."""
        self._idle.put(worker)

    def discard(self, worker: W) -> None:
        """Kill a worker that must not be reused (it crashed, overran or ran out of memory)."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def discard_dead(self) -> None:
        """Forget every worker that has exited."""
        with self._lock:
            dead = {w for w in self._all if not w.alive()}
            self._all -= dead
        for worker in dead:
            worker.kill()

    def pids(self) -> list[int]:
        """The live workers' process ids."""
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.alive())

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()
        while not self._idle.empty():
            self._idle.get_nowait()
