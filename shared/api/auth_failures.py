"""Refused authentications: one generic answer for the client, the reason for the operators.

A 401 never says which check failed (an attacker learns nothing from "token algorithm 'none' is
not accepted" or "signature verification failed"). The reason, the identity the request claimed
(unverified), the client's address and how many failures that address had this minute go to the
log, and the 1st, 10th, 100th... of each minute to the audit log too (``FailureTally``).
"""

from __future__ import annotations

import base64
import binascii
import logging
import time

import flask
import jwt

from shared.api.bodies import form_value
from shared.api.requests import request_id
from shared.domain.auth_failures import FailureTally

logger = logging.getLogger(__name__)

GENERIC = (
    "authentication failed: the credentials are missing, invalid or expired "
    "(POST /oauth/token gives an access token; people sign in again)"
)
_TALLY = "catalog.auth_failures"


def install_failure_tally(app: flask.Flask) -> None:
    """One tally per app (per process in production)."""
    app.extensions[_TALLY] = FailureTally()


def record_refusal(reason: str) -> None:
    """Log, and now and then audit, why the current request was refused with a 401."""
    from shared.api.context import current_services

    tally: FailureTally = flask.current_app.extensions.setdefault(_TALLY, FailureTally())
    failure = tally.add(_client_address(), time.monotonic())
    claimed = _claimed_identity()
    where = f"{flask.request.method} {flask.request.path}"[:200]
    said = " ".join(reason.split())[:300]  # one line, whatever the token held
    logger.log(
        logging.WARNING if failure.worth_recording else logging.INFO,
        "authentication failed (%s) claiming %s from %s at %s: failure %d from that address "
        "this minute (request %s)",
        said, claimed or "no identity", failure.address, where, failure.count, request_id(),
    )  # fmt: skip
    if not failure.worth_recording:
        return
    try:
        current_services().identity.record_failed_authentication(
            failure, reason=said, claimed=claimed, where=where, request_id=request_id(),
            now=current_services().clock(),
        )  # fmt: skip
    except Exception:  # isolation boundary: an audit hiccup must not turn a 401 into a 500
        logger.exception("could not audit a failed authentication (request %s)", request_id())


def _client_address() -> str:
    """The caller's address: the first X-Forwarded-For hop (Google's front end sets it), else
    the peer. As the client says it: for telling attacks apart, not for trusting."""
    forwarded = flask.request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
    return _printable(forwarded or flask.request.remote_addr or "unknown", 64)


def _claimed_identity() -> str | None:
    """Who the request said it was, never verified: a token's sub, a Basic or form client_id."""
    scheme, _, credentials = flask.request.headers.get("Authorization", "").partition(" ")
    claimed: object = None
    if scheme.lower() == "bearer":
        try:
            claimed = jwt.decode(credentials.strip(), options={"verify_signature": False}).get(
                "sub"
            )
        except (jwt.PyJWTError, ValueError, AttributeError):
            claimed = None
    elif scheme.lower() == "basic":
        try:
            claimed = base64.b64decode(credentials.strip(), validate=True).decode().split(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            claimed = None
    elif flask.request.mimetype == "application/x-www-form-urlencoded":
        claimed = form_value("client_id")
    return _printable(claimed, 100) if isinstance(claimed, str) and claimed else None


def _printable(text: str, limit: int) -> str:
    return "".join(c if c.isprintable() else "?" for c in text[:limit])
