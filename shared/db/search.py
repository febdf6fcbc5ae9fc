"""Catalog list queries: filters, fuzzy search (pg_trgm), keyset pagination on (sort, id)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUuid

from shared.db.tables import release_validations, releases
from shared.domain.identifiers import compact
from shared.domain.search import CatalogQuery, Cursor
from shared.errors import InvalidField

_TEXT_COLUMNS = {"tracks": ("title", "display_artist"), "releases": ("title", "display_artist"),
                 "works": ("title",), "parties": ("name",), "deals": ()}  # fmt: skip
_IDENTIFIER_CHECKS = {
    "isrc": lambda c: c.op("~", is_comparison=True)("^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$"),
    "upc": lambda c: sa.func.catalog_gtin_valid(c, type_=sa.Boolean),
    "iswc": lambda c: sa.func.catalog_iswc_valid(c, type_=sa.Boolean),
    "isni": lambda c: c.op("~", is_comparison=True)("^[0-9]{15}[0-9X]$"),
    "ipi_name_number": lambda c: c.op("~", is_comparison=True)("^[0-9]{9,11}$"),
}
_COLUMN_OF = {"key": "musical_key"}
_SORT_VALUE = "_sort_value"  # the ORDER BY value each page row carries, for its cursor
# the search box also finds a code typed the way people write it: "US-RC1-76-07839", "usrc17607839"
_CODE_COLUMNS = {"tracks": "isrc", "releases": "upc", "works": "iswc"}
_SENTINELS: dict[type, Any] = {str: "", Decimal: Decimal(-1), int: -1, date: date(1, 1, 1)}


def _column(table: sa.Table, name: str) -> sa.ColumnElement[Any]:
    return table.c[_COLUMN_OF.get(name, name)]


def _release_title(table: sa.Table) -> sa.ColumnElement[Any]:
    """A track's release title ('' without one): the track grid's release column sorts by it."""
    title = (
        sa.select(releases.c.title)
        .where(releases.c.partner_id == table.c.partner_id, releases.c.id == table.c.release_id)
        .scalar_subquery()
    )
    return sa.func.coalesce(title, "")


def _sort_expression(table: sa.Table, name: str) -> sa.ColumnElement[Any]:
    if name == "release":
        return _release_title(table)
    column = _column(table, name)
    if column.nullable:
        sentinel = _SENTINELS.get(column.type.python_type)
        return sa.func.coalesce(column, sentinel)
    return column


def _text_match(table: sa.Table, text: str) -> sa.ColumnElement[bool]:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    matches: list[sa.ColumnElement[bool]] = []
    for name in _TEXT_COLUMNS[table.name]:
        column = table.c[name]
        matches += [column.ilike(pattern), column.op("%%")(text)]  # trigram similarity
    code = _CODE_COLUMNS.get(table.name)
    if code is not None:  # codes are stored compact and upper case (Isrc.parse, Upc.parse)
        matches.append(table.c[code] == compact(text))
    return sa.or_(*matches) if matches else sa.true()


def _missing(table: sa.Table, name: str) -> sa.ColumnElement[bool]:
    column = _column(table, name)
    if isinstance(column.type, ARRAY):
        return sa.func.cardinality(column) == 0
    return column.is_(None)


def _low_confidence(table: sa.Table, below: float) -> sa.ColumnElement[bool]:
    entries = (
        sa.func.jsonb_each(table.c.provenance)
        .table_valued(sa.column("key", sa.Text), sa.column("value", JSONB))
        .alias("p")
    )
    return sa.exists(
        sa.select(1)
        .select_from(entries)
        .where(
            entries.c.value["source"].astext == "ai",
            entries.c.value["confidence"].astext.cast(sa.Float) < below,
        )
    )


def _validation(table: sa.Table, state: str) -> sa.ColumnElement[bool]:
    """Releases (or tracks of releases) whose last validation result is ``state``."""
    results = release_validations
    release_id = table.c.id if table.name == "releases" else table.c.release_id
    of_release = sa.and_(
        results.c.partner_id == table.c.partner_id, results.c.release_id == release_id
    )
    if state == "unchecked":
        checked = sa.exists(sa.select(1).where(of_release))
        return sa.and_(release_id.is_not(None), sa.not_(checked))
    return sa.exists(sa.select(1).where(of_release, results.c.valid.is_(state == "valid")))


def _territory_filter(table: sa.Table, territories: frozenset[str]) -> sa.ColumnElement[bool]:
    wanted = sa.literal(sorted(territories), ARRAY(sa.Text))
    return sa.and_(
        sa.or_(
            table.c.territories.op("&&", is_comparison=True)(wanted),
            sa.literal("Worldwide") == sa.any_(table.c.territories),
        ),
        sa.not_(table.c.excluded_territories.op("@>", is_comparison=True)(wanted)),
    )


def _refuse_filters_the_kind_lacks(table: sa.Table, query: CatalogQuery) -> None:
    wanted = {"isrc": query.isrc, "upc": query.upc, "iswc": query.iswc, "genre": query.genre,
              "status": query.status, "release_id": query.release_id, "work_id": query.work_id,
              "bpm_min": query.bpm_min, "bpm_max": query.bpm_max, "key": query.key,
              "vocals": query.vocals, "vocal_gender": query.vocal_gender}  # fmt: skip
    columns = {"bpm_min": "bpm", "bpm_max": "bpm", "key": "musical_key"}
    for name, value in wanted.items():
        if value is not None and columns.get(name, name) not in table.c:
            raise InvalidField(name, f"{table.name} cannot be filtered by {name}")
    if query.validation and table.name not in ("tracks", "releases"):
        raise InvalidField("validation", f"{table.name} are not validated; releases are")
    if query.low_confidence and "provenance" not in table.c:
        raise InvalidField("low_confidence", f"{table.name} have no AI values")


def filters(table: sa.Table, query: CatalogQuery, *, low_below: float) -> list[Any]:
    """WHERE conditions for ``query`` on ``table`` (partner and liveness are the caller's)."""
    conditions: list[Any] = []
    _refuse_filters_the_kind_lacks(table, query)
    if query.text:
        conditions.append(_text_match(table, query.text))
    for name in ("isrc", "upc", "iswc", "genre", "status", "release_id", "work_id", "vocals",
                 "vocal_gender"):  # fmt: skip
        value = getattr(query, name)
        if value is not None and name in table.c:
            column = table.c[name]
            conditions.append(sa.func.lower(column) == value.lower() if name == "genre"
                              else column == value)  # fmt: skip
    if query.key is not None:
        conditions.append(table.c.musical_key == query.key)
    if query.bpm_min is not None:
        conditions.append(table.c.bpm >= query.bpm_min)
    if query.bpm_max is not None:
        conditions.append(table.c.bpm <= query.bpm_max)
    conditions += [_missing(table, name) for name in query.missing]
    for name in query.invalid:
        checked = _column(table, name)
        valid = _IDENTIFIER_CHECKS[name](checked)  # type: ignore[no-untyped-call]
        conditions.append(sa.and_(checked.is_not(None), sa.not_(valid)))
    if query.low_confidence:
        conditions.append(_low_confidence(table, low_below))
    if query.validation:
        conditions.append(_validation(table, query.validation))
    if query.territories and "excluded_territories" in table.c:
        conditions.append(_territory_filter(table, query.territories))
    if query.ids:
        conditions.append(table.c.id == sa.any_(sa.literal(list(query.ids), ARRAY(PgUuid()))))
    return conditions


def page_select(
    table: sa.Table, partner_id: UUID, query: CatalogQuery, *, low_below: float
) -> sa.Select[Any]:
    """The SELECT of one page (limit + 1 rows, so the caller knows if there is a next)."""
    order = _sort_expression(table, query.sort)
    select = sa.select(table, order.label(_SORT_VALUE)).where(
        table.c.partner_id == partner_id,
        table.c.deleted_at.is_(None),
        *filters(table, query, low_below=low_below),
    )
    if query.after is not None:
        key = sa.tuple_(order, table.c.id)
        bound = sa.tuple_(sa.literal(query.after.value, order.type), sa.literal(query.after.id))
        select = select.where(key < bound if query.descending else key > bound)
    if query.descending:
        return select.order_by(order.desc(), table.c.id.desc()).limit(query.limit + 1)
    return select.order_by(order, table.c.id).limit(query.limit + 1)


def sort_value(table: sa.Table, row: sa.RowMapping, sort: str) -> Any:
    """The value a cursor keeps for ``row`` (with the same NULL sentinel as the ORDER BY)."""
    if _SORT_VALUE in row:
        return row[_SORT_VALUE]
    value = row[_COLUMN_OF.get(sort, sort)]
    column = _column(table, sort)
    if value is None and column.nullable:
        return _SENTINELS.get(column.type.python_type)
    return value


def cursor_value(table: sa.Table, sort: str, raw: Any) -> Any:
    """Decode a cursor's JSON value into the sort column's Python type."""
    kind = str if sort == "release" else _column(table, sort).type.python_type
    try:
        if kind is datetime:
            return datetime.fromisoformat(str(raw))
        if kind is date:
            return date.fromisoformat(str(raw))
        if kind is Decimal:
            return Decimal(str(raw))
        if kind is int:
            return int(raw)
        return str(raw)
    except (ValueError, ArithmeticError):
        raise InvalidField("after", "the cursor is not one this list gave out") from None


def next_cursor(
    table: sa.Table, rows: list[sa.RowMapping], query: CatalogQuery
) -> tuple[list[sa.RowMapping], Cursor | None]:
    """The page's rows and the cursor after the last, when more rows exist."""
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[: query.limit]
    last = rows[-1]
    return rows, Cursor(sort_value(table, last, query.sort), last["id"])
