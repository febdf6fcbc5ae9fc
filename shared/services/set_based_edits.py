"""Which bulk edits the database can apply in one statement, and how (issue 19).

An edit qualifies when it only sets plain columns (text, numbers, flags stored as themselves) to
one value and replaces non-empty texts inside text fields: every row's outcome then follows from
its own column values, as ``ColumnsEdit`` describes. Anything else (contributors, identifiers,
tempo, accepted estimates) keeps the per-object path, and so does a value the field refuses, so
that path's messages name every row at fault exactly as before.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from shared.domain.audit import Actor, RetentionClass
from shared.domain.column_edits import ColumnEdit, ColumnsEdit
from shared.domain.provenance import Provenance, Source
from shared.errors import InvalidField
from shared.services.catalog_fields import Kind, Lookup, is_plain, text_rule

if TYPE_CHECKING:
    from shared.services.catalog import BulkEdit

DETAIL = "bulk edit"


def columns_edit(
    kind: Kind,
    edit: BulkEdit,
    lookup: Lookup,
    *,
    change_id: UUID,
    actor: Actor,
    now: datetime,
) -> ColumnsEdit | None:
    """The set-based form of ``edit``, or None when it needs the per-object path."""
    if edit.scale_bpm or edit.accept_estimates or any(not r.find for r in edit.find_replace):
        return None  # Python finds "" in every text; SQL's replace() would not
    constants = _constants_after_replacing(edit)
    columns = [_constant(kind, name, value, lookup) for name, value in constants.items()]
    replacements: dict[str, list[tuple[str, str]]] = {}
    for rule in edit.find_replace:
        if rule.field not in constants:
            replacements.setdefault(rule.field, []).append((rule.find, rule.replace))
    columns += [_replacing(kind, name, tuple(pairs)) for name, pairs in replacements.items()]
    if not columns or None in columns:
        return None
    return ColumnsEdit(
        columns=tuple(c for c in columns if c is not None),
        provenance=Provenance(Source.HUMAN, now, actor.id, detail=DETAIL).to_json(),
        change_set_id=change_id,
        actor=actor,
        action=f"{kind.name}.update",
        entity_type=kind.name,
        retention_class=RetentionClass.DDEX,
        detail={"note": DETAIL},
    )


def _constants_after_replacing(edit: BulkEdit) -> dict[str, Any]:
    """The values ``set`` gives, with the replacements of their own fields applied, as the
    per-object path applies them to the row before parsing it."""
    constants = dict(edit.set)
    for rule in edit.find_replace:
        current = constants.get(rule.field)
        if rule.field in constants and isinstance(current, str) and rule.find in current:
            constants[rule.field] = current.replace(rule.find, rule.replace)
    return constants


def _constant(kind: Kind, name: str, value: Any, lookup: Lookup) -> ColumnEdit | None:
    spec = kind.fields.get(name)
    if spec is None or not is_plain(spec):
        return None
    try:
        parsed = spec.parse(value, lookup, name)
    except InvalidField:
        return None
    if parsed is not None and (isinstance(parsed, float) or not isinstance(parsed, str | int)):
        return None  # a float's JSON differs between Python and numeric columns
    return ColumnEdit(name, parsed)


def _replacing(kind: Kind, name: str, pairs: tuple[tuple[str, str], ...]) -> ColumnEdit | None:
    spec = kind.fields.get(name)
    rule = None if spec is None else text_rule(spec)
    if spec is None or rule is None or not spec.text or not is_plain(spec):
        return None
    return ColumnEdit(name, replacements=pairs, rule=rule)
