"""REST under /api/v1 for tracks, releases, works, parties and deals: list (filters, sort,
cursor), get, create, PATCH, bulk PATCH, DELETE (GDPR soft delete), restore, field history;
and a track's AI estimates with accept / reject.

Every route acts within the caller's partner; another partner's object answers 404. Admins act
across partners: they name one with ``partner_id`` (or it is found from the object's id).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import uuid
from typing import Any
from uuid import UUID

import flask
from pydantic import BaseModel

from shared.api import schemas as s
from shared.api.auth import Principal, current_principal
from shared.api.context import now, services
from shared.api.documents import dump
from shared.api.kinds import API_KINDS, KindApi, partner_of
from shared.api.openapi import ApiSpec
from shared.domain.attribution import Attribution
from shared.domain.audit import AuditEvent
from shared.domain.identifiers import compact
from shared.domain.music import MusicalKey
from shared.domain.partners import Role
from shared.domain.search import INVALID_FIELDS, MISSING_FIELDS, SORTS, CatalogQuery, Cursor
from shared.domain.status import BulkEditStatus
from shared.domain.territories import covers
from shared.errors import InvalidField, NotFound
from shared.services.bulk_edits import BulkEditRequest
from shared.services.catalog import BulkEdit, FindReplace
from shared.services.catalog_fields import KINDS
from shared.services.read_cache import TrackReads

logger = logging.getLogger(__name__)

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)
ASYNC_ABOVE = 1000  # bulk edits larger than this answer 202 and report progress


def visible(kind_name: str, obj: Any, principal: Principal) -> bool:
    """False for a deal entirely outside the caller's territories."""
    if kind_name != "deal" or not principal.territories:
        return True
    return any(covers(obj.territories, obj.excluded_territories, t) for t in principal.territories)


def encode_cursor(cursor: Cursor | None) -> str | None:
    """An opaque next-page token."""
    if cursor is None:
        return None
    raw = json.dumps([cursor.value, str(cursor.id)], default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str) -> Cursor:
    """The cursor an ``after`` token stands for (its value still JSON)."""
    try:
        value, obj_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return Cursor(value, UUID(obj_id))
    except (ValueError, TypeError, binascii.Error):
        raise InvalidField("after", "the cursor is not one this list gave out") from None


def _checked_names(names: list[str] | None, allowed: frozenset[str], field: str) -> tuple[str, ...]:
    for name in names or []:
        if name not in allowed:
            raise InvalidField(field, f"{name!r} is not one of {sorted(allowed)}")
    return tuple(names or ())


def catalog_query(
    kind_name: str,
    filters: BaseModel,
    principal: Principal,
    *,
    sort: str | None = None,
    limit: int = 50,
    after: str | None = None,
) -> CatalogQuery:
    """A CatalogQuery from list or bulk-filter parameters."""
    from shared.db.search import cursor_value
    from shared.db.tables import metadata

    f: Any = filters
    sort_name = (sort or "created_at").lstrip("-")
    if sort_name not in SORTS[kind_name]:
        raise InvalidField("sort", f"{sort_name!r} is not one of {list(SORTS[kind_name])}")
    cursor = None
    if after:
        raw = decode_cursor(after)
        table = metadata.tables[KINDS[kind_name].repository]
        cursor = Cursor(cursor_value(table, sort_name, raw.value), raw.id)
    return CatalogQuery(
        text=f.q.strip() or None if f.q else None,
        isrc=compact(f.isrc) if f.isrc else None,
        upc=compact(f.upc) if f.upc else None,
        iswc=compact(f.iswc) if f.iswc else None,
        genre=f.genre,
        bpm_min=f.bpm_min,
        bpm_max=f.bpm_max,
        key=str(MusicalKey.parse(f.key)) if f.key else None,
        vocals=getattr(f, "vocals", None),
        vocal_gender=getattr(f, "vocal_gender", None),
        status=f.status,
        release_id=f.release_id,
        work_id=f.work_id,
        missing=_checked_names(f.missing, MISSING_FIELDS[kind_name], "missing"),
        invalid=_checked_names(f.invalid, INVALID_FIELDS[kind_name], "invalid"),
        low_confidence=bool(f.low_confidence),
        validation=f.validation,
        territories=principal.territories if kind_name == "deal" else frozenset(),
        sort=sort_name,
        descending=(sort or "").startswith("-"),
        after=cursor,
        limit=limit,
    )


