"""The shape every partner-scoped catalog repository shares."""

from __future__ import annotations

import dataclasses
import json
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar, Generic, NoReturn, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from shared.db import column_edits, search
from shared.domain.column_edits import ColumnsEdit
from shared.domain.provenance import Provenance, stored_entries
from shared.domain.search import CatalogQuery, Page
from shared.domain.touched import TouchedRecords
from shared.errors import Conflict, NotFound

T = TypeVar("T")
Row = sa.RowMapping


def provenance_to_json(provenance: Mapping[str, Provenance]) -> dict[str, Any]:
    """The JSONB form of a field -> Provenance map."""
    return {name: value.to_json() for name, value in provenance.items()}


def provenance_from_json(raw: Mapping[str, Any] | None) -> dict[str, Provenance]:
    """The inverse of ``provenance_to_json``; a bulk import's marks read as its row stamp
    (``shared.domain.provenance.stored_entries``)."""
    return {name: Provenance.from_json(value) for name, value in stored_entries(raw).items()}


class CatalogRepository(ABC, Generic[T]):
    """Get, add, save and soft-delete one kind of catalog object, always within a partner."""

    table: ClassVar[sa.Table]
    noun: ClassVar[str]  # "track", used in messages

    def __init__(self, conn: sa.Connection, touched: TouchedRecords | None = None) -> None:
        self._conn = conn
        self._touched = touched if touched is not None else TouchedRecords()

    def _touch(self, obj: T) -> None:
        """Record a written object for the caches (repositories of cached kinds override)."""

    def _touch_id(self, partner_id: UUID, obj_id: UUID) -> None:
        """Record a written row known only by its key."""

    @abstractmethod
    def to_row(self, obj: T) -> dict[str, Any]:
        """Column values for ``obj`` (without timestamps and version)."""

    @abstractmethod
    def from_row(self, row: Row) -> T:
        """The domain object for a row."""

    def _key(self, partner_id: UUID, obj_id: UUID) -> sa.ColumnElement[bool]:
        return sa.and_(self.table.c.partner_id == partner_id, self.table.c.id == obj_id)

    def _live(self) -> sa.ColumnElement[bool]:
        if "deleted_at" in self.table.c:
            return self.table.c.deleted_at.is_(None)
        return sa.true()

    def find(self, partner_id: UUID, obj_id: UUID) -> T | None:
        """The object, or None when missing, deleted or another partner's."""
        row = (
            self._conn.execute(
                sa.select(self.table).where(self._key(partner_id, obj_id), self._live())
            )
            .mappings()
            .first()
        )
        return None if row is None else self.from_row(row)

    def get(self, partner_id: UUID, obj_id: UUID) -> T:
        """The object; NotFound otherwise (also for another partner's: we do not say which)."""
        found = self.find(partner_id, obj_id)
        if found is None:
            raise NotFound(f"{self.noun} {obj_id} not found")
        return found

    def version_of(self, partner_id: UUID, obj_id: UUID) -> int:
        """The row's optimistic-concurrency version."""
        version = self._conn.execute(
            sa.select(self.table.c.version).where(self._key(partner_id, obj_id), self._live())
        ).scalar()
        if version is None:
            raise NotFound(f"{self.noun} {obj_id} not found")
        return int(version)

    def add(self, obj: T, *, now: datetime) -> T:
        """Insert a new object."""
        values = {**self.to_row(obj), "created_at": now, "updated_at": now}
        self._conn.execute(sa.insert(self.table).values(**values))
        self._touch(obj)
        return obj

    def save(self, obj: T, *, now: datetime, expected_version: int | None = None) -> int:
        """Write every column of ``obj``; return the new version. Conflict on a stale version."""
        values = self.to_row(obj)
        partner_id, obj_id = values.pop("partner_id"), values.pop("id")
        where = [self._key(partner_id, obj_id), self._live()]
        if expected_version is not None:
            where.append(self.table.c.version == expected_version)
        new_version = self._conn.execute(
            sa.update(self.table)
            .where(*where)
            .values(**values, updated_at=now, version=self.table.c.version + 1)
            .returning(self.table.c.version)
        ).scalar()
        if new_version is None:
            self._raise_missing_or_stale(partner_id, obj_id, expected_version)
        self._touch(obj)
        return int(new_version)

    def _raise_missing_or_stale(
        self, partner_id: UUID, obj_id: UUID, expected_version: int | None
    ) -> NoReturn:
        current = self.version_of(partner_id, obj_id)  # raises NotFound when missing
        raise Conflict(
            f"{self.noun} {obj_id} is at version {current}, not {expected_version}: "
            "someone changed it since you read it"
        )

    def soft_delete(self, partner_id: UUID, obj_id: UUID, *, now: datetime) -> None:
        """GDPR soft delete: hidden from every read, restorable until retention purges it."""
        result = self._conn.execute(
            sa.update(self.table)
            .where(self._key(partner_id, obj_id), self._live())
            .values(deleted_at=now, updated_at=now)
        )
        if not result.rowcount:
            raise NotFound(f"{self.noun} {obj_id} not found")
        self._touch_id(partner_id, obj_id)

    def restore(self, partner_id: UUID, obj_id: UUID, *, now: datetime) -> None:
        """Undo a soft delete (admins only, enforced by the service)."""
        result = self._conn.execute(
            sa.update(self.table)
            .where(self._key(partner_id, obj_id), self.table.c.deleted_at.is_not(None))
            .values(deleted_at=None, updated_at=now)
        )
        if not result.rowcount:
            raise NotFound(f"deleted {self.noun} {obj_id} not found")
        self._touch_id(partner_id, obj_id)

    def where(
        self, partner_id: UUID, *conditions: sa.ColumnElement[bool], limit: int = 1000
    ) -> list[T]:
        """Live objects of the partner matching ``conditions``."""
        rows = self._conn.execute(
            sa.select(self.table)
            .where(self.table.c.partner_id == partner_id, self._live(), *conditions)
            .order_by(self.table.c.created_at, self.table.c.id)
            .limit(limit)
        ).mappings()
        return [self.from_row(row) for row in rows]


