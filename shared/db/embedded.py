"""The embedded PostgreSQL of local mode (pgserver bundles a real server with pg_trgm)."""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from pathlib import Path
from typing import Any

from shared.db.embedded_reaper import is_alive, live_users, start_reaper

logger = logging.getLogger(__name__)
# one reaper per server this process uses, alive as long as the process (never closed on purpose)
_reapers: dict[Path, subprocess.Popen[bytes]] = {}


def start_embedded_postgres(pgdata: Path) -> Path:
    """Start (or join) the server whose data lives in ``pgdata``; return its socket directory.

    pgserver counts the processes using a data directory and stops the server when the last one
    exits, so `catalog run` and other CLI commands share one server. A process killed without
    cleanup leaves its pid in that count; we drop dead pids first so the count stays honest, and
    a server left running by a killed process is joined (and said so in the log). A reaper
    process stops the server if this process dies without cleaning up (shared.db.embedded_reaper).
    """
    pgdata = pgdata.resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    if not live_users(pgdata / ".handle_pids.json", leaving=os.getpid()) and _running(pgdata):
        logger.warning(
            "joining the embedded PostgreSQL a stopped process left running in %s", pgdata
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        server: Any = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    socket_dir = server.get_postmaster_info().socket_dir
    if pgdata not in _reapers:
        _reapers[pgdata] = start_reaper(pgdata)
    logger.info("embedded PostgreSQL running", extra={"pgdata": str(pgdata)})
    return Path(socket_dir)


def _running(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    return is_alive(pid)
