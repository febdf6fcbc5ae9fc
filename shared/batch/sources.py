"""Read import files as streams of rows: CSV (any common encoding and delimiter), JSON arrays,
JSON lines. Memory stays flat whatever the file size: rows are read one at a time, fields and
lines have size limits, and nothing is sized by what the file claims.

Problems that stop the file (broken CSV quoting, invalid JSON, JSON nested too deep or with
duplicate keys, undecodable bytes, too many columns) raise FileProblem naming the row or line.
Problems of one row (too few or too many cells, a nested value, a number too long to read) are
yielded as that row's ``__problem__`` (and its ``__field__`` when one field is to blame).

JSON is read with the standard library's decoder, one array item at a time: it keeps lone
surrogates as they are (so they are refused by name, not stored as ``?``), and reads numbers of
any size as text first, so a 5,000-digit number is a row problem naming its field instead of an
overflow (ijson's C parser, used before, did both wrongly).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any, BinaryIO

from shared.batch.fields import Cell
from shared.domain.text import unstorable
from shared.errors import InvalidInput

SNIFF_BYTES = 64 * 1024
MAX_FIELD_CHARS = 128 * 1024  # one CSV cell; an unclosed quote runs into this, not into memory
MAX_LINE_BYTES = 1024 * 1024  # one JSON line, one JSON array item
MAX_JSON_DEPTH = 16  # a flat row needs 2; deeper is refused
MAX_COLUMNS = 500  # the flat row has 33 fields; a sheet of thousands of columns is not one
MAX_NUMBER_CHARS = 50  # a JSON number token; longer is a row problem, never an int conversion
DELIMITERS = (",", ";", "\t")
PROBLEM = "__problem__"  # a row's problem, in place of its cells
PROBLEM_FIELD = "__field__"  # the field (column or key) the problem is about, when there is one
_JSON_CHUNK = 256 * 1024


class FileProblem(InvalidInput):
    """The file cannot be read past a point; ``where`` is 'row 7' or 'line 3'.

    ``kind`` says how bad: "invalid" (the file breaks a rule, e.g. broken quoting or a duplicate
    key), "unreadable" (not decodable or not JSON at all) or "unsafe" (nested too deep).
    """

    def __init__(self, where: str, message: str, kind: str = "invalid") -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.reason = message
        self.kind = kind


class FileFormat(StrEnum):
    """What an import file is."""

    CSV = "csv"
    JSON = "json"  # an array of objects
    JSONL = "jsonl"  # one object per line
    DDEX = "ddex"  # an ERN message
    CWR = "cwr"  # a CWR file (acknowledgements update registrations)
    ZIP = "zip"  # DDEX messages in a zip (what the DDEX export writes)


def sniff_format(head: bytes, name: str = "", encoding: str | None = None) -> FileFormat:
    """The format from the first bytes (and the name when the bytes cannot tell).

    UTF-16 text (a byte-order mark, or ``encoding`` chosen by the user) is decoded first: a
    spreadsheet saved as "Unicode text" is a CSV, not XML, whatever its first byte looks like.
    """
    if head.startswith(b"PK\x03\x04"):
        return FileFormat.ZIP
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        encoding or ""
    ).lower().startswith("utf-16"):
        head = _utf16_as_utf8(head, encoding)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = name.lower()
    if stripped.startswith(b"<"):
        return FileFormat.DDEX
    if stripped.startswith(b"HDR") or lowered.endswith((".v21", ".v22", ".sub", ".isr")):
        return FileFormat.CWR
    if stripped.startswith(b"["):
        return FileFormat.JSON
    if stripped.startswith(b"{"):
        return FileFormat.JSONL
    return FileFormat.CSV


def _utf16_as_utf8(head: bytes, encoding: str | None) -> bytes:
    chosen = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else encoding
    decoder = codecs.getincrementaldecoder(chosen or "utf-16")(errors="replace")
    return decoder.decode(head[: len(head) // 2 * 2]).lstrip("\ufeff").encode("utf-8")


def detect_encoding(head: bytes) -> str:
    """utf-8-sig (BOM), utf-8, or latin-1 family (cp1252 when it decodes, else latin-1)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(header_line: str) -> str:
    """The delimiter the header uses most: comma, semicolon or tab."""
    counts = {d: _count_outside_quotes(header_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


class CountingReader(io.RawIOBase):
    """A binary stream that counts what was read (progress by bytes)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        return len(data)


@dataclass
class CsvSource:
    """Rows of a CSV file as {header: text}; row numbers as a spreadsheet shows them."""

    stream: IO[bytes]
    encoding: str
    delimiter: str | None = None

    def __post_init__(self) -> None:
        csv.field_size_limit(MAX_FIELD_CHARS)
        # undecodable bytes become surrogates, found row by row (decoding runs ahead of the
        # rows, so a strict decoder would blame the wrong row)
        self._text = io.TextIOWrapper(
            self.stream, encoding=self.encoding, errors="surrogateescape", newline=""
        )
        first = self._read_header_line()
        self.delimiter = self.delimiter or detect_delimiter(first)
        columns = _count_outside_quotes(first, self.delimiter) + 1
        if columns > MAX_COLUMNS:  # refused before the csv module splits 20,000 cells
            raise FileProblem(
                "row 1", f"the header has {columns:,} columns; an import has at most {MAX_COLUMNS}"
            )
        header = next(csv.reader([first], delimiter=self.delimiter, strict=True), [])
        self.headers = [h.strip() for h in header]
        if not any(self.headers):
            raise FileProblem(
                "row 1", "the header row is empty: the first row must name the columns"
            )
        for number, name in enumerate(self.headers, start=1):
            problem = unstorable(name)
            if problem:
                raise FileProblem("row 1", f"the name of column {number} {problem}")
        duplicates = sorted({h for h in self.headers if h and self.headers.count(h) > 1})
        if duplicates:
            raise FileProblem("row 1", f"the header names {listed(map(repr, duplicates))} twice")

    def _read_header_line(self) -> str:
        try:
            line = self._text.readline(MAX_FIELD_CHARS)
        except UnicodeDecodeError as exc:
            raise FileProblem("row 1", _decode_message(exc, self.encoding), "unreadable") from None
        if not line.strip():
            raise FileProblem("row 1", "the file is empty")
        if len(line) >= MAX_FIELD_CHARS and not line.endswith(("\n", "\r")):
            raise FileProblem(
                "row 1", f"the header is longer than {MAX_FIELD_CHARS:,} characters (128 KiB)"
            )
        _refuse_undecodable("row 1", line, self.encoding)
        return line

    def rows(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        """(row number, cells); raises FileProblem for broken quoting or undecodable bytes."""
        reader = csv.reader(self._text, delimiter=self.delimiter or ",", strict=True)
        row_no = 1
        width = len(self.headers)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblem(f"row {row_no + 1}", _csv_message(exc)) from None
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    f"row {row_no + 1}", _decode_message(exc, self.encoding), "unreadable"
                ) from None
            row_no += 1
            joined = "".join(cells)  # one C call serves both checks (a million rows: ~1 s less)
            if _SURROGATES.search(joined) is not None:
                _refuse_undecodable(f"row {row_no}", joined, self.encoding)
            if not joined.strip():  # every cell blank
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                yield row_no, {PROBLEM: f"has {len(cells):,} cells but the header has {width}"}
                continue
            if len(cells) < width:
                yield row_no, {PROBLEM: _missing_cells(len(cells), self.headers)}
                continue
            yield row_no, dict(zip(self.headers, cells, strict=False))


def _missing_cells(count: int, headers: list[str]) -> str:
    return (
        f"has {count} cell{'s' if count != 1 else ''} but the header has {len(headers)}: "
        f"nothing says which is missing, so the values would land under the wrong columns "
        f"(first missing: {headers[count]!r}); add the empty cells"
    )


def _csv_message(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"a cell is longer than {MAX_FIELD_CHARS:,} characters (128 KiB), the most one cell "
            "may hold (if no cell is that long, a quote opened in this row is never closed)"
        )
    return f"broken quoting ({exc}): a quote opened in this row is not closed properly"


def listed(items: Iterable[str], limit: int = 10) -> str:
    """``a, b, c`` with at most ``limit`` items named (``... and 19,990 more``)."""
    names = list(items)
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit:,} more"


_SURROGATES = re.compile("[\udc80-\udcff]")


def _refuse_undecodable(where: str, text: str, encoding: str) -> None:
    found = _SURROGATES.search(text)
    if found is not None:
        byte = bytes([ord(found.group(0)) - 0xDC00])
        raise FileProblem(
            where,
            f"byte {byte!r} is not valid {encoding}: save the file as UTF-8, "
            "or choose the file's encoding (e.g. latin-1) when importing",
            "unreadable",
        )


def _decode_message(exc: UnicodeDecodeError, encoding: str) -> str:
    return (
        f"byte {exc.object[exc.start : exc.start + 1]!r} is not valid {encoding}: save the file "
        "as UTF-8, or choose the file's encoding (e.g. latin-1) when importing"
    )


# ---------------------------------------------------------------- JSON


class UnreadableNumber(str):
    """A JSON number the import will not convert (too long, NaN, Infinity): its text and why.

    Kept in the row as the field's value, so the row's problem names the field it was given for
    (and a key the import ignores does not spoil the row)."""

    reason: str

    @classmethod
    def of(cls, text: str, reason: str) -> UnreadableNumber:
        """The marker for ``text``."""
        marker = cls(text[:20] + "..." if len(text) > 20 else text)
        marker.reason = reason
        return marker


def _int(text: str) -> int | UnreadableNumber:
    if len(text) > MAX_NUMBER_CHARS:  # int() of 4,300+ digits raises; long before, it is no value
        return UnreadableNumber.of(text, _too_long(text))
    return int(text)


def _float(text: str) -> float | UnreadableNumber:
    if len(text) > MAX_NUMBER_CHARS:
        return UnreadableNumber.of(text, _too_long(text))
    value = float(text)
    if not math.isfinite(value):
        return UnreadableNumber.of(text, f"{text} is too large a number")
    return value


def _constant(text: str) -> UnreadableNumber:
    return UnreadableNumber.of(text, f"{text} is not a number JSON allows")


def _too_long(text: str) -> str:
    return f"is a number of {len(text):,} characters; a number has at most {MAX_NUMBER_CHARS}"


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


_DECODER = json.JSONDecoder(
    object_pairs_hook=_no_duplicates, parse_int=_int, parse_float=_float, parse_constant=_constant
)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _as_row(where: str, item: Any) -> dict[str, Cell]:
    if not isinstance(item, dict):
        raise FileProblem(where, f"is a {type(item).__name__}, not an object of field: value")
    if _depth(item) > MAX_JSON_DEPTH:
        raise FileProblem(where, f"is nested deeper than {MAX_JSON_DEPTH} levels", "unsafe")
    nested = next((k for k, v in item.items() if isinstance(v, dict | list)), None)
    if nested is not None:
        return {
            PROBLEM: f"{nested!r} holds an object or list; "
            "a row's values are text, numbers or true/false",
            PROBLEM_FIELD: nested,
        }
    return item


def _decoded(where: str, text: str, start: int = 0) -> tuple[Any, int]:
    """One JSON value from ``text`` at ``start``; FileProblem for depth and duplicate keys."""
    try:
        return _DECODER.raw_decode(text, start)
    except RecursionError:
        raise FileProblem(
            where, f"is nested deeper than {MAX_JSON_DEPTH} levels", "unsafe"
        ) from None
    except _DuplicateKey as exc:
        raise FileProblem(where, f"the key {exc.key!r} appears twice in one object") from None


def json_lines(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Rows of a JSON-lines file; FileProblem names the line."""
    for line_no, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""), start=1):
        if len(raw) > MAX_LINE_BYTES:
            raise FileProblem(
                f"line {line_no}", "is longer than 1 MB; one object per line is expected"
            )
        try:
            text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8", errors="strict").strip()
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"line {line_no}", _decode_message(exc, "UTF-8"), "unreadable"
            ) from None
        if not text:
            continue
        where = f"line {line_no}"
        try:
            item, end = _decoded(where, text)
        except json.JSONDecodeError as exc:
            raise FileProblem(
                where,
                f"is not JSON (column {exc.colno}: {exc.msg}); a JSON import "
                "is an array of objects or one object per line",
                "unreadable",
            ) from None
        if end != len(text):
            raise FileProblem(
                where, f"holds more than one JSON value (column {end + 1}): one object per line"
            )
        yield line_no, _as_row(where, item)


