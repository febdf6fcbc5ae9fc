"""The embedded PostgreSQL of local mode (pgserver bundles a real server with pg_trgm)."""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def start_embedded_postgres(pgdata: Path) -> Path:
    """Start (or join) the server whose data lives in ``pgdata``; return its socket directory.

    pgserver counts the processes using a data directory and stops the server when the last one
    exits, so `catalog run` and other CLI commands share one server. A process killed without
    cleanup leaves its pid in that count; we drop dead pids first so the count stays honest.
    """
    pgdata = pgdata.resolve()
    pgdata.mkdir(parents=True, exist_ok=True)
    _forget_dead_processes(pgdata / ".handle_pids.json")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import pgserver

        server: Any = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    socket_dir = server.get_postmaster_info().socket_dir
    logger.info("embedded PostgreSQL running", extra={"pgdata": str(pgdata)})
    return Path(socket_dir)


def _forget_dead_processes(handle_file: Path) -> None:
    if not handle_file.exists():
        return
    try:
        pids = json.loads(handle_file.read_text() or "[]")
    except (OSError, ValueError):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and _is_alive(pid)]
    if alive != pids:
        handle_file.write_text(json.dumps(alive))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
