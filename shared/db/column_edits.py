"""SQL for a set-based bulk edit (``ColumnsEdit``): one statement selects the rows, updates the
changed ones with their provenance, and writes each one's audit event from the old and new
values the UPDATE returns (issue 19).

The new value of a replaced text is what the field's parse makes of Python's ``str.replace``:
SQL's ``replace`` is the same for a non-empty search text, ``strpos`` is Python's ``in``, and
``btrim`` with Python's whitespace is ``str.strip()``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB

from shared.db.tables import audit_events
from shared.domain.column_edits import PYTHON_WHITESPACE, ColumnEdit, ColumnsEdit
from shared.domain.provenance import ROW_STAMP

_AUDIT_COLUMNS = (
    "id", "occurred_at", "retention_class", "partner_id", "actor_type", "actor_id", "client_id",
    "request_id", "action", "entity_type", "entity_id", "change_set_id", "changes", "detail",
)  # fmt: skip


def _replaced(column: sa.ColumnElement[str], edit: ColumnEdit) -> sa.ColumnElement[str]:
    value = column
    for find, replace in edit.replacements:
        value = sa.func.replace(value, find, replace)
    return value


def _matched(column: sa.ColumnElement[str], edit: ColumnEdit) -> sa.ColumnElement[bool]:
    """Python's ``rule.find in current``, each rule seeing the text the rules before it made."""
    value, found = column, []
    for find, replace in edit.replacements:
        found.append(sa.func.strpos(value, find) > 0)
        value = sa.func.replace(value, find, replace)
    return sa.or_(*found)


def _stripped(value: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    return sa.func.btrim(value, PYTHON_WHITESPACE)


def new_value(table: sa.Table, edit: ColumnEdit) -> sa.ColumnElement[object]:
    """The column's value after the edit."""
    column = table.c[edit.column]
    if edit.is_constant:
        constant = sa.null() if edit.value is None else sa.literal(edit.value)
        return sa.cast(constant, column.type)
    replaced = sa.func.nullif(_stripped(_replaced(column, edit)), "")
    return sa.case((_matched(column, edit), replaced), else_=column)


def breaks_rule(table: sa.Table, edit: ColumnEdit) -> sa.ColumnElement[bool]:
    """True for a row whose replaced text the field's parse would refuse."""
    if edit.is_constant or edit.rule is None:
        return sa.false()
    raw = _replaced(table.c[edit.column], edit)
    empty = _stripped(raw) == ""
    refused = sa.and_(~empty, sa.func.char_length(raw) > edit.rule.max_length)
    if edit.rule.required:
        refused = sa.or_(empty, refused)
    return sa.and_(_matched(table.c[edit.column], edit), refused)


def edit_statement(
    table: sa.Table,
    where: Sequence[sa.ColumnElement[bool]],
    edit: ColumnsEdit,
    *,
    partner_id: UUID,
    now: datetime,
) -> sa.Select[tuple[object, ...]]:
    """Select, update and audit in one statement; it returns the id (and the ISRC, for tracks)
    of every changed row."""
    keys = [table.c.id, *([table.c.isrc] if "isrc" in table.c else [])]
    selected = sa.select(
        *keys,
        *(table.c[e.column].label(f"old_{i}") for i, e in enumerate(edit.columns)),
        *(new_value(table, e).label(f"new_{i}") for i, e in enumerate(edit.columns)),
        *(_field_provenance(table, e.column).label(f"source_{i}")
          for i, e in enumerate(edit.columns)),
    ).where(*where).cte("selected")  # fmt: skip
    flags = [_differs(selected, i) for i in range(len(edit.columns))]
    updated = (
        sa.update(table)
        .values(
            {
                **{e.column: selected.c[f"new_{i}"] for i, e in enumerate(edit.columns)},
                "provenance": _merged_provenance(table, edit, flags),
                "updated_at": now,
                "version": table.c.version + 1,
            }
        )
        .where(table.c.partner_id == partner_id, table.c.id == selected.c.id, sa.or_(*flags))
        .returning(*selected.c)
        .cte("updated")
    )
    audited = (
        sa.insert(audit_events)
        .from_select(_AUDIT_COLUMNS, _audit_rows(updated, edit, partner_id=partner_id, now=now))
        .cte("audited")
    )
    return sa.select(*(updated.c[key.name] for key in keys)).add_cte(audited)


def _field_provenance(table: sa.Table, column: str) -> sa.ColumnElement[object]:
    """The field's full provenance entry: a bulk import's mark reads as the row's import stamp
    (as shared.domain.provenance.stored_entries reads it), so an undo gives that back whole."""
    entry = table.c.provenance.op("->")(column)
    return sa.case(
        (entry.op("->>")("at").is_(None) & entry.is_not(None),
         table.c.provenance.op("->")(ROW_STAMP)),
        else_=entry,
    )  # fmt: skip


def _differs(rows: sa.CTE, i: int) -> sa.ColumnElement[bool]:
    return rows.c[f"old_{i}"].is_distinct_from(rows.c[f"new_{i}"])


def _merged_provenance(
    table: sa.Table, edit: ColumnsEdit, flags: list[sa.ColumnElement[bool]]
) -> sa.ColumnElement[object]:
    """The row's provenance with the person's entry for each field that changed."""
    entry = sa.cast(sa.literal(json.dumps(edit.provenance)), JSONB)
    empty = sa.cast(sa.literal("{}"), JSONB)
    merged: sa.ColumnElement[object] = sa.func.coalesce(table.c.provenance, empty)
    for column, changed in zip(edit.columns, flags, strict=True):
        added = sa.case((changed, sa.func.jsonb_build_object(column.column, entry)), else_=empty)
        merged = merged.op("||")(added)
    return merged


def _audit_rows(
    updated: sa.CTE, edit: ColumnsEdit, *, partner_id: UUID, now: datetime
) -> sa.Select[tuple[object, ...]]:
    """One audit event per changed row, listing only the fields that changed, in edit order."""
    entries = [
        sa.case(
            (
                _differs(updated, i),
                sa.func.jsonb_build_object(
                    "field",
                    sa.literal(column.column),
                    "before",
                    sa.func.to_jsonb(updated.c[f"old_{i}"]),
                    "after",
                    sa.func.to_jsonb(updated.c[f"new_{i}"]),
                    "before_provenance",  # what an undo gives back (null: no source)
                    updated.c[f"source_{i}"],
                ),
            )
        )  # fmt: skip
        for i, column in enumerate(edit.columns)
    ]
    changes = sa.func.to_jsonb(
        sa.func.array_remove(postgresql.array(entries), sa.cast(sa.null(), JSONB))
    )
    actor = edit.actor
    return sa.select(
        sa.func.gen_random_uuid(), sa.literal(now), sa.literal(edit.retention_class.value),
        sa.literal(partner_id), sa.literal(actor.type.value), sa.literal(actor.id, sa.Text),
        sa.literal(actor.client_id, sa.Text), sa.literal(actor.request_id, sa.Text),
        sa.literal(edit.action), sa.literal(edit.entity_type), updated.c.id,
        sa.literal(edit.change_set_id), changes,
        sa.cast(sa.literal(json.dumps(edit.detail)), JSONB),
    )  # fmt: skip