def json_array(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Rows of a JSON array, read one item at a time; FileProblem names the item."""
    return _ArrayItems(stream).rows()


_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _ArrayItems:
    """The items of a top-level JSON array, decoded one by one from a growing text buffer.

    Memory stays flat: the buffer holds the item being read (at most ``MAX_LINE_BYTES``) and one
    chunk of the file beyond it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._pos = 0
        self._eof = False
        self.count = 0

    def rows(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        if self._next_char() != "[":
            raise FileProblem("item 1", "the file is not a JSON array of objects")
        self._pos += 1
        if self._next_char() == "]":
            self._pos += 1
            self._refuse_trailing()
            return
        while True:
            where = f"item {self.count + 1}"
            item = self._item(where)
            self.count += 1
            yield self.count, _as_row(where, item)
            after = self._next_char()
            self._pos += 1
            if after == "]":
                self._refuse_trailing()
                return
            if after != ",":
                raise FileProblem(
                    f"item {self.count + 1}",
                    "is not valid JSON (expected ',' or ']' after the item before it)",
                    "unreadable",
                )

    def _item(self, where: str) -> Any:
        self._next_char()
        while True:
            try:
                value, end = _decoded(where, self._text, self._pos)
            except json.JSONDecodeError as exc:
                if self._maybe_incomplete(exc) and self._more():
                    continue
                raise FileProblem(where, f"is not valid JSON ({exc.msg})", "unreadable") from None
            if end >= len(self._text) and self._more():  # a number may go on in the next chunk
                continue
            self._pos = end
            return value

    def _maybe_incomplete(self, exc: json.JSONDecodeError) -> bool:
        """True when the error may only mean the item goes on past the text read so far: it is
        near the end of the buffer (a cut literal, number or escape), or a string is open."""
        if len(self._text) - self._pos > MAX_LINE_BYTES:
            raise FileProblem(
                f"item {self.count + 1}",
                "is longer than 1 MB (or a string in it is never closed); a row is a flat object",
            )
        return exc.pos >= len(self._text) - 64 or exc.msg.startswith("Unterminated string")

    def _next_char(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            self._pos = _WHITESPACE.match(self._text, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._text) or not self._more():
                return self._text[self._pos : self._pos + 1]

    def _more(self) -> bool:
        if self._eof:
            return False
        chunk = self._stream.read(_JSON_CHUNK)
        self._eof = not chunk
        try:
            text = self._decoder.decode(chunk, final=self._eof)
        except UnicodeDecodeError as exc:
            raise FileProblem(
                f"item {self.count + 1}", _decode_message(exc, "UTF-8"), "unreadable"
            ) from None
        self._text = self._text[self._pos :] + text
        self._pos = 0
        return True

    def _refuse_trailing(self) -> None:
        if self._next_char():
            raise FileProblem(
                f"item {self.count + 1}",
                "is not valid JSON (something follows the array's closing ']')",
                "unreadable",
            )
