"""Bulk edits too large to answer at once: a job on topic bulk-edits, its progress in a status
document (collection "bulk_edits", doc id = the change id it will have).

The API creates the document and publishes the job; the bulk-edits function runs it. The edit
itself is all or nothing (one transaction), so an instance that dies half way leaves nothing
behind: the message is delivered again and the edit starts over under the same change id. A
delivery that finds the change set already committed only marks the document done, so an edit is
never applied twice. The third failure goes to the jobs DLQ and fails the document
(``run_delivered_job``, as imports and exports do).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor, ActorType
from shared.domain.search import CatalogQuery
from shared.domain.status import BulkEditStatus
from shared.errors import CatalogError, NotFound
from shared.ports import Clock, JsonObject, Publisher, StatusStore
from shared.services.catalog import BulkEdit, CatalogService, FindReplace
from shared.topics import BULK_EDITS

logger = logging.getLogger(__name__)
BULK_EDITS_COLLECTION = "bulk_edits"
FINISHED = ("done", "failed")


@dataclass(frozen=True, slots=True)
class BulkEditRequest:
    """What one bulk edit job does: the kind, the selection, the edit, and who asked."""

    kind: str
    partner_id: UUID
    selection: CatalogQuery
    edit: BulkEdit
    actor: Actor


class BulkEditJobs:
    """Start bulk edit jobs, show their progress, run them when their message arrives."""

    def __init__(
        self,
        catalog: CatalogService,
        status: StatusStore,
        publisher: Publisher,
        clock: Clock,
        *,
        progress_every_s: float = 1.0,
    ) -> None:
        self._catalog = catalog
        self._status = status
        self._publisher = publisher
        self._clock = clock
        self._every_s = progress_every_s

    def start(self, change_id: UUID, request: BulkEditRequest, *, size: int) -> BulkEditStatus:
        """Record the job as pending and publish it; the document as the caller shows it."""
        now = self._clock().isoformat()
        doc = BulkEditStatus(
            id=str(change_id),
            partner_id=str(request.partner_id),
            entity_type=request.kind,
            status="pending",
            total=size,
            created_at=now,
            updated_at=now,
            actor=_actor_json(request.actor),
        )
        stored: JsonObject = {**doc.model_dump(mode="json"), "request": _request_json(request)}
        self._status.create(
            BULK_EDITS_COLLECTION, str(change_id), stored, partner_id=str(request.partner_id)
        )
        payload = json.dumps({"job_id": str(change_id), "partner_id": str(request.partner_id)})
        attributes = {"job_id": str(change_id), "partner_id": str(request.partner_id)}
        self._publisher.publish(BULK_EDITS, payload.encode(), attributes)
        return doc

    def get(self, change_id: UUID, partner_id: UUID | None) -> BulkEditStatus:
        """The job's document; NotFound when missing or another partner's (admins pass None)."""
        raw = self._status.get(BULK_EDITS_COLLECTION, str(change_id))
        if raw is None or (partner_id is not None and raw.get("partner_id") != str(partner_id)):
            raise NotFound(f"change {change_id} not found")
        return BulkEditStatus.model_validate(raw)

    def run_job(self, job_id: str) -> BulkEditStatus:
        """Run the job a message names (again, after a crash); a finished one is left alone."""
        raw = self._status.get(BULK_EDITS_COLLECTION, job_id)
        if raw is None:
            raise NotFound(f"bulk edit {job_id} has no status document")
        doc = BulkEditStatus.model_validate(raw)
        if doc.status in FINISHED:
            return doc
        change_id = UUID(job_id)
        if self._committed(change_id):  # done before, its last status write lost
            return self._merge(job_id, status="done", done=doc.total, finished=True)
        request = _request_from_json(raw.get("request"))
        self._merge(job_id, status="running", done=0, attempts=doc.attempts + 1)
        try:
            self._catalog.bulk_edit(
                request.kind,
                request.partner_id,
                request.selection,
                request.edit,
                actor=request.actor,
                now=self._clock(),
                progress=self._progress(job_id),
                change_id=change_id,
            )
        except CatalogError as exc:  # bad input, a conflict: the edit cannot succeed
            return self._merge(job_id, status="failed", error=exc.message, finished=True)
        return self._merge(job_id, status="done", done=doc.total, finished=True)

    def fail(self, job_id: str, reason: str, now: datetime) -> None:
        """Give up on the job (run_delivered_job calls this on the last attempt)."""
        self._merge(job_id, status="failed", error=reason, finished=True)

    def _committed(self, change_id: UUID) -> bool:
        try:
            self._catalog.change(None, change_id)
        except NotFound:
            return False
        return True

    def _progress(self, job_id: str) -> Callable[[int, int], None]:
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            if time.monotonic() - last >= self._every_s or done == total:
                last = time.monotonic()
                self._merge(job_id, done=done)

        return report

    def _merge(self, job_id: str, *, finished: bool = False, **changes: Any) -> BulkEditStatus:
        now = self._clock().isoformat()
        update: JsonObject = {**changes, "updated_at": now}
        if finished:
            update["finished_at"] = now
        return BulkEditStatus.model_validate(
            self._status.merge(BULK_EDITS_COLLECTION, job_id, update)
        )


def _actor_json(actor: Actor) -> dict[str, str | None]:
    return {
        "type": actor.type.value,
        "id": actor.id,
        "client_id": actor.client_id,
        "request_id": actor.request_id,
    }


def _request_json(request: BulkEditRequest) -> JsonObject:
    selection = asdict(request.selection)
    selection.update(
        ids=[str(i) for i in request.selection.ids],
        territories=sorted(request.selection.territories),
        missing=list(request.selection.missing),
        invalid=list(request.selection.invalid),
        release_id=str(request.selection.release_id) if request.selection.release_id else None,
        work_id=str(request.selection.work_id) if request.selection.work_id else None,
        after=None,  # a bulk edit selects every match, never one page
    )
    edit = request.edit
    return {
        "kind": request.kind,
        "partner_id": str(request.partner_id),
        "selection": selection,
        "edit": {
            "set": edit.set,
            "find_replace": [asdict(fr) for fr in edit.find_replace],
            "scale_bpm": edit.scale_bpm,
            "accept_estimates": list(edit.accept_estimates),
        },
        "actor": _actor_json(request.actor),  # type: ignore[dict-item]
    }


def _request_from_json(raw: Any) -> BulkEditRequest:
    if not isinstance(raw, dict):
        raise NotFound("the bulk edit's document carries no request")
    selection: dict[str, Any] = dict(raw["selection"])
    selection.update(
        ids=tuple(UUID(i) for i in selection["ids"]),
        territories=frozenset(selection["territories"]),
        missing=tuple(selection["missing"]),
        invalid=tuple(selection["invalid"]),
        release_id=UUID(selection["release_id"]) if selection["release_id"] else None,
        work_id=UUID(selection["work_id"]) if selection["work_id"] else None,
    )
    edit = raw["edit"]
    actor = raw["actor"]
    return BulkEditRequest(
        kind=raw["kind"],
        partner_id=UUID(raw["partner_id"]),
        selection=CatalogQuery(**selection),
        edit=BulkEdit(
            set=dict(edit["set"]),
            find_replace=tuple(FindReplace(**fr) for fr in edit["find_replace"]),
            scale_bpm=edit["scale_bpm"],
            accept_estimates=tuple(edit["accept_estimates"]),
        ),
        actor=Actor(ActorType(actor["type"]), actor["id"], actor["client_id"], actor["request_id"]),
    )
