"""Catalog objects as the REST API shows them (a track's form: shared/representations.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.representations import catalog_body, track_json

__all__ = ["dump", "track_json"]

if TYPE_CHECKING:
    from shared.api.auth import Principal


def dump(kind_name: str, obj: Any, principal: Principal | None = None) -> dict[str, Any]:
    """An object as the API shows it (a release's territories trimmed to the caller's)."""
    body = catalog_body(kind_name, obj)
    if kind_name == "release" and principal is not None and principal.territories:
        allowed = principal.territories
        shown = [t for t in body["territories"] if t == "Worldwide" or t in allowed]
        body["territories"] = sorted(allowed) if "Worldwide" in shown else shown
    return body
