"""A bulk edit the database can apply to every selected row in one statement (issue 19).

The per-object path turns each of 10,000 tracks into a domain object, edits it and writes it
back; an edit that only sets plain columns to one value, or replaces text inside them, needs none
of that. ``ColumnsEdit`` describes such an edit for a repository: the new value of each column, the
provenance every changed field gets and the audit event each changed row gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor, RetentionClass

# What Python's str.strip() removes (str.isspace), so SQL's btrim() strips a replaced text exactly
# as the field's parse does; tests/unit/test_column_edits.py checks it against every code point.
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


@dataclass(frozen=True, slots=True)
class TextRule:
    """What a text field accepts: at most ``max_length`` characters; empty means null, or is
    refused when ``required``."""

    max_length: int
    required: bool


@dataclass(frozen=True, slots=True)
class ColumnEdit:
    """One column's new value: ``value`` for every row, or the row's own text with each
    ``(find, replace)`` applied in order (then stripped and checked by ``rule``)."""

    column: str
    value: str | int | bool | None = None
    replacements: tuple[tuple[str, str], ...] = ()
    rule: TextRule | None = None

    @property
    def is_constant(self) -> bool:
        """True when every row gets ``value``."""
        return not self.replacements


@dataclass(frozen=True, slots=True)
class ColumnsEdit:
    """A set-based edit: its columns in the order the audit lists them, and what a changed row
    records (provenance of each changed field, one audit event per changed row)."""

    columns: tuple[ColumnEdit, ...]
    provenance: dict[str, Any]  # Provenance.to_json() of the person's edit
    change_set_id: UUID
    actor: Actor
    action: str  # "track.update"
    entity_type: str
    retention_class: RetentionClass
    detail: dict[str, Any]
