"""Logging: readable text on a terminal, Cloud Logging's structured JSON in GCP."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

_SEVERITY = {"WARNING": "WARNING", "ERROR": "ERROR", "CRITICAL": "CRITICAL", "DEBUG": "DEBUG"}
_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({})))


class CloudLoggingFormatter(logging.Formatter):
    """One JSON object per line with the fields Cloud Logging reads (severity, message, time)."""

    def __init__(self, project: str) -> None:
        super().__init__()
        self._project = project

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "severity": _SEVERITY.get(record.levelname, "INFO"),
            "message": record.getMessage(),
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "logger": record.name,
            "logging.googleapis.com/sourceLocation": {
                "file": record.pathname, "line": record.lineno, "function": record.funcName,
            },
        }  # fmt: skip
        trace_id = getattr(record, "trace_id", None)
        if trace_id:
            entry["logging.googleapis.com/trace"] = f"projects/{self._project}/traces/{trace_id}"
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry and key != "trace_id":
                entry[key] = value
        if record.exc_info:
            entry["stack_trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str, fmt: str, *, project: str = "local") -> None:
    """Install one handler on the root logger (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(CloudLoggingFormatter(project))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" noise
    logging.getLogger("pgserver").setLevel(logging.WARNING)  # every pg_ctl call at INFO