def event_out(event: AuditEvent, names: Attribution | None = None) -> s.AuditEventOut:
    """An audit event as the API shows it, with who acted by name and any undo link."""
    names = names or Attribution()
    change = event.change_set_id
    undo = names.undone_by.get(change) if change else None
    return s.AuditEventOut(
        id=event.id,
        occurred_at=event.occurred_at,
        action=event.action,
        retention_class=event.retention_class.value,
        partner_id=event.partner_id,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        change_id=change,
        actor={
            "type": event.actor.type.value,
            "id": event.actor.id,
            "name": names.name_of(event.actor),
            "client_id": event.actor.client_id,
            "request_id": event.actor.request_id,
        },
        changes=[
            s.FieldChangeOut(field=c.field, before=c.before, after=c.after) for c in event.changes
        ],
        detail=event.detail,
        undoes=names.undoes.get(change) if change else None,
        undone_by=None
        if undo is None
        else s.UndoneByOut(
            change_id=undo.change_id,
            actor_id=undo.actor.id,
            actor_name=names.name_of(undo.actor),
            at=undo.at,
        ),
    )


def events_out(events: list[AuditEvent]) -> list[s.AuditEventOut]:
    """A page of audit events with the names and undo links behind them."""
    names = services().attribution.of(events)
    return [event_out(e, names) for e in events]


def _shared_track_cache() -> TrackReads | None:
    """The read cache, when it is one every instance shares (Redis) and so sees every write."""
    built = services()
    return built.track_reads if built.settings.redis_url else None


def _track_body(obj_id: UUID, requested: UUID | None) -> flask.Response:
    """GET a track by id (tracks look the same to every caller): from the shared cache, or
    without one in a single database statement, rendered as the cache would hold it."""
    partner = partner_of(current_principal(), requested, "track", obj_id)
    reads = _shared_track_cache()
    if reads is None:
        return _json(services().track_reads.track_from_database(partner, obj_id))
    return _json(reads.track(partner, obj_id))


_ISRC_LOOKUP_PARAMS = {"isrc", "partner_id", "limit"}


def _tracks_by_isrc_from_cache(query: s.ListQuery) -> flask.Response | None:
    """``GET /api/v1/tracks?isrc=`` alone: from the shared cache, or without one in a single
    database statement; None for any other list."""
    if not query.isrc or set(query.model_fields_set) - _ISRC_LOOKUP_PARAMS:
        return None
    partner = partner_of(current_principal(), query.partner_id)
    reads = _shared_track_cache()
    if reads is None:
        found = services().track_reads.tracks_by_isrc_from_database(
            partner, compact(query.isrc), limit=query.limit
        )
    else:
        found = reads.tracks_by_isrc(partner, compact(query.isrc), limit=query.limit)
    if len(found) > query.limit:
        return None  # needs a cursor: the database pages it
    return _json(b'{"items":[' + b",".join(found) + b'],"next_cursor":null}')


def _add_list_facts(partner: UUID, items: list[dict[str, Any]]) -> None:
    """Each listed track's release title and last change (the grid's columns), one query."""
    facts = services().catalog.track_list_facts(partner, [UUID(str(i["id"])) for i in items])
    for item in items:
        found = facts.get(UUID(str(item["id"])))
        item["release_title"] = found.release_title if found else None
        item["updated_at"] = found.updated_at if found else None


def _json(body: bytes) -> flask.Response:
    return flask.Response(body, mimetype="application/json")


