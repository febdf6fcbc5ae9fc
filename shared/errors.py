"""Errors we raise on purpose; each class carries the HTTP status it maps to.

CatalogError              500
├── MalformedRequest      400  the body is not the JSON it claims to be (syntax, duplicate keys)
├── UnsupportedMediaType  415  a body that is not application/json
├── InvalidInput          422  bad user data: recorded for the user, never retried
│   └── InvalidField      422  .field names the field, or "row 14, isrc"
│       └── InvalidFields 422  several fields at once: .problems lists (field, reason)
├── Unauthorized          401  no or bad credentials
├── Forbidden             403  authenticated, but the role may not do this
├── NotFound              404  missing, or another partner's object
├── Conflict              409  stale version or duplicate
│   └── ConflictingField  409  .field names the duplicate's field (an ISRC prefix registered)
├── PayloadTooLarge       413
├── TooManyRequests       429  .retry_after_s says when to come back
├── SettingsError         500  a bad environment variable: start-up stops
└── Unavailable           503  a dependency failed or timed out: retry the event
    └── ModelUnavailable  503  a model server timed out, failed (5xx) or its breaker is open
"""

from __future__ import annotations


class CatalogError(Exception):
    """Base of every error we raise on purpose."""

    status = 500
    title = "Internal error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(CatalogError):
    """The user's data is wrong; retrying cannot help."""

    status = 422
    title = "Invalid input"


class InvalidField(InvalidInput):
    """One field is wrong; ``field`` names it (``isrc``, ``row 14, isrc``, ``tracks[2].title``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class InvalidFields(InvalidField):
    """Several fields are wrong; the first is ``field``, all are in ``problems``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(*problems[0])
        if len(problems) > 1:
            self.message = "; ".join(f"{field}: {reason}" for field, reason in problems)
        self.problems = problems


class MalformedRequest(CatalogError):
    """The request body cannot be read as what it claims to be."""

    status = 400
    title = "Malformed request"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnsupportedMediaType(CatalogError):
    """The body's content type is not one this endpoint reads."""

    status = 415
    title = "Unsupported media type"


class Unauthorized(CatalogError):
    """No credentials, or credentials we do not accept."""

    status = 401
    title = "Unauthorized"


class Forbidden(CatalogError):
    """The caller is known but its role may not do this."""

    status = 403
    title = "Forbidden"


class NotFound(CatalogError):
    """The object does not exist, or belongs to another partner (we do not say which)."""

    status = 404
    title = "Not found"


class Conflict(CatalogError):
    """A duplicate, or a change that collides with a later one."""

    status = 409
    title = "Conflict"


class ConflictingField(Conflict):
    """A duplicate value of one field (``field`` names it), as InvalidField names a bad one."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class PayloadTooLarge(CatalogError):
    """The body or file is bigger than the configured limit."""

    status = 413
    title = "Payload too large"


class TooManyRequests(CatalogError):
    """The caller's tier limit is spent; come back after ``retry_after_s``."""

    status = 429
    title = "Too many requests"

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class SettingsError(CatalogError):
    """An environment variable has a bad value; the message names it."""


class Unavailable(CatalogError):
    """A dependency (database, storage, model server) failed or timed out; retry later."""

    status = 503
    title = "Service unavailable"


class ModelUnavailable(Unavailable):
    """A model is degraded: ``kind`` is "timeout", "error", "circuit_open", "crashed" (a worker
    process died: a signal or an exit) or "memory" (a worker over its memory limit)."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.kind = kind
