"""Logging: readable text on a terminal, Cloud Logging's structured JSON in GCP.

Every record carries the trace of the request or event being handled (bound with
``bind_trace``), so Cloud Logging groups a request's lines under its Cloud Trace and shows the
request id as a label.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
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
            entry["logging.googleapis.com/spanId"] = getattr(record, "span_id", None) or ""
            entry["logging.googleapis.com/trace_sampled"] = bool(
                getattr(record, "trace_sampled", False)
            )
        request_id = getattr(record, "request_id", None)
        if request_id:
            entry["logging.googleapis.com/labels"] = {"request_id": str(request_id)}
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in entry and key not in _TRACE_FIELDS:
                entry[key] = value
        if record.exc_info:
            entry["stack_trace"] = self.formatException(record.exc_info)
            # Error Reporting picks up entries of this type with the stack in the message
            entry["@type"] = _ERROR_REPORTING_TYPE
            entry["message"] = f"{entry['message']}\n{entry['stack_trace']}"
        return json.dumps(entry, default=str)


_TRACE_FIELDS = {"trace_id", "span_id", "trace_sampled", "request_id"}
_ERROR_REPORTING_TYPE = (
    "type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent"
)
_CLOUD_TRACE = re.compile(r"^([0-9a-fA-F]{32})(?:/(\d+))?(?:;o=([01]))?$")
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


@dataclass(frozen=True, slots=True)
class TraceContext:
    """The trace a log line belongs to."""

    trace_id: str | None = None
    span_id: str | None = None
    sampled: bool = False
    request_id: str | None = None


_NO_TRACE = TraceContext()


_current: ContextVar[TraceContext] = ContextVar("catalog_trace", default=_NO_TRACE)


def trace_from_headers(cloud_trace_context: str, traceparent: str = "") -> TraceContext:
    """X-Cloud-Trace-Context (``TRACE/SPAN;o=1``), else W3C traceparent; empty if neither."""
    cloud = _CLOUD_TRACE.match(cloud_trace_context.strip())
    if cloud:
        return TraceContext(cloud.group(1).lower(), cloud.group(2), cloud.group(3) == "1")
    return trace_from_traceparent(traceparent)


def trace_from_traceparent(value: str) -> TraceContext:
    """A W3C traceparent (what Eventarc puts on the CloudEvents it delivers)."""
    parent = _TRACEPARENT.match(value.strip().lower())
    if not parent:
        return TraceContext()
    return TraceContext(parent.group(1), str(int(parent.group(2), 16)), parent.group(3) == "01")


def bind_trace(context: TraceContext) -> Token[TraceContext]:
    """Make ``context`` the current one (``reset_trace(token)`` undoes it)."""
    return _current.set(context)


def reset_trace(token: Token[TraceContext]) -> None:
    """Restore the trace that was current before ``bind_trace``."""
    _current.reset(token)


@contextmanager
def traced(context: TraceContext) -> Iterator[None]:
    """Log under ``context`` inside the block (event functions)."""
    token = bind_trace(context)
    try:
        yield
    finally:
        reset_trace(token)


class TraceFilter(logging.Filter):
    """Copies the current trace onto every record (unless the call set its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        for name, value in (("trace_id", context.trace_id), ("span_id", context.span_id),
                            ("trace_sampled", context.sampled),
                            ("request_id", context.request_id)):  # fmt: skip
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def configure_logging(level: str, fmt: str, *, project: str = "local") -> None:
    """Install one handler on the root logger (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(TraceFilter())
    if fmt == "json":
        handler.setFormatter(CloudLoggingFormatter(project))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" noise
    logging.getLogger("pgserver").setLevel(logging.WARNING)  # every pg_ctl call at INFO
