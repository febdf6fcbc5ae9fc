"""Import files: encodings, delimiters, mapping detection, presets, JSON refusals, CSV safety."""

from __future__ import annotations

import io

import pytest

from shared.batch.fields import BY_NAME
from shared.batch.mapping import detect_mapping, load_mapping_file, override_mapping
from shared.batch.presets import PRESETS
from shared.batch.rows import parse_row
from shared.batch.safety import escape_cell, unescape_cell
from shared.batch.sources import (
    CsvSource,
    FileFormat,
    FileProblem,
    detect_encoding,
    json_array,
    json_lines,
    sniff_format,
)
from shared.errors import InvalidField


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xef\xbb\xbftitle\n", "utf-8-sig"),
        ("title\nCaf\u00e9\n".encode(), "utf-8"),
        ("title\nCaf\u00e9 \u201cquoted\u201d\n".encode("cp1252"), "cp1252"),
        (b"title\n\x81\xe9\n", "latin-1"),
    ],
)
def test_encodings_are_detected(head: bytes, expected: str) -> None:
    assert detect_encoding(head) == expected


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"<?xml version='1.0'?><ern:NewReleaseMessage", "x.xml", FileFormat.DDEX),
        (b"HDRPB000000297", "CW260001.V21", FileFormat.CWR),
        (b' [{"title": 1}]', "x.json", FileFormat.JSON),
        (b'{"title": 1}\n', "x.jsonl", FileFormat.JSONL),
        (b"PK\x03\x04", "x.zip", FileFormat.ZIP),
        (b"isrc;title\n", "x.csv", FileFormat.CSV),
    ],
)
def test_formats_are_sniffed_from_the_bytes(head: bytes, name: str, expected: FileFormat) -> None:
    assert sniff_format(head, name) is expected


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiters_are_detected_from_the_header(delimiter: str) -> None:
    d = delimiter
    data = f'ISRC{d}Track Title{d}Artist\nGBUV71200495{d}"A, B; C"{d}X\n'

    source = CsvSource(io.BytesIO(data.encode()), "utf-8")

    assert source.delimiter == delimiter
    assert list(source.rows()) == [
        (2, {"ISRC": "GBUV71200495", "Track Title": "A, B; C", "Artist": "X"})
    ]


def test_broken_quoting_names_the_row_where_it_starts() -> None:
    data = b'title,artist\nOne,A\n"Two,B\nThree,C\n'

    with pytest.raises(FileProblem, match=r"^row 3: broken quoting"):
        list(CsvSource(io.BytesIO(data), "utf-8").rows())


def test_a_row_with_more_cells_than_the_header_is_a_row_problem() -> None:
    rows = list(CsvSource(io.BytesIO(b"title,artist\nOne,A,extra\n"), "utf-8").rows())

    assert rows == [(2, {"__problem__": "has 3 cells but the header has 2"})]


def test_undecodable_bytes_name_the_row_and_the_fix() -> None:
    data = b"title\n" + b"ok\n" * 3 + b"caf\xe9\n"

    with pytest.raises(
        FileProblem, match=r"row 5: byte b'\\xe9' is not valid utf-8: save the file as UTF-8"
    ):
        list(CsvSource(io.BytesIO(data), "utf-8").rows())


def test_header_synonyms_and_every_preset_map_to_fields() -> None:
    detected = detect_mapping(
        ["Song Name", "ISRC Code", "Main Artist", "Barcode", "Record Label", "Whatever"]
    )

    assert detected.columns == {
        "Song Name": "title",
        "ISRC Code": "isrc",
        "Main Artist": "display_artist",
        "Barcode": "upc",
        "Record Label": "label",
    }
    assert detected.unmapped == ("Whatever",)
    for preset in PRESETS.values():
        headers = [h for h, _ in preset.columns]
        assert detect_mapping(headers).columns == dict(preset.columns), preset.name


def test_a_mapping_can_be_overridden_and_unknown_names_are_refused() -> None:
    headers = ["Name", "Code"]

    mapping = override_mapping(headers, {"Name": "title", "Code": "isrc"})

    assert mapping.columns == {"Name": "title", "Code": "isrc"}
    with pytest.raises(InvalidField, match="'titel' is not a field"):
        override_mapping(headers, {"Name": "titel"})
    with pytest.raises(InvalidField, match="the file has no column 'Nope'"):
        override_mapping(headers, {"Nope": "title"})
    assert load_mapping_file('{"Name": "title", "Code": null}') == {"Name": "title", "Code": None}
    with pytest.raises(InvalidField, match="is not JSON"):
        load_mapping_file("{")


