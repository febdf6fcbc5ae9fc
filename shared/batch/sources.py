"""Read import files as streams of rows: CSV (any common encoding and delimiter), JSON arrays,
JSON lines. Memory stays flat whatever the file size: rows are read one at a time, fields and
lines have size limits, and nothing is sized by what the file claims.

Problems that stop the file (broken CSV quoting, invalid JSON, JSON nested too deep or with
duplicate keys, undecodable bytes) raise FileProblem naming the row or line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any, BinaryIO

import ijson

from shared.batch.fields import Cell
from shared.errors import InvalidInput

SNIFF_BYTES = 64 * 1024
MAX_FIELD_CHARS = 128 * 1024  # one CSV cell; an unclosed quote runs into this, not into memory
MAX_LINE_BYTES = 1024 * 1024  # one JSON line
MAX_JSON_DEPTH = 16  # a flat row needs 2; deeper is refused
DELIMITERS = (",", ";", "\t")


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


def sniff_format(head: bytes, name: str = "") -> FileFormat:
    """The format from the first bytes (and the name when the bytes cannot tell)."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = name.lower()
    if head.startswith(b"PK\x03\x04"):
        return FileFormat.ZIP
    if stripped.startswith(b"<") or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return FileFormat.DDEX
    if stripped.startswith(b"HDR") or lowered.endswith((".v21", ".v22", ".sub", ".isr")):
        return FileFormat.CWR
    if stripped.startswith(b"["):
        return FileFormat.JSON
    if stripped.startswith(b"{"):
        return FileFormat.JSONL
    return FileFormat.CSV


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
        header = next(csv.reader([first], delimiter=self.delimiter, strict=True), [])
        self.headers = [h.strip() for h in header]
        if not any(self.headers):
            raise FileProblem(
                "row 1", "the header row is empty: the first row must name the columns"
            )
        duplicates = sorted({h for h in self.headers if h and self.headers.count(h) > 1})
        if duplicates:
            raise FileProblem("row 1", f"the header names {', '.join(map(repr, duplicates))} twice")

    def _read_header_line(self) -> str:
        try:
            line = self._text.readline(MAX_FIELD_CHARS)
        except UnicodeDecodeError as exc:
            raise FileProblem("row 1", _decode_message(exc, self.encoding), "unreadable") from None
        if not line.strip():
            raise FileProblem("row 1", "the file is empty")
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
                raise FileProblem(
                    f"row {row_no + 1}",
                    f"broken quoting ({exc}): a quote opened in this row is not closed properly",
                ) from None
            except UnicodeDecodeError as exc:
                raise FileProblem(
                    f"row {row_no + 1}", _decode_message(exc, self.encoding), "unreadable"
                ) from None
            row_no += 1
            _refuse_undecodable(f"row {row_no}", "".join(cells), self.encoding)
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                raise_row = FileProblem(
                    f"row {row_no}", f"has {len(cells)} cells but the header has {width}"
                )
                yield row_no, {"__problem__": raise_row.reason}
                continue
            yield row_no, dict(zip(self.headers, cells, strict=False))


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


def _no_duplicates(where: str) -> Any:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise FileProblem(where, f"the key {key!r} appears twice in one object")
            seen[key] = value
        return seen

    return hook


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
    if _depth(item) > 1:
        nested = next(k for k, v in item.items() if isinstance(v, dict | list))
        return {
            "__problem__": f"{nested!r} holds an object or list; "
            "a row's values are text, numbers or true/false"
        }
    return item


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
            item = json.loads(text, object_pairs_hook=_no_duplicates(where))
        except RecursionError:
            raise FileProblem(
                where, f"is nested deeper than {MAX_JSON_DEPTH} levels", "unsafe"
            ) from None
        except json.JSONDecodeError as exc:
            raise FileProblem(
                where,
                f"is not JSON (column {exc.colno}: {exc.msg}); a JSON import "
                "is an array of objects or one object per line",
                "unreadable",
            ) from None
        if _depth(item) > MAX_JSON_DEPTH:
            raise FileProblem(where, f"is nested deeper than {MAX_JSON_DEPTH} levels", "unsafe")
        yield line_no, _as_row(where, item)


def json_array(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Cell]]]:
    """Rows of a JSON array, streamed (ijson's C parser); FileProblem names the item."""
    builder = _StreamBuilder()
    try:
        for event, value in ijson.basic_parse(stream, use_float=True):
            item = builder.feed(event, value)
            if item is not None:
                yield builder.count, _as_row(f"item {builder.count}", item)
    except ijson.JSONError as exc:
        message = str(exc).splitlines()[0]
        raise FileProblem(
            f"item {builder.count + 1}", f"is not valid JSON ({message})", "unreadable"
        ) from None
    if not builder.started:
        raise FileProblem("item 1", "the file is not a JSON array of objects")


class _StreamBuilder:
    """Builds each top-level array item from parser events, refusing depth and duplicate keys."""

    def __init__(self) -> None:
        self.stack: list[Any] = []
        self.keys: list[str | None] = []
        self.count = 0
        self.started = False

    def feed(self, event: str, value: Any) -> Any:
        if not self.started:
            if event != "start_array":
                raise FileProblem("item 1", "the file is not a JSON array of objects")
            self.started = True
            return None
        if event in ("start_map", "start_array"):
            if len(self.stack) >= MAX_JSON_DEPTH:
                raise FileProblem(
                    f"item {self.count + 1}",
                    f"is nested deeper than {MAX_JSON_DEPTH} levels",
                    "unsafe",
                )
            self.stack.append({} if event == "start_map" else [])
            self.keys.append(None)
            return None
        if event == "map_key":
            if value in self.stack[-1]:
                raise FileProblem(
                    f"item {self.count + 1}", f"the key {value!r} appears twice in one object"
                )
            self.keys[-1] = value
            return None
        if event in ("end_map", "end_array"):
            if not self.stack:
                return None  # the end of the top-level array
            done = self.stack.pop()
            self.keys.pop()
            return self._attach(done)
        return self._attach(value)

    def _attach(self, value: Any) -> Any:
        if not self.stack:
            self.count += 1
            return value
        parent = self.stack[-1]
        if isinstance(parent, dict):
            parent[self.keys[-1]] = value
        else:
            parent.append(value)
        return None
