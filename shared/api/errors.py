"""Errors as RFC 9457 problem+json: our CatalogErrors with their status, anything else a 500.

No traceback ever reaches a client; it goes to the log with the request id.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from shared.api.auth_failures import GENERIC, install_failure_tally, record_refusal
from shared.api.requests import request_id
from shared.errors import (
    CatalogError,
    ConflictingField,
    InvalidField,
    InvalidFields,
    MalformedRequest,
    TooManyRequests,
    Unauthorized,
)

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra: Any) -> flask.Response:
    """A problem+json response."""
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "request_id": request_id(),
        **{key: value for key, value in extra.items() if value is not None},
    }
    response = flask.jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_JSON
    return response


def register_error_handlers(app: flask.Flask) -> None:
    """Map every exception to problem+json."""

    install_failure_tally(app)

    @app.errorhandler(CatalogError)
    def _catalog_error(exc: CatalogError) -> flask.Response:
        field = (
            exc.field
            if isinstance(exc, InvalidField | MalformedRequest | ConflictingField)
            else None
        )
        errors = (
            [{"field": name, "message": reason} for name, reason in exc.problems]
            if isinstance(exc, InvalidFields)
            else None
        )
        extra = getattr(exc, "extra", None) or {}  # e.g. OAuth2's "error" member (RFC 6749)
        detail = exc.message
        if exc.status == 401:  # which check failed is for the log and the audit, not the client
            record_refusal(exc.message)
            detail = GENERIC
            extra = (
                {**extra, "error_description": GENERIC} if "error_description" in extra else extra
            )
        response = problem(exc.status, exc.title, detail, field=field, errors=errors, **extra)
        if isinstance(exc, TooManyRequests):
            response.headers["Retry-After"] = str(max(1, math.ceil(exc.retry_after_s)))
        if isinstance(exc, Unauthorized):  # RFC 6750 section 3
            response.headers["WWW-Authenticate"] = 'Bearer realm="catalog", error="invalid_token"'

        if exc.status >= 500:
            logger.error("request %s failed: %s", request_id(), exc.message)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> flask.Response:
        status = exc.code or 500
        return problem(status, exc.name, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> flask.Response:
        logger.exception("request %s failed", request_id())
        return problem(
            500, "Internal error", f"something went wrong; quote request id {request_id()}"
        )