def _register_kind(spec: ApiSpec, bp: flask.Blueprint, api: KindApi) -> None:
    kind, base = api.name, f"/api/v1/{api.plural}"
    tag = api.plural

    def get_visible(obj_id: UUID, requested: UUID | None) -> tuple[Principal, UUID, Any]:
        principal = current_principal()
        partner = partner_of(principal, requested, kind, obj_id)
        obj = services().catalog.get(kind, partner, obj_id)
        if not visible(kind, obj, principal):
            raise NotFound(f"{kind} {obj_id} not found")
        return principal, partner, obj

    @spec.operation(
        bp,
        "GET",
        base,
        name=f"list_{api.plural}",
        summary=f"List {api.plural}",
        tag=tag,
        roles=EVERYONE,
        query=s.ListQuery,
        response=api.page,
    )
    def list_objects(query: s.ListQuery) -> BaseModel | flask.Response:
        """Filters combine with AND; the page's next_cursor goes into ``after``."""
        if query.grid_columns and kind != "track":
            raise InvalidField("grid_columns", f"only tracks have grid columns, not {api.plural}")
        if kind == "track" and (cached := _tracks_by_isrc_from_cache(query)) is not None:
            return cached
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        search = catalog_query(
            kind, query, principal, sort=query.sort, limit=query.limit, after=query.after
        )
        page = services().catalog.search(kind, partner, search)
        items = [dump(kind, obj, principal) for obj in page.items if visible(kind, obj, principal)]
        if query.grid_columns:
            _add_list_facts(partner, items)
        return api.page.model_validate(
            {"items": items, "next_cursor": encode_cursor(page.next_cursor)}
        )

    @spec.operation(
        bp,
        "POST",
        base,
        name=f"create_{kind}",
        summary=f"Create a {kind}",
        tag=tag,
        status=201,
        roles=EVERYONE,
        query=s.PartnerQuery,
        body=api.create,
        response=api.changed,
    )
    def create_object(query: s.PartnerQuery, body: BaseModel) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        changed = services().catalog.create(
            kind,
            partner,
            body.model_dump(mode="json", exclude_unset=True),
            actor=principal.actor(),
            now=now(),
        )
        out = dump(kind, changed.objects[0], principal)
        return api.changed.model_validate({**out, "change_id": changed.change_id})

    @spec.operation(
        bp,
        "GET",
        f"{base}/<uuid:obj_id>",
        name=f"get_{kind}",
        summary=f"Get a {kind}",
        tag=tag,
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=api.out,
    )
    def get_object(obj_id: UUID, query: s.PartnerQuery) -> BaseModel | flask.Response:
        if kind == "track":
            return _track_body(obj_id, query.partner_id)
        principal, _, obj = get_visible(obj_id, query.partner_id)
        return api.out.model_validate(dump(kind, obj, principal))

    @spec.operation(
        bp,
        "PATCH",
        f"{base}/<uuid:obj_id>",
        name=f"patch_{kind}",
        summary=f"Change a {kind}",
        tag=tag,
        roles=EVERYONE,
        query=s.PartnerQuery,
        body=api.patch,
        response=api.changed,
    )
    def patch_object(obj_id: UUID, query: s.PartnerQuery, body: BaseModel) -> BaseModel:
        """Absent fields stay; null clears. The answer's change_id undoes this edit."""
        principal, partner, _ = get_visible(obj_id, query.partner_id)
        changed = services().catalog.update(
            kind,
            partner,
            obj_id,
            body.model_dump(mode="json", exclude_unset=True),
            actor=principal.actor(),
            now=now(),
        )
        obj = (
            changed.objects[0] if changed.objects else services().catalog.get(kind, partner, obj_id)
        )
        return api.changed.model_validate(
            {**dump(kind, obj, principal), "change_id": changed.change_id}
        )

    @spec.operation(
        bp,
        "DELETE",
        f"{base}/<uuid:obj_id>",
        name=f"delete_{kind}",
        summary=f"Delete a {kind} (GDPR soft delete)",
        tag=tag,
        roles=EVERYONE,
        query=s.PartnerQuery,
        response=s.ChangeRef,
    )
    def delete_object(obj_id: UUID, query: s.PartnerQuery) -> BaseModel:
        """Hidden from every read at once; an admin can restore it until retention purges it."""
        principal, partner, _ = get_visible(obj_id, query.partner_id)
        change_id = services().catalog.delete(
            kind, partner, obj_id, actor=principal.actor(), now=now()
        )
        return s.ChangeRef(change_id=change_id)

    @spec.operation(
        bp,
        "POST",
        f"{base}/<uuid:obj_id>/restore",
        name=f"restore_{kind}",
        summary=f"Restore a deleted {kind} (admins)",
        tag=tag,
        roles=(Role.ADMIN,),
        query=s.PartnerQuery,
        response=s.ChangeRef,
    )
    def restore_object(obj_id: UUID, query: s.PartnerQuery) -> BaseModel:
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        change_id = services().catalog.restore(
            kind, partner, obj_id, actor=principal.actor(), now=now()
        )
        return s.ChangeRef(change_id=change_id)

    @spec.operation(
        bp,
        "GET",
        f"{base}/deleted",
        name=f"deleted_{api.plural}",
        summary=f"Deleted {api.plural} (admins)",
        tag=tag,
        roles=(Role.ADMIN,),
        query=s.PartnerQuery,
        response=s.DeletedList,
    )
    def deleted_objects(query: s.PartnerQuery) -> BaseModel:
        partner = partner_of(current_principal(), query.partner_id)
        items = services().catalog.deleted(kind, partner)
        return s.DeletedList(items=[s.DeletedOut(id=i, deleted_at=at) for i, at in items])

    @spec.operation(
        bp,
        "GET",
        f"{base}/<uuid:obj_id>/history",
        name=f"history_of_{kind}",
        summary=f"History of a {kind}",
        tag=tag,
        roles=EVERYONE,
        query=s.HistoryQuery,
        response=s.AuditPage,
    )
    def object_history(obj_id: UUID, query: s.HistoryQuery) -> BaseModel:
        """Every change (of one field with ``field``), newest first, each with its change_id."""
        principal, partner, _ = get_visible(obj_id, query.partner_id)
        events = services().catalog.history(kind, partner, obj_id, query.field)
        return s.AuditPage(items=events_out(events), next_before=None)

    @spec.operation(
        bp,
        "PATCH",
        base,
        name=f"bulk_edit_{api.plural}",
        summary=f"Bulk edit {api.plural}",
        tag=tag,
        roles=EVERYONE,
        body=s.BulkEditIn,
        response=s.ChangeOut,
    )
    def bulk_edit(body: s.BulkEditIn) -> flask.Response:
        """By ids or by filter, at most 10,000, all or nothing. Larger than 1,000 (or with
        run_async) it answers 202 and GET /api/v1/changes/{id} shows its progress."""
        return _bulk_edit(kind, body)


