"""Validate one flat track row into the staging shape the set-based upsert reads.

Every problem names its row and field (``row 14, isrc: 'USRC1' has 5 characters, an ISRC has
12``). Values are taken as written: a title "=" or a band "+44" is imported as is; only the
apostrophe the CSV export adds in front of such values (formula-injection protection) is removed.
Text follows the rule of ``shared.domain.text``: a NUL or a lone surrogate makes the row invalid;
a control character, a tab or carriage return at either end, a bidi override or decomposed
Unicode is changed, and each change is a "changed" line of the report showing the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.batch.fields import BY_NAME, Cell
from shared.batch.safety import unescape_cell
from shared.batch.sources import UnreadableNumber
from shared.domain.text import normalise_text, unstorable
from shared.errors import InvalidField

STAGING_COLUMNS = (
    "row_no",
    "release_key",
    "track_id",
    "isrc",
    "title",
    "version_title",
    "display_artist",
    "duration_ms",
    "genre",
    "sub_genre",
    "explicit",
    "language",
    "track_number",
    "disc_number",
    "p_line_year",
    "p_line_text",
    "iswc",
    "bpm",
    "musical_key",
    "release_id",
    "upc",
    "release_title",
    "release_version",
    "release_artist",
    "label",
    "release_date",
    "original_release_date",
    "release_type",
    "catalog_number",
    "c_line_year",
    "c_line_text",
    "release_genre",
    "parental_advisory",
    "vocals",
    "vocal_gender",
    "preview_start_s",
)
_RELEASE_FIELDS = tuple(name for name, spec in BY_NAME.items() if spec.level == "release")
_KEYLESS_RELEASE = (
    "release_version",
    "release_artist",
    "label",
    "release_date",
    "original_release_date",
    "release_type",
    "catalog_number",
    "c_line",
    "release_genre",
    "parental_advisory",
)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One line of the import report."""

    row: int
    field: str
    problem: str

    def render(self) -> str:
        """``row 14, isrc: problem``."""
        return (
            f"row {self.row}, {self.field}: {self.problem}"
            if self.field
            else f"row {self.row}: {self.problem}"
        )


def _as_text(value: Cell) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text[:1] == "'":
            text = unescape_cell(text).strip()
        return text or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _as_text(str(value))


_ORIGINAL_SHOWN = 200  # characters of the original value a "changed" line repeats


def _cell_text(
    row_no: int, name: str, cell: str, changes: list[RowProblem] | None
) -> str | RowProblem:
    """The text a cell stands for, or the problem that makes its row invalid."""
    problem = unstorable(cell)
    if problem is not None:
        return RowProblem(row_no, name, problem)
    text = cell.strip(" ")
    if text[:1] == "'":  # the export's formula-injection escape
        text = unescape_cell(text)
    text, changed = normalise_text(text)
    if changed and changes is not None:
        original = cell if len(cell) <= _ORIGINAL_SHOWN else cell[:_ORIGINAL_SHOWN] + "..."
        said = "; ".join(c.message for c in changed)
        changes.append(RowProblem(row_no, name, f"{said}; the file has {original!r}"))
    return text


_CACHED_FIELDS = frozenset(
    {
        *_RELEASE_FIELDS,
        "genre",
        "sub_genre",
        "explicit",
        "language",
        "track_number",
        "disc_number",
        "p_line",
        "key",
        "display_artist",
        "duration",  # a few hundred distinct lengths in a catalog: parsed once each
    }
)
_CACHE_LIMIT = 50_000  # entries; cleared when full, so memory stays flat
_MISSING = object()


