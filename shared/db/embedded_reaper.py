"""Stop the embedded PostgreSQL when the last process using it is gone, however it went.

pgserver stops its server from an ``atexit`` hook, which never runs when a process is killed
(SIGKILL, a segfault, an OOM kill): the server would run on as an orphan. So every process that
starts or joins the embedded server also starts this small reaper, which holds the read end of a
pipe whose write end only that process has. When the process ends, in any way, the kernel closes
the pipe; the reaper then removes the process from pgserver's list of users and, when no live user
is left, stops the server (``pg_ctl stop -m fast``) under pgserver's own lock.

``python -m shared.db.embedded_reaper PGDATA PID`` (started by ``shared.db.embedded``).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)


def start_reaper(pgdata: Path) -> subprocess.Popen[bytes]:
    """Start the reaper for this process; keep the returned handle for the process's life."""
    return subprocess.Popen(
        [sys.executable, "-m", "shared.db.embedded_reaper", str(pgdata), str(os.getpid())],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C or a kill of our process group must not reach it
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip


def live_users(handle_file: Path, leaving: int) -> list[int]:
    """pgserver's list of processes using the server, without ``leaving`` and dead ones."""
    try:
        pids = json.loads(handle_file.read_text() or "[]")
    except (OSError, ValueError):
        pids = []
    alive = [p for p in pids if isinstance(p, int) and p != leaving and is_alive(p)]
    if alive != pids:
        handle_file.write_text(json.dumps(alive))
    return alive


def stop_when_unused(pgdata: Path, leaving: int) -> bool:
    """Forget ``leaving``; stop the server if nobody else uses it. True when it was stopped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        from pgserver.postgres_server import PostgresServer
        from pgserver.utils import PostmasterInfo

    with PostgresServer._lock:  # the lock pgserver takes to start, join and leave a server
        if live_users(pgdata / ".handle_pids.json", leaving):
            return False
        info = PostmasterInfo.read_from_pgdata(pgdata)
        postmaster = info.process if info is not None and info.is_running() else None
        if postmaster is None:
            return False
        logger.warning("stopping the embedded PostgreSQL left by process %d", leaving)
        postmaster.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
        try:
            postmaster.wait(30)
        except Exception:  # psutil.TimeoutExpired: it would not stop in time
            postmaster.kill()
        return True


def is_alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie has ended)."""
    import psutil  # pgserver's own dependency

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)  # a zombie has ended
    except psutil.Error:
        return False


def main() -> None:
    """Wait for the watched process to end, then stop the server if it was the last user."""
    pgdata, pid = Path(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stdin.buffer.read()  # returns at end of file: the watched process has ended
    stop_when_unused(pgdata, pid)


if __name__ == "__main__":
    main()