def _json_ready(value: Any) -> Any:
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class SearchableRepository(CatalogRepository[T]):
    """Catalog repositories the API lists, pages and bulk-edits (issue 5)."""

    def rows_to_objects(self, rows: Sequence[Row]) -> list[T]:
        """Domain objects for rows (repositories with child rows load them in batches)."""
        return [self.from_row(row) for row in rows]

    def search(self, partner_id: UUID, query: CatalogQuery, *, low_below: float = 0.8) -> Page:
        """One page of live objects matching ``query``, in its sort order."""
        select = search.page_select(self.table, partner_id, query, low_below=low_below)
        rows, cursor = search.next_cursor(
            self.table, list(self._conn.execute(select).mappings()), query
        )
        return Page(self.rows_to_objects(rows), cursor)

    def count_matching(self, partner_id: UUID, query: CatalogQuery, *, low_below: float) -> int:
        """How many live objects match (for the bulk-edit size check)."""
        return int(
            self._conn.execute(
                sa.select(sa.func.count())
                .select_from(self.table)
                .where(self.table.c.partner_id == partner_id, self._live(),
                       *search.filters(self.table, query, low_below=low_below))
            ).scalar_one()
        )  # fmt: skip

    def children_of(self, partner_id: UUID, column: str, parent_ids: Sequence[UUID]) -> list[T]:
        """Live objects whose ``column`` (release_id, work_id...) is one of ``parent_ids``,
        oldest first: one query for every parent of a GraphQL batch."""
        query = CatalogQuery(limit=10_000, sort="created_at")
        select = search.page_select(self.table, partner_id, query, low_below=0.0).where(
            self.table.c[column].in_(list(parent_ids))
        )
        return self.rows_to_objects(list(self._conn.execute(select).mappings()))

    def find_many(self, partner_id: UUID, ids: Sequence[UUID]) -> list[T]:
        """Live objects among ``ids`` (missing ones are simply absent), in no particular order.

        No ORDER BY (the planner would walk a sort index of the whole partition) and no
        timestamps (pg8000 parses each with strptime): a 10,000-id bulk edit reads in one pass.
        """
        if not ids:
            return []
        return self.find_matching(partner_id, CatalogQuery(ids=tuple(ids)), low_below=0.0)

    def find_matching(self, partner_id: UUID, query: CatalogQuery, *, low_below: float) -> list[T]:
        """Every live object matching ``query``'s filters, in no particular order: what a bulk
        edit by filter reads, in one pass without the sort and timestamps a page needs."""
        wanted = [
            c for c in self.table.c if c.name not in ("created_at", "updated_at", "deleted_at")
        ]
        rows = self._conn.execute(
            sa.select(*wanted).where(
                self.table.c.partner_id == partner_id,
                self._live(),
                *search.filters(self.table, query, low_below=low_below),
            )
        ).mappings()
        return self.rows_to_objects(list(rows))

    def breaks_rules(
        self, partner_id: UUID, query: CatalogQuery, edit: ColumnsEdit, *, low_below: float
    ) -> bool:
        """True when a matching row's new value would be refused (see ``edit_matching``)."""
        refused = [column_edits.breaks_rule(self.table, column) for column in edit.columns]
        where = self._matching(partner_id, query, low_below=low_below)
        return bool(
            self._conn.execute(sa.select(sa.exists().where(*where, sa.or_(*refused)))).scalar_one()
        )

    def edit_matching(
        self,
        partner_id: UUID,
        query: CatalogQuery,
        edit: ColumnsEdit,
        *,
        low_below: float,
        now: datetime,
    ) -> int:
        """Apply a set-based edit to every live object matching ``query`` in one statement:
        changed rows get the new values, the person's provenance for each changed field and one
        audit event each; unchanged rows are left alone. Returns how many rows changed."""
        where = self._matching(partner_id, query, low_below=low_below)
        statement = column_edits.edit_statement(
            self.table, where, edit, partner_id=partner_id, now=now
        )
        rows = self._conn.execute(statement).all()
        for row in rows:
            self._touch_row(partner_id, row)
        return len(rows)

    def _touch_row(self, partner_id: UUID, row: sa.Row[Any]) -> None:
        """Record a row a set-based edit changed (its id first)."""
        self._touch_id(partner_id, row[0])

    def _matching(
        self, partner_id: UUID, query: CatalogQuery, *, low_below: float
    ) -> list[sa.ColumnElement[bool]]:
        return [
            self.table.c.partner_id == partner_id,
            self._live(),
            *search.filters(self.table, query, low_below=low_below),
        ]

    def versions(self, partner_id: UUID, ids: Sequence[UUID]) -> dict[UUID, int]:
        """Current versions of live objects."""
        rows = self._conn.execute(
            sa.select(self.table.c.id, self.table.c.version).where(
                self.table.c.partner_id == partner_id, self._live(),
                *search.filters(self.table, CatalogQuery(ids=tuple(ids)), low_below=0.0),
            )
        )  # fmt: skip
        return {row.id: row.version for row in rows}

    def owner_of(self, obj_id: UUID) -> UUID | None:
        """The partner of a live object (admins act across partners)."""
        found = self._conn.execute(
            sa.select(self.table.c.partner_id).where(self.table.c.id == obj_id, self._live())
        ).scalar()
        return None if found is None else UUID(str(found))

    def deleted(self, partner_id: UUID, *, limit: int = 200) -> list[tuple[UUID, datetime]]:
        """Soft-deleted objects of a partner (id, deleted at), newest first."""
        rows = self._conn.execute(
            sa.select(self.table.c.id, self.table.c.deleted_at)
            .where(self.table.c.partner_id == partner_id, self.table.c.deleted_at.is_not(None))
            .order_by(self.table.c.deleted_at.desc())
            .limit(limit)
        )
        return [(row.id, row.deleted_at) for row in rows]

    def save_many(
        self, objs: Sequence[T], *, now: datetime, columns: Collection[str] | None = None
    ) -> int:
        """Write ``columns`` (default all) of many objects of one partner in one statement."""
        if not objs:
            return 0
        rows = [self.to_row(obj) for obj in objs]
        names = [n for n in rows[0] if n not in ("partner_id", "id")
                 and (columns is None or n in columns)]  # fmt: skip
        records = [{"id": str(r["id"]), **{n: _json_ready(r[n]) for n in names}} for r in rows]
        count = self._update_from_records(rows[0]["partner_id"], records, names, now=now)
        for obj in objs:
            self._touch(obj)
        return count

    def save_changes(
        self, pairs: Sequence[tuple[T, T]], *, now: datetime, columns: Collection[str]
    ) -> int:
        """Write ``columns`` of many (old, new) objects of one partner in one statement, and
        merge into each row's provenance only the entries that differ from the old object's.

        What a bulk edit writes: serialising every provenance entry of 10,000 tracks cost more
        than the UPDATE itself. An entry the new object no longer has is sent as null and
        stripped (an undo that gives an empty field back leaves it unsourced).
        """
        if not pairs:
            return 0
        names = [n for n in columns if n not in ("partner_id", "id", "provenance")]
        records = []
        for old, new in pairs:
            before, after = old.provenance, new.provenance  # type: ignore[attr-defined]
            row = self.to_row(dataclasses.replace(new, provenance={}))  # type: ignore[type-var]
            records.append(
                {
                    "id": str(row["id"]),
                    **{n: _json_ready(row[n]) for n in names},
                    "provenance": {
                        **{k: None for k in before if k not in after},
                        **{k: v.to_json() for k, v in after.items() if before.get(k) != v},
                    },
                }
            )
        partner_id = self.to_row(pairs[0][1])["partner_id"]
        count = self._update_from_records(
            partner_id, records, [*names, "provenance"], now=now, merged=("provenance",)
        )
        for _, new in pairs:
            self._touch(new)
        return count

    def _update_from_records(
        self,
        partner_id: UUID,
        records: list[dict[str, Any]],
        names: Sequence[str],
        *,
        now: datetime,
        merged: Collection[str] = (),
    ) -> int:
        dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
        spec = ", ".join(f'"{n}" {self.table.c[n].type.compile(dialect=dialect)}'
                         for n in ["id", *names])  # fmt: skip
        sets = "".join(
            f'"{n}" = jsonb_strip_nulls(coalesce(t."{n}", \'{{}}\') || v."{n}"), '
            if n in merged
            else f'"{n}" = v."{n}", '
            for n in names
        )
        statement = sa.text(
            f"UPDATE {self.table.name} AS t SET {sets}updated_at = :now, version = t.version + 1 "
            f"FROM jsonb_to_recordset(CAST(:records AS jsonb)) AS v({spec}) "
            "WHERE t.partner_id = :partner AND t.id = v.id AND t.deleted_at IS NULL "
            "AND t.id = ANY(CAST(:ids AS uuid[]))"  # lets the planner use the primary key
        )
        result = self._conn.execute(
            statement,
            {
                "records": json.dumps(records),
                "now": now,
                "partner": partner_id,
                "ids": [r["id"] for r in records],
            },
        )
        return int(result.rowcount)


def as_tuple(values: Sequence[Any] | None) -> tuple[Any, ...]:
    """An array column as a tuple (pg8000 gives lists)."""
    return tuple(values or ())
