"""Catalog edits through the API: create, edit, bulk edit, soft delete, restore, history, undo,
and a person's review of AI estimates.

Every change is one change set: its audit events (who, when, which client, request id, before
and after of each field) carry its id, so a whole bulk edit is undone as one. A change cannot be
undone once a later change touched one of its fields: that later change must be undone first.
Values set here are a person's (Source.HUMAN provenance), whatever the field's previous source.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor, AuditEvent, FieldChange, RetentionClass
from shared.domain.parties import Party
from shared.domain.provenance import Provenance, Source
from shared.domain.recordings import TrackListFacts
from shared.domain.records import ChangeSet, StoredEstimate
from shared.domain.search import CatalogQuery, Page
from shared.errors import Conflict, Forbidden, InvalidField, InvalidFields, NotFound
from shared.repositories import SearchableRepository
from shared.services.catalog_fields import KINDS, FieldSpec, Kind, check_whole
from shared.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_ESTIMATE_FIELDS = {
    "bpm": "bpm",
    "key": "key",
    "genre": "genre",
    "moods": "moods",
    "vocals": "vocals",
    "vocal_gender": "vocal_gender",
    "preview_start_s": "preview_start_s",
    "sub_genre": "sub_genre",
    "explicit": "explicit",
    "language": "language",
}
REVIEWABLE_FIELDS = frozenset(_ESTIMATE_FIELDS)  # estimates a track field takes


@dataclass(frozen=True, slots=True)
class FindReplace:
    """Replace ``find`` by ``replace`` in a text field."""

    field: str
    find: str
    replace: str


@dataclass(frozen=True, slots=True)
class BulkEdit:
    """What a bulk edit does to each selected object, in this order."""

    set: dict[str, Any] = dataclasses.field(default_factory=dict)
    find_replace: tuple[FindReplace, ...] = ()
    scale_bpm: float | None = None  # 2.0 doubles, 0.5 halves (tempo octave errors)
    accept_estimates: tuple[str, ...] = ()  # fields whose latest AI estimate is accepted


@dataclass(frozen=True, slots=True)
class Changed:
    """The outcome of a change: its id and the objects as they are now."""

    change_id: UUID
    objects: list[Any]


class _Lookup:
    """References of one partner's catalog, checked (and parties cached) while parsing."""

    def __init__(self, uow: UnitOfWork, partner_id: UUID) -> None:
        self._uow = uow
        self._partner_id = partner_id
        self._parties: dict[UUID, Party] = {}
        self._found: set[tuple[str, UUID]] = set()  # a bulk edit names one release 10,000 times

    def party(self, party_id: UUID, field: str) -> Party:
        if party_id not in self._parties:
            found = self._uow.parties.find(self._partner_id, party_id)
            if found is None:
                raise InvalidField(field, f"party {party_id} not found")
            self._parties[party_id] = found
        return self._parties[party_id]

    def require(self, kind: str, obj_id: UUID, field: str) -> None:
        if (kind, obj_id) in self._found:
            return
        repository: SearchableRepository[Any] = getattr(self._uow, KINDS[kind].repository)
        if repository.find(self._partner_id, obj_id) is None:
            raise InvalidField(field, f"{kind} {obj_id} not found")
        self._found.add((kind, obj_id))


def _changed_attributes(old: Any, new: Any) -> Iterator[str]:
    """Names of the dataclass fields whose values differ between two versions of an object."""
    for field in dataclasses.fields(old):
        if field.name != "provenance" and getattr(old, field.name) != getattr(new, field.name):
            yield field.name


def _spec(kind: Kind, name: str) -> FieldSpec:
    spec = kind.fields.get(name)
    if spec is None:
        raise InvalidField(name, f"is not an editable field of a {kind.name}")
    return spec