def test_json_nested_too_deep_or_with_duplicate_keys_is_refused() -> None:
    deep = b"[" + b'{"a":' * 40 + b"1" + b"}" * 40 + b"]"
    with pytest.raises(FileProblem, match="item 1: is nested deeper than 16 levels") as caught:
        list(json_array(io.BytesIO(deep)))
    assert caught.value.kind == "unsafe"

    with pytest.raises(FileProblem, match="item 2: the key 'title' appears twice in one object"):
        list(json_array(io.BytesIO(b'[{"title": "a"}, {"title": "b", "title": "c"}]')))
    with pytest.raises(FileProblem, match="line 2: the key 'title' appears twice"):
        list(json_lines(io.BytesIO(b'{"title": "a"}\n{"title": "b", "title": "c"}\n')))
    with pytest.raises(FileProblem, match="line 1: is nested deeper than 16 levels"):
        list(json_lines(io.BytesIO(b'{"a":' * 2000 + b"1" + b"}" * 2000 + b"\n")))


def test_json_arrays_stream_objects_and_report_syntax_errors() -> None:
    rows = list(
        json_array(
            io.BytesIO(b'[{"title": "a", "track_number": 1}, {"title": "b", "explicit": true}]')
        )
    )

    assert rows == [(1, {"title": "a", "track_number": 1}), (2, {"title": "b", "explicit": True})]
    with pytest.raises(FileProblem, match="item 2: is not valid JSON"):
        list(json_array(io.BytesIO(b'[{"title": "a"}, {"title": ]')))


@pytest.mark.parametrize(
    "value", ["=", "+44", "-", "@home", "=SUM(A1)", "\tx", "'Til Tuesday", "'=", "''", "'", "plain"]
)
def test_formula_escaping_round_trips(value: str) -> None:
    escaped = escape_cell(value)

    assert unescape_cell(escaped) == value
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_rows_are_validated_field_by_field() -> None:
    staged, problems = parse_row(
        7, {"title": "Song", "isrc": "USRC1", "duration": "3:75", "release_date": "2026-02-30"}
    )

    assert staged is None
    assert [p.render() for p in problems] == [
        "row 7, isrc: 'USRC1' has 5 characters, an ISRC has 12 (CC-XXX-YY-NNNNN)",
        "row 7, duration: '3:75' has more than 59 seconds or minutes in a place",
        "row 7, release_date: '2026-02-30' is not a real date",
    ]


def test_a_valid_row_is_staged_with_parsed_values() -> None:
    staged, problems = parse_row(
        2,
        {
            "title": "Song",
            "isrc": "gb-uv7-12-00495",
            "duration": "PT3M5S",
            "explicit": "Yes",
            "p_line": "℗ 2026 Example Records",
            "upc": "036000291452",
        },
    )

    assert problems == []
    assert staged is not None
    assert staged[3] == "GBUV71200495"
    assert staged[7] == 185_000
    assert staged[10] is True
    assert (staged[14], staged[15]) == (2026, "Example Records")
    assert staged[1] == "upc:036000291452"
    assert BY_NAME["track_number"].parse("3", "track_number") == 3


def test_identifiers_with_non_ascii_digits_or_an_unallocated_prefix_are_row_problems() -> None:
    """The same rule as the API and embedded tags: refused, named, never converted or raised."""
    staged, problems = parse_row(
        3,
        {
            "title": "Song",
            "isrc": "XXRC17607839",
            "upc": "400638133393\u00b9",
            "iswc": "T-034.524.680-\u0661",
        },
    )

    assert staged is None
    assert [p.render() for p in problems] == [
        "row 3, isrc: 'XXRC17607839' starts with 'XX': not an ISO 3166-1 country code nor a "
        "prefix the International ISRC Agency has allocated (such as QM, QZ or ZZ)",
        "row 3, upc: '400638133393¹' has the non-ASCII digit '¹' (superscript one) at position "
        "13; type it with the ASCII characters 0-9 and A-Z",
        "row 3, iswc: 'T-034.524.680-١' has the non-ASCII digit '١' (arabic-indic digit one) at "
        "position 15; type it with the ASCII characters 0-9 and A-Z",
    ]