class RowParser:
    """Parses rows; values that repeat from row to row (release columns) are parsed once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Any] = {}

    def parse(
        self,
        row_no: int,
        cells: Mapping[str, Cell],
        changes: list[RowProblem] | None = None,
    ) -> tuple[tuple[Any, ...] | None, list[RowProblem]]:
        """The staging tuple for a row of ``field -> cell``, or None and what is wrong; what the
        text rule changed is appended to ``changes``."""
        values: dict[str, Any] = {}
        problems: list[RowProblem] = []
        cache = self._cache
        for name, cell in cells.items():
            if type(cell) is str and cell.isascii() and cell.isprintable():
                text = cell.strip()  # the common case, inlined: nothing to refuse or change
                if not text:
                    continue
                if text[0] == "'":
                    text = unescape_cell(text).strip()
            elif type(cell) is str:
                found = _cell_text(row_no, name, cell, changes)
                if isinstance(found, RowProblem):
                    problems.append(found)
                    continue
                text = found
                if not text:
                    continue
            elif isinstance(cell, UnreadableNumber):
                problems.append(RowProblem(row_no, name, cell.reason))
                continue
            else:
                as_text = _as_text(cell)
                if as_text is None:
                    continue
                text = as_text
            cacheable = name in _CACHED_FIELDS
            if cacheable:
                hit = cache.get((name, text), _MISSING)
                if hit is not _MISSING:
                    values[name] = hit
                    continue
            try:
                parsed = BY_NAME[name].parse(text, name)
            except InvalidField as exc:
                problems.append(RowProblem(row_no, name, exc.reason))
                continue
            if cacheable:
                if len(self._cache) >= _CACHE_LIMIT:
                    self._cache.clear()
                self._cache[(name, text)] = parsed
            values[name] = parsed
        return _finish(row_no, values, problems)


def _finish(
    row_no: int, values: dict[str, Any], problems: list[RowProblem]
) -> tuple[tuple[Any, ...] | None, list[RowProblem]]:
    if (
        "title" not in values
        and "isrc" not in values
        and "track_id" not in values
        and not any(p.field in ("title", "isrc", "track_id") for p in problems)
    ):
        problems.append(
            RowProblem(
                row_no,
                "title",
                "a track needs a title (or an ISRC or track_id naming one already in the catalog)",
            )
        )
    key = release_key(values)
    if key is None and any(k in values for k in _KEYLESS_RELEASE):
        problems.append(
            RowProblem(
                row_no,
                "release_title",
                "release columns are filled but "
                "nothing says which release (give release_title, upc or "
                "release_id)",
            )
        )
    if problems:
        return None, problems
    return staging_tuple(row_no, key, values), []


def parse_row(
    row_no: int, cells: Mapping[str, Cell], changes: list[RowProblem] | None = None
) -> tuple[tuple[Any, ...] | None, list[RowProblem]]:
    """The staging tuple for one row (no cache: previews and validation)."""
    return RowParser().parse(row_no, cells, changes)


def release_key(values: Mapping[str, Any]) -> str | None:
    """Which release a row belongs to: its id, else its UPC, else its title and artist."""
    if values.get("release_id"):
        return f"id:{values['release_id']}"
    if values.get("upc"):
        return f"upc:{values['upc']}"
    if values.get("release_title"):
        artist = values.get("release_artist") or values.get("display_artist") or ""
        return f"title:{values['release_title'].lower()}\x1f{artist.lower()}"
    return None


def staging_tuple(row_no: int, key: str | None, v: Mapping[str, Any]) -> tuple[Any, ...]:
    """Values in STAGING_COLUMNS order."""
    p_line = v.get("p_line") or (None, None)
    c_line = v.get("c_line") or (None, None)
    return (
        row_no,
        key,
        v.get("track_id"),
        v.get("isrc"),
        v.get("title"),
        v.get("version_title"),
        v.get("display_artist"),
        v.get("duration"),
        v.get("genre"),
        v.get("sub_genre"),
        v.get("explicit"),
        v.get("language"),
        v.get("track_number"),
        v.get("disc_number"),
        p_line[0],
        p_line[1],
        v.get("iswc"),
        v.get("bpm"),
        v.get("key"),
        v.get("release_id"),
        v.get("upc"),
        v.get("release_title"),
        v.get("release_version"),
        v.get("release_artist") or (v.get("display_artist") if v.get("release_title") else None),
        v.get("label"),
        _iso(v.get("release_date")),
        _iso(v.get("original_release_date")),
        v.get("release_type"),
        v.get("catalog_number"),
        c_line[0],
        c_line[1],
        v.get("release_genre"),
        v.get("parental_advisory"),
        v.get("vocals"),
        v.get("vocal_gender"),
        v.get("preview_start_s"),
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