def _event(
    action: str,
    actor: Actor,
    partner_id: UUID,
    kind: Kind,
    entity_id: UUID,
    change_id: UUID,
    now: datetime,
    changes: Iterable[FieldChange] = (),
    retention: RetentionClass = RetentionClass.DDEX,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent(
        uuid.uuid4(),
        now,
        f"{kind.name}.{action}",
        actor,
        retention,
        partner_id,
        kind.name,
        entity_id,
        change_id,
        tuple(changes),
        detail,
    )


class CatalogService:
    """Catalog reads and writes for the REST and GraphQL APIs."""

    def __init__(
        self, uow: Callable[[], UnitOfWork], *, bulk_max_items: int, low_confidence_below: float
    ) -> None:
        self._uow = uow
        self.bulk_max_items = bulk_max_items
        self.low_confidence_below = low_confidence_below

    @staticmethod
    def _repo(uow: UnitOfWork, kind: Kind) -> SearchableRepository[Any]:
        repository: SearchableRepository[Any] = getattr(uow, kind.repository)
        return repository

    # ------------------------------------------------------------------ reads

    def get(self, kind_name: str, partner_id: UUID, obj_id: UUID) -> Any:
        """A live object of the partner; NotFound otherwise."""
        with self._uow() as uow:
            return self._repo(uow, KINDS[kind_name]).get(partner_id, obj_id)

    def search(self, kind_name: str, partner_id: UUID, query: CatalogQuery) -> Page:
        """One page of a partner's objects."""
        with self._uow() as uow:
            return self._repo(uow, KINDS[kind_name]).search(
                partner_id, query, low_below=self.low_confidence_below
            )

    def track_list_facts(
        self, partner_id: UUID, track_ids: Sequence[UUID]
    ) -> dict[UUID, TrackListFacts]:
        """Each track's release title and last change (the track grid's columns), one query."""
        with self._uow() as uow:
            return uow.tracks.list_facts(partner_id, track_ids)

    def count(self, kind_name: str, partner_id: UUID, query: CatalogQuery) -> int:
        """How many live objects match."""
        with self._uow() as uow:
            return self._repo(uow, KINDS[kind_name]).count_matching(
                partner_id, query, low_below=self.low_confidence_below
            )

    def owner_of(self, kind_name: str, obj_id: UUID) -> UUID:
        """The partner of a live object (for admins, who act across partners)."""
        with self._uow() as uow:
            owner = self._repo(uow, KINDS[kind_name]).owner_of(obj_id)
        if owner is None:
            raise NotFound(f"{kind_name} {obj_id} not found")
        return owner

    def history(
        self, kind_name: str, partner_id: UUID, obj_id: UUID, field: str | None = None
    ) -> list[AuditEvent]:
        """Changes of an object (of one field when given), newest first."""
        kind = KINDS[kind_name]
        if field is not None:
            _spec(kind, field)
        with self._uow() as uow:
            self._repo(uow, kind).get(partner_id, obj_id)
            return uow.changes.history(partner_id, obj_id, field=field)

    def change(self, partner_id: UUID | None, change_id: UUID) -> ChangeSet:
        """A change set (a partner's own, or any for admins)."""
        with self._uow() as uow:
            return uow.changes.get(change_id, partner_id)

    def audit(
        self,
        partner_id: UUID | None,
        *,
        before: datetime | None,
        limit: int,
        entity_type: str | None = None,
        retention_class: str | None = None,
    ) -> list[AuditEvent]:
        """Audit records, newest first."""
        with self._uow() as uow:
            return uow.changes.audit_page(
                partner_id,
                before=before,
                limit=limit,
                entity_type=entity_type,
                retention_class=retention_class,
            )

    def deleted(self, kind_name: str, partner_id: UUID) -> list[tuple[UUID, datetime]]:
        """Soft-deleted objects an admin may restore."""
        with self._uow() as uow:
            return self._repo(uow, KINDS[kind_name]).deleted(partner_id)

    # ------------------------------------------------------------------ writes

    def _open_change(
        self,
        uow: UnitOfWork,
        kind: Kind,
        partner_id: UUID,
        action: str,
        actor: Actor,
        now: datetime,
        total: int,
        undoes: UUID | None = None,
    ) -> UUID:
        change_id = uuid.uuid4()
        uow.changes.add(
            ChangeSet(
                change_id,
                partner_id,
                kind.name,
                action,
                actor,
                "done",
                total,
                total,
                now,
                now,
                undoes=undoes,
            )
        )
        return change_id

    def create(
        self,
        kind_name: str,
        partner_id: UUID,
        values: dict[str, Any],
        *,
        actor: Actor,
        now: datetime,
    ) -> Changed:
        """A new object from API values (every value a person's)."""
        with self._uow() as uow:
            return self.create_within(uow, kind_name, partner_id, values, actor=actor, now=now)

    def create_within(
        self,
        uow: UnitOfWork,
        kind_name: str,
        partner_id: UUID,
        values: dict[str, Any],
        *,
        actor: Actor,
        now: datetime,
    ) -> Changed:
        """``create`` inside the caller's unit of work (a use case writing more than one kind)."""
        kind = KINDS[kind_name]
        missing = [name for name in kind.required if values.get(name) in (None, "", [])]
        if missing:
            raise InvalidFields([(name, "is required") for name in missing])
        lookup = _Lookup(uow, partner_id)
        attrs = {_spec(kind, n).attr: _spec(kind, n).parse(v, lookup, n) for n, v in values.items()}
        provenance = {name: Provenance(Source.HUMAN, now, actor.id) for name in values}
        obj = kind.domain(id=uuid.uuid4(), partner_id=partner_id, **attrs, provenance=provenance)
        check_whole(kind, obj, values)
        self._repo(uow, kind).add(obj, now=now)
        change_id = self._open_change(uow, kind, partner_id, "create", actor, now, 1)
        changes = [
            FieldChange(n, None, kind.fields[n].dump(getattr(obj, kind.fields[n].attr)))
            for n in values
        ]
        uow.changes.append_events(
            [_event("create", actor, partner_id, kind, obj.id, change_id, now, changes)]
        )
        return Changed(change_id, [obj])

    def update_within(
        self,
        uow: UnitOfWork,
        kind_name: str,
        partner_id: UUID,
        values: dict[UUID, dict[str, Any]],
        *,
        action: str,
        actor: Actor,
        now: datetime,
        detail: str | None = None,
    ) -> Changed:
        """Change several objects as one undoable change set inside the caller's unit of work."""
        kind = KINDS[kind_name]
        objs = self._repo(uow, kind).find_many(partner_id, list(values))
        change_id = self._open_change(uow, kind, partner_id, action, actor, now, len(objs))
        changed = self._apply(
            uow, kind, partner_id, objs, values, actor, now, change_id,
            prefix_ids=True, detail=detail,
        )  # fmt: skip
        return Changed(change_id, changed)

    def update(
        self,
        kind_name: str,
        partner_id: UUID,
        obj_id: UUID,
        values: dict[str, Any],
        *,
        actor: Actor,
        now: datetime,
        expected_version: int | None = None,
    ) -> Changed:
        """Change some fields of one object; Conflict when ``expected_version`` is stale."""
        kind = KINDS[kind_name]
        with self._uow() as uow:
            repository = self._repo(uow, kind)
            obj = repository.get(partner_id, obj_id)
            if expected_version is not None:
                current = repository.version_of(partner_id, obj_id)
                if current != expected_version:
                    raise Conflict(
                        f"{kind.name} {obj_id} is at version {current}, not "
                        f"{expected_version}: someone changed it since you read it"
                    )
            change_id = self._open_change(uow, kind, partner_id, "update", actor, now, 1)
            changed = self._apply(
                uow,
                kind,
                partner_id,
                [obj],
                {obj.id: values},
                actor,
                now,
                change_id,
                prefix_ids=False,
            )
        return Changed(change_id, changed)

    def merge_tracks(
        self,
        partner_id: UUID,
        kept_id: UUID,
        other_id: UUID,
        values_of: Callable[[Any, Any], dict[str, Any]],
        *,
        actor: Actor,
        now: datetime,
    ) -> Changed:
        """One change in one transaction: the other track soft-deleted ("merged into" the kept
        one: restorable, its audio and history stay with it), then ``values_of(kept, other)``
        written to the kept track with provenance "merged from track <other>" (the delete goes
        first, so an ISRC the kept track takes is free). The change undoes as a whole."""
        kind = KINDS["track"]
        with self._uow() as uow:
            kept = uow.tracks.get(partner_id, kept_id)
            other = uow.tracks.find(partner_id, other_id)
            if other is None:
                raise InvalidField("other_id", f"there is no track {other_id} in this catalog")
            values = values_of(kept, other)
            change_id = self._open_change(uow, kind, partner_id, "merge", actor, now, 2)
            uow.tracks.soft_delete(partner_id, other.id, now=now)
            merged = {"merged_into": str(kept.id), "took": sorted(values)}
            uow.changes.append_events(
                [_event("delete", actor, partner_id, kind, other.id, change_id, now, detail=merged)]
            )
            changed = self._apply(uow, kind, partner_id, [kept], {kept.id: values}, actor, now,
                                  change_id, prefix_ids=False,
                                  detail=f"merged from track {other.id}")  # fmt: skip
        return Changed(change_id, changed or [kept])

    def _apply(
        self,
        uow: UnitOfWork,
        kind: Kind,
        partner_id: UUID,
        objs: list[Any],
        values: dict[UUID, dict[str, Any]],
        actor: Actor,
        now: datetime,
        change_id: UUID,
        *,
        prefix_ids: bool,
        detail: str | None = None,
        provenance: dict[tuple[UUID, str], Provenance | None] | None = None,
        progress: Progress | None = None,
    ) -> list[Any]:
        lookup, events, changed = _Lookup(uow, partner_id), [], []
        problems: list[tuple[str, str]] = []
        for done, obj in enumerate(objs, start=1):
            try:
                new, changes = self._changed(
                    kind, obj, values.get(obj.id, {}), lookup, actor, now, detail, provenance or {}
                )
            except InvalidField as exc:
                problems.append((f"{obj.id}.{exc.field}" if prefix_ids else exc.field, exc.reason))
                if len(problems) >= 20:
                    break
                continue
            if changes:
                changed.append((obj, new))
                events.append(
                    _event(
                        "update",
                        actor,
                        partner_id,
                        kind,
                        obj.id,
                        change_id,
                        now,
                        changes,
                        detail={"note": detail} if detail else None,
                    )
                )
            if progress is not None and done % 1000 == 0:
                progress(done, len(objs))
        if problems:
            raise InvalidFields(problems)
        self._write(uow, kind, changed, now)
        uow.changes.append_events(events)
        return [new for _, new in changed]

    @staticmethod
    def _changed(
        kind: Kind,
        obj: Any,
        values: dict[str, Any],
        lookup: _Lookup,
        actor: Actor,
        now: datetime,
        detail: str | None,
        provenance: dict[tuple[UUID, str], Provenance | None],
    ) -> tuple[Any, list[FieldChange]]:
        attrs: dict[str, Any] = {}
        sources = dict(obj.provenance)
        changes = []
        for name, value in values.items():
            spec = _spec(kind, name)
            parsed = spec.parse(value, lookup, name)
            before, after = spec.dump(getattr(obj, spec.attr)), spec.dump(parsed)
            given = (obj.id, name) in provenance  # a review or an undo: the source is known
            if before == after and not (given and provenance[(obj.id, name)] != sources.get(name)):
                continue
            attrs[spec.attr] = parsed
            source = (
                provenance[(obj.id, name)]
                if given
                else Provenance(Source.HUMAN, now, actor.id, detail=detail)
            )
            if source is None:
                sources.pop(name, None)
            else:
                sources[name] = source
            changes.append(
                FieldChange(name, before, after).with_before_source(obj.provenance.get(name))
            )
        if not changes:
            return obj, []
        new = dataclasses.replace(obj, **attrs, provenance=sources)
        check_whole(kind, new, [change.field for change in changes])
        return new, changes

    def _write(
        self, uow: UnitOfWork, kind: Kind, changed: list[tuple[Any, Any]], now: datetime
    ) -> None:
        if not changed:
            return
        repository = self._repo(uow, kind)
        columns: set[str] = set()
        compared: set[frozenset[str]] = set()
        for old, new in changed:
            # to_row serialises every provenance entry: compare rows once per set of changed
            # attributes, not for each of 10,000 objects (the same attributes change the same
            # columns)
            attrs = frozenset(_changed_attributes(old, new))
            if attrs not in compared:
                compared.add(attrs)
                before, after = repository.to_row(old), repository.to_row(new)
                columns |= {name for name in after if after[name] != before[name]}
            if kind.name == "track" and old.contributors != new.contributors:
                uow.tracks.replace_contributors(new, now=now)
            if kind.name == "release" and old.artists != new.artists:
                uow.releases.replace_artists(new)
            if kind.name == "work" and (old.writers, old.publishers) != (
                new.writers,
                new.publishers,
            ):
                uow.works.replace_interested_parties(new)
        repository.save_changes(changed, now=now, columns=columns)

    def bulk_edit(
        self,
        kind_name: str,
        partner_id: UUID,
        selection: CatalogQuery,
        edit: BulkEdit,
        *,
        actor: Actor,
        now: datetime,
        progress: Progress | None = None,
        change_id: UUID | None = None,
    ) -> Changed:
        """Apply ``edit`` to every selected object, atomically (all or none)."""
        kind = KINDS[kind_name]
        if kind.name != "track" and (edit.scale_bpm or edit.accept_estimates):
            raise InvalidField("scale_bpm", "tempo and AI estimates exist only for tracks")
        with self._uow() as uow:
            objs = self._selected(uow, kind, partner_id, selection)
            values, provenance, accepted = self._bulk_values(
                uow, kind, partner_id, objs, edit, actor, now
            )
            change_id = change_id or uuid.uuid4()
            uow.changes.add(
                ChangeSet(
                    change_id,
                    partner_id,
                    kind.name,
                    "bulk_update",
                    actor,
                    "done",
                    len(objs),
                    len(objs),
                    now,
                    now,
                )
            )
            changed = self._apply(
                uow,
                kind,
                partner_id,
                objs,
                values,
                actor,
                now,
                change_id,
                prefix_ids=True,
                detail="bulk edit",
                provenance=provenance,
                progress=progress,
            )
            if accepted:
                uow.changes.review_estimates(
                    partner_id, accepted, verdict="accepted", by=actor.id or "", now=now
                )
            uow.analyze_after_commit(partner_id, (kind.repository,), len(changed))
        logger.info(
            "bulk edit %s: %d of %d %ss changed", change_id, len(changed), len(objs), kind.name
        )
        return Changed(change_id, changed)

    def _selected(
        self, uow: UnitOfWork, kind: Kind, partner_id: UUID, selection: CatalogQuery
    ) -> list[Any]:
        repository = self._repo(uow, kind)
        if selection.ids:
            if len(selection.ids) > self.bulk_max_items:
                raise InvalidField(
                    "ids",
                    f"{len(selection.ids)} ids; a bulk edit takes at most {self.bulk_max_items:,}",
                )
            objs = repository.find_many(partner_id, selection.ids)
            found = {obj.id for obj in objs}
            missing = [i for i, obj_id in enumerate(selection.ids) if obj_id not in found]
            if missing:
                raise InvalidField(
                    f"ids[{missing[0]}]", f"{kind.name} {selection.ids[missing[0]]} not found"
                )
            return objs
        count = repository.count_matching(
            partner_id, selection, low_below=self.low_confidence_below
        )
        if count > self.bulk_max_items:
            raise InvalidField(
                "filter",
                f"matches {count:,} {kind.name}s; a bulk edit takes at "
                f"most {self.bulk_max_items:,}: narrow it",
            )
        return repository.find_matching(partner_id, selection, low_below=self.low_confidence_below)

    def _bulk_values(
        self,
        uow: UnitOfWork,
        kind: Kind,
        partner_id: UUID,
        objs: list[Any],
        edit: BulkEdit,
        actor: Actor,
        now: datetime,
    ) -> tuple[dict[UUID, dict[str, Any]], dict[tuple[UUID, str], Provenance | None], list[UUID]]:
        for name in edit.set:
            _spec(kind, name)
        for rule in edit.find_replace:
            if not _spec(kind, rule.field).text:
                raise InvalidField("find_replace.field", f"{rule.field} is not a text field")
        latest = self._latest_estimates(uow, partner_id, objs, edit.accept_estimates)
        values: dict[UUID, dict[str, Any]] = {}
        provenance: dict[tuple[UUID, str], Provenance | None] = {}
        accepted: list[UUID] = []
        for obj in objs:
            row = dict(edit.set)
            for rule in edit.find_replace:
                current = row.get(rule.field, getattr(obj, _spec(kind, rule.field).attr))
                if isinstance(current, str) and rule.find in current:
                    row[rule.field] = current.replace(rule.find, rule.replace)
            if edit.scale_bpm:
                bpm = row.get("bpm", obj.bpm)
                if isinstance(bpm, int | float):
                    row["bpm"] = round(float(bpm) * edit.scale_bpm, 2)
            for field, estimate in latest.get(obj.id, {}).items():
                row[field] = estimate.estimate.value
                provenance[(obj.id, field)] = _accepted_provenance(estimate, actor, now)
                accepted.extend([estimate.id] if estimate.id else [])
            values[obj.id] = row
        return values, provenance, accepted

    @staticmethod
    def _latest_estimates(
        uow: UnitOfWork, partner_id: UUID, objs: list[Any], fields: tuple[str, ...]
    ) -> dict[UUID, dict[str, StoredEstimate]]:
        if not fields:
            return {}
        unknown = [f for f in fields if f not in _ESTIMATE_FIELDS]
        if unknown:
            raise InvalidField("accept_estimates", f"{unknown[0]!r} has no track field to set")
        latest: dict[UUID, dict[str, StoredEstimate]] = {}
        for estimate in uow.changes.estimates(partner_id, [obj.id for obj in objs]):
            field = estimate.estimate.field
            track_id = estimate.track_id
            if field in fields and estimate.review is None and track_id is not None:
                latest.setdefault(track_id, {}).setdefault(field, estimate)
        return latest

    # ------------------------------------------------------------------ delete, restore, undo

    def delete(
        self, kind_name: str, partner_id: UUID, obj_id: UUID, *, actor: Actor, now: datetime
    ) -> UUID:
        """GDPR soft delete: hidden from every read; admins may restore it."""
        kind = KINDS[kind_name]
        with self._uow() as uow:
            self._repo(uow, kind).soft_delete(partner_id, obj_id, now=now)
            change_id = self._open_change(uow, kind, partner_id, "delete", actor, now, 1)
            uow.changes.append_events(
                [_event("delete", actor, partner_id, kind, obj_id, change_id, now)]
            )
        return change_id

    def restore(
        self, kind_name: str, partner_id: UUID, obj_id: UUID, *, actor: Actor, now: datetime
    ) -> UUID:
        """Bring back a soft-deleted object (admins)."""
        kind = KINDS[kind_name]
        with self._uow() as uow:
            self._repo(uow, kind).restore(partner_id, obj_id, now=now)
            change_id = self._open_change(uow, kind, partner_id, "restore", actor, now, 1)
            uow.changes.append_events(
                [_event("restore", actor, partner_id, kind, obj_id, change_id, now)]
            )
        return change_id

    def undo(
        self,
        partner_id: UUID | None,
        change_id: UUID,
        *,
        actor: Actor,
        now: datetime,
        may_restore: bool,
    ) -> ChangeSet:
        """Reverse a whole change; Conflict when a later change touched one of its fields."""
        with self._uow() as uow:
            change = uow.changes.get(change_id, partner_id)
            if change.undone_by is not None:
                raise Conflict(
                    f"change {change_id} was already undone by change {change.undone_by}"
                )
            if change.status != "done":
                raise Conflict(
                    f"change {change_id} is {change.status}: only a finished change can be undone"
                )
            kind = KINDS[change.entity_type]
            events = uow.changes.events_of(change_id)
            if not may_restore and any(e.action.endswith(".delete") for e in events):
                raise Forbidden("undoing a delete restores the object: only admins may")
            self._refuse_conflicts(uow, change, events)
            undo_id = self._open_change(
                uow, kind, change.partner_id, "undo", actor, now, len(events), undoes=change_id
            )
            self._reverse(uow, kind, change.partner_id, events, actor, now, undo_id)
            uow.changes.mark_undone(change_id, undo_id)
            uow.analyze_after_commit(change.partner_id, (kind.repository,), len(events))
            return uow.changes.get(undo_id, None)

    @staticmethod
    def _refuse_conflicts(uow: UnitOfWork, change: ChangeSet, events: list[AuditEvent]) -> None:
        ids = [e.entity_id for e in events if e.entity_id is not None]
        later = uow.changes.later_fields(ids, change.created_at, change.id)
        others = uow.changes.many([cs for found in later.values() for _, cs, _ in found if cs])
        targets = uow.changes.many([o.undoes for o in others.values() if o.undoes])

        def cancelled(other: UUID | None) -> bool:
            """A later change since undone, or the undo of one: their net effect is nothing."""
            found = others.get(other) if other else None
            if found is None:
                return False
            target = targets.get(found.undoes) if found.undoes else None
            return found.undone_by is not None or (
                target is not None and target.created_at >= change.created_at
            )

        for event in events:
            assert event.entity_id is not None
            mine = {c.field for c in event.changes}
            whole = not event.action.endswith(".update")
            for field, other, at in later.get(event.entity_id, []):
                if (whole or field in mine) and not cancelled(other):
                    raise Conflict(
                        f"{change.entity_type} {event.entity_id}: {field} was changed later "
                        f"(change {other} at {at.isoformat()}); undo that change first"
                    )

    def _reverse(
        self,
        uow: UnitOfWork,
        kind: Kind,
        partner_id: UUID,
        events: list[AuditEvent],
        actor: Actor,
        now: datetime,
        undo_id: UUID,
    ) -> None:
        repository = self._repo(uow, kind)
        updated = [
            (e.entity_id, e.changes) for e in events if e.action.endswith(".update") and e.entity_id
        ]
        updates = {entity: {c.field: c.before for c in changes} for entity, changes in updated}
        sources: dict[tuple[UUID, str], Provenance | None] = {
            (entity, c.field): c.before_source
            for entity, changes in updated
            for c in changes
            if c.source_recorded
        }  # the value comes back with its source: an AI value stays the AI's
        if updates:
            objs = repository.find_many(partner_id, list(updates))
            self._apply(
                uow,
                kind,
                partner_id,
                objs,
                updates,
                actor,
                now,
                undo_id,
                prefix_ids=True,
                detail=f"undo of change {events[0].change_set_id}",
                provenance=sources,
            )
        audit = []
        for event in events:
            assert event.entity_id is not None
            if event.action.endswith((".create", ".restore")):
                repository.soft_delete(partner_id, event.entity_id, now=now)
                audit.append(
                    _event("delete", actor, partner_id, kind, event.entity_id, undo_id, now)
                )
            elif event.action.endswith(".delete"):
                repository.restore(partner_id, event.entity_id, now=now)
                audit.append(
                    _event("restore", actor, partner_id, kind, event.entity_id, undo_id, now)
                )
        uow.changes.append_events(audit)

    # ------------------------------------------------------------------ AI estimates

    def estimates(self, partner_id: UUID, track_id: UUID) -> list[StoredEstimate]:
        """Every AI estimate of a track (model, version, confidence, applied, review)."""
        with self._uow() as uow:
            uow.tracks.get(partner_id, track_id)
            return uow.changes.estimates(partner_id, [track_id])

    def review_estimate(
        self,
        partner_id: UUID,
        track_id: UUID,
        estimate_id: UUID,
        *,
        accept: bool,
        actor: Actor,
        now: datetime,
    ) -> Changed:
        """Accept (the value becomes the track's, a person's choice) or reject an estimate."""
        kind = KINDS["track"]
        with self._uow() as uow:
            track = uow.tracks.get(partner_id, track_id)
            estimate = uow.changes.estimate(partner_id, estimate_id)
            if estimate.track_id != track_id:
                raise NotFound(f"estimate {estimate_id} not found on track {track_id}")
            field = _ESTIMATE_FIELDS.get(estimate.estimate.field)
            verdict = "accepted" if accept else "rejected"
            change_id = self._open_change(
                uow, kind, partner_id, f"estimate_{verdict}", actor, now, 1
            )
            changed = [track]
            if accept and field is None:
                raise InvalidField("field", _not_reviewable(estimate.estimate.field))
            if field is not None and (accept or _holds(track, field, estimate)):
                value = estimate.estimate.value if accept else None
                source = (_accepted_provenance if accept else _rejected_provenance)(
                    estimate, actor, now
                )
                changed = self._apply(
                    uow,
                    kind,
                    partner_id,
                    [track],
                    {track.id: {field: value}},
                    actor,
                    now,
                    change_id,
                    prefix_ids=False,
                    provenance={(track.id, field): source},
                ) or [track]
            uow.changes.review_estimates(
                partner_id, [estimate_id], verdict=verdict, by=actor.id or "", now=now
            )
            uow.changes.append_events(
                [
                    _event(
                        f"estimate_{verdict}",
                        actor,
                        partner_id,
                        kind,
                        track_id,
                        change_id,
                        now,
                        retention=RetentionClass.AI,
                        detail={
                            "estimate_id": str(estimate_id),
                            "field": estimate.estimate.field,
                            "model": estimate.estimate.model,
                            "model_version": estimate.estimate.model_version,
                            "confidence": estimate.estimate.confidence,
                        },
                    )
                ]
            )
        return Changed(change_id, changed)


def _not_reviewable(field: str) -> str:
    if field == "loudness_lufs":
        return (
            "'loudness_lufs' is a measurement (integrated loudness), not a suggestion: "
            "tracks have no field for it to set"
        )
    return f"{field!r} has no track field to set"


def _holds(track: Any, field: str, estimate: StoredEstimate) -> bool:
    """True when the track's value of ``field`` is this estimate's, set by the AI."""
    held = track.provenance.get(field)
    if held is None or held.source is not Source.AI:
        return False
    spec = KINDS["track"].fields[field]
    try:
        value = spec.dump(spec.parse(estimate.estimate.value, _NoLookup(), field))
    except InvalidField:
        return False
    return bool(spec.dump(getattr(track, spec.attr)) == value)


class _NoLookup:
    """Estimate fields name no other object: parsing them never looks anything up."""

    def party(self, party_id: UUID, field: str) -> Party:
        raise InvalidField(field, "an estimate names no party")

    def require(self, kind: str, obj_id: UUID, field: str) -> None:
        raise InvalidField(field, "an estimate names no other object")


def _rejected_provenance(estimate: StoredEstimate, actor: Actor, now: datetime) -> Provenance:
    """A person cleared the AI's value: AI never fills the field again without a person."""
    return Provenance(
        Source.HUMAN,
        now,
        actor.id,
        estimate.estimate.model,
        estimate.estimate.model_version,
        detail=f"rejected AI estimate {estimate.id}",
    )


def _accepted_provenance(estimate: StoredEstimate, actor: Actor, now: datetime) -> Provenance:
    return Provenance(
        Source.HUMAN,
        now,
        actor.id,
        estimate.estimate.model,
        estimate.estimate.model_version,
        estimate.estimate.confidence,
        f"accepted AI estimate {estimate.id}",
    )
