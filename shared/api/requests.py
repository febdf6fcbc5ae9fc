"""Per-request context: a request id for logs and error bodies, the trace id of Cloud Trace."""

from __future__ import annotations

import dataclasses
import re
import uuid

import flask

from shared.logs import bind_trace, reset_trace, trace_from_headers

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def register_request_context(app: flask.Flask) -> None:
    """Give each request an id (the caller's X-Request-Id when it is sane) and echo it."""

    @app.before_request
    def _assign_request_id() -> None:
        offered = flask.request.headers.get("X-Request-Id", "")
        flask.g.request_id = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
        trace = flask.request.headers.get("X-Cloud-Trace-Context", "")
        flask.g.trace_id = trace.split("/", 1)[0] if trace else None
        context = dataclasses.replace(
            trace_from_headers(trace, flask.request.headers.get("traceparent", "")),
            request_id=flask.g.request_id,
        )
        flask.g.log_trace_token = bind_trace(context)  # every log line of this request

    @app.teardown_request
    def _unbind_trace(exc: BaseException | None) -> None:
        token = flask.g.pop("log_trace_token", None)
        if token is not None:
            reset_trace(token)

    @app.after_request
    def _echo_request_id(response: flask.Response) -> flask.Response:
        response.headers["X-Request-Id"] = request_id()
        # every answer, and above all every served file (audio, reports, exports), is taken as
        # the type it is sent as: a browser never sniffs an upload into HTML or script
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def request_id() -> str:
    """The current request's id."""
    return str(flask.g.get("request_id") or "-")
