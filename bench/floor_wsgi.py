"""The floor of the API benchmark: a WSGI app that answers a fixed JSON body, served by the same
gunicorn (2 workers x 8 threads) and driven by the same load generator at the same rate."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b'{"id":"00000000-0000-4000-8000-000000000000","title":"floor"}'


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """200 with BODY for every request."""
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]
