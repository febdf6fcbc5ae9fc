"""Catalog objects as the REST API shows them, also what the read cache stores for tracks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.api import schemas as s
from shared.domain.recordings import SoundRecording
from shared.services.catalog_fields import KINDS

if TYPE_CHECKING:
    from shared.api.auth import Principal


def dump(kind_name: str, obj: Any, principal: Principal | None = None) -> dict[str, Any]:
    """An object as the API shows it (a release's territories trimmed to the caller's)."""
    kind = KINDS[kind_name]
    body = {"id": obj.id, "partner_id": obj.partner_id}
    body.update({name: spec.dump(getattr(obj, spec.attr)) for name, spec in kind.fields.items()})
    body["provenance"] = {name: p.to_json() for name, p in obj.provenance.items()}
    if kind_name == "release" and principal is not None and principal.territories:
        allowed = principal.territories
        shown = [t for t in body["territories"] if t == "Worldwide" or t in allowed]
        body["territories"] = sorted(allowed) if "Worldwide" in shown else shown
    return body


def track_json(track: SoundRecording) -> bytes:
    """GET /api/v1/tracks/{id}'s body (a track's form does not depend on who asks)."""
    return s.TrackOut.model_validate(dump("track", track)).model_dump_json().encode()