def _bulk_edit(kind: str, body: s.BulkEditIn) -> flask.Response:
    principal = current_principal()
    partner = partner_of(principal, body.partner_id)
    if (body.ids is None) == (body.filter is None):
        raise InvalidField("ids", "give either ids or filter")
    selection = (
        CatalogQuery(ids=tuple(body.ids))
        if body.ids is not None
        else catalog_query(kind, body.filter or s.BulkFilter(), principal)
    )
    edit = BulkEdit(
        set=body.set or {},
        find_replace=tuple(
            FindReplace(r.field, r.find, r.replace) for r in body.find_replace or []
        ),
        scale_bpm={"double": 2.0, "halve": 0.5}.get(body.scale_bpm or ""),
        accept_estimates=tuple(body.accept_estimates or ()),
    )
    catalog = services().catalog
    size = len(selection.ids) if selection.ids else catalog.count(kind, partner, selection)
    run_async = body.run_async if body.run_async is not None else size > ASYNC_ABOVE
    if not run_async:
        changed = catalog.bulk_edit(
            kind, partner, selection, edit, actor=principal.actor(), now=now()
        )
        return flask.jsonify(
            change_out(catalog.change(partner, changed.change_id)).model_dump(mode="json")
        )
    change_id = uuid.uuid4()
    request = BulkEditRequest(kind, partner, selection, edit, principal.actor())
    queued = services().bulk_edits.start(change_id, request, size=size)
    response = flask.jsonify(bulk_edit_out(queued).model_dump(mode="json"))
    response.status_code = 202
    response.headers["Location"] = f"/api/v1/changes/{change_id}"
    return response


def bulk_edit_out(job: BulkEditStatus) -> s.ChangeOut:
    """A bulk edit job as GET /api/v1/changes/{id} shows it until its change set is committed."""
    return s.ChangeOut.model_validate(
        {**job.model_dump(exclude={"attempts", "updated_at"}), "undoes": None, "undone_by": None}
    )


def change_out(change: Any) -> s.ChangeOut:
    """A change set as the API shows it."""
    return s.ChangeOut(
        id=change.id,
        partner_id=change.partner_id,
        entity_type=change.entity_type,
        action=change.action,
        status=change.status,
        total=change.total,
        done=change.done,
        created_at=change.created_at,
        finished_at=change.finished_at,
        error=change.error,
        undoes=change.undoes,
        undone_by=change.undone_by,
        actor={
            "type": change.actor.type.value,
            "id": change.actor.id,
            "client_id": change.actor.client_id,
            "request_id": change.actor.request_id,
        },
    )


def catalog_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Routes of every catalog kind."""
    bp = flask.Blueprint("catalog", __name__)
    for api in API_KINDS:
        _register_kind(spec, bp, api)
    from shared.api.estimates import register_estimates

    register_estimates(spec, bp)
    from shared.api.similar import register_similar

    register_similar(spec, bp)
    from shared.api.track_analysis import register_track_analysis

    register_track_analysis(spec, bp)
    return bp
