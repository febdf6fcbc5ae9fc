"""The one text rule (shared.domain.text), file names, and the JSON and CSV readers against
hostile input the tests make themselves (issue 15)."""

from __future__ import annotations

import io
import json
import random
import uuid

import pytest

from shared.batch import sources
from shared.batch.rows import RowProblem, parse_row
from shared.batch.sources import (
    CsvSource,
    FileFormat,
    FileProblem,
    UnreadableNumber,
    json_array,
    json_lines,
    sniff_format,
)
from shared.domain.text import normalise_text, unstorable
from shared.domain.uploads import ORIGINAL, UploadRef, check_filename
from shared.errors import InvalidField


@pytest.mark.parametrize(
    ("value", "kept", "codes"),
    [
        ("Plain Title", "Plain Title", []),
        ("  spaces  ", "spaces", []),  # trimmed silently, as every spreadsheet does
        ("\tLead Tab", "Lead Tab", ["control_characters"]),
        ("\rCR\n", "CR", ["control_characters"]),
        ("Bell\x07 and Esc\x1b", "Bell and Esc", ["control_characters"]),
        ("Zoe\u0308", "Zoë", ["unicode_normalised"]),
        ("abc\u202edef", "abcdef", ["bidi_controls"]),
        ("שלום 😀", "שלום 😀", []),  # right-to-left text and emoji are kept as they are
        ("line one\nline two", "line one\nline two", []),  # inner line breaks are text
    ],
)
def test_the_text_rule_keeps_changes_or_leaves_each_value(
    value: str, kept: str, codes: list[str]
) -> None:
    text, changes = normalise_text(value)

    assert text == kept
    assert [c.code for c in changes] == codes


def test_each_change_is_said_in_words() -> None:
    _, changes = normalise_text("\tZoe\u0308\x1b")

    assert [c.message for c in changes] == [
        "removed a leading tab",
        "removed control characters U+001B (ESCAPE)",
        "composed to Unicode NFC (letters typed as a base letter and a combining mark, e.g. "
        "'e' + U+0308, became one character)",
    ]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("a\x00b", "contains a NUL character (U+0000) at position 2"),
        ("x\ud800y", "contains a lone UTF-16 surrogate (U+D800) at position 2"),
        ("fine 😀", None),
    ],
)
def test_what_text_cannot_hold_is_named(value: str, said: str | None) -> None:
    found = unstorable(value)

    assert (found or "").startswith(said or "")
    assert (found is None) == (said is None)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("..%2f..%2fetc%2fpasswd.mp3", "looks like a path (it reads as '../../etc/passwd.mp3')"),
        ("%252e%252e%252fsecret", "looks like a path (it reads as '../secret')"),
        ("..\\windows\\x.mp3", "looks like a path"),
        ("a／b.mp3", "looks like a path (it reads as 'a/b.mp3')"),  # a fullwidth solidus
        ("\U0001f3b5" * 70 + ".mp3", "is 284 bytes long in UTF-8 (74 characters); at most 255"),
        ("bell\x07.mp3", "contains the control character U+0007 (BELL)"),
        ("x\ud800.mp3", "lone UTF-16 surrogate"),
        ("..", "a file name is needed"),
    ],
)
def test_file_names_are_checked_in_bytes_and_for_paths(name: str, said: str) -> None:
    with pytest.raises(InvalidField, match=r"^filename: ") as caught:
        check_filename(name)

    assert said in caught.value.reason


def test_plain_names_with_emoji_dots_and_percent_signs_are_kept() -> None:
    for name in ("\U0001f3b5" * 60 + ".mp3", "..dots first.mp3", "100% Pure.flac", "Zoë.wav"):
        assert check_filename(name) == name


def test_an_upload_object_name_is_generated_and_the_file_name_is_metadata() -> None:
    ref = UploadRef.new(uuid.UUID(int=7), "up_0123456789ab", "My Song?.mp3")

    assert ref.object_name == f"{ref.partner_id}/up_0123456789ab/{ORIGINAL}"
    assert ref.filename == "My Song?.mp3"
    assert UploadRef.parse(ref.object_name).upload_id == "up_0123456789ab"


def test_an_object_named_the_old_way_still_parses_with_its_file_name() -> None:
    old = f"{uuid.UUID(int=7)}/up_0123456789ab/Night Drive.mp3"

    ref = UploadRef.parse(old)

    assert (ref.filename, ref.object_name) == ("Night Drive.mp3", old)


# ---------------------------------------------------------------- readers


def test_json_arrays_read_the_same_whatever_the_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(15)
    rows = [
        {"title": f'Song "{i}" é😀 \\ {rng.random()}', "n": i * 7919, "f": i / 3, "e": i % 2 == 0,
         "z": None, "neg": -i}
        for i in range(400)
    ]  # fmt: skip
    for ensure_ascii in (True, False):
        data = json.dumps(rows, ensure_ascii=ensure_ascii).encode()
        for chunk in (1, 2, 5, 64, 4096):
            monkeypatch.setattr(sources, "_JSON_CHUNK", chunk)

            assert [r for _, r in json_array(io.BytesIO(data))] == rows


def test_a_broken_item_early_in_a_big_array_is_reported_without_reading_on() -> None:
    data = b'[{"title": "a"}, {"title": ]' + b" " * 20_000_000

    with pytest.raises(FileProblem, match=r"^item 2: is not valid JSON \(Expecting value\)"):
        list(json_array(io.BytesIO(data)))


@pytest.mark.parametrize("reader", [json_array, json_lines])
def test_numbers_json_allows_but_no_field_needs_are_kept_as_row_problems(reader: object) -> None:
    item = f'{{"bpm": {"1" * 5000}, "track_number": NaN, "disc_number": 1e999, "title": "ok"}}'
    data = f"[{item}]" if reader is json_array else item + "\n"

    [(_, row)] = list(reader(io.BytesIO(data.encode())))  # type: ignore[operator]

    assert [getattr(row[k], "reason", None) for k in ("bpm", "track_number", "disc_number")] == [
        "is a number of 5,000 characters; a number has at most 50",
        "NaN is not a number JSON allows",
        "1e999 is too large a number",
    ]
    assert isinstance(row["bpm"], UnreadableNumber)
    assert parse_row(1, row)[1][0] == RowProblem(
        1, "bpm", "is a number of 5,000 characters; a number has at most 50"
    )


def test_a_lone_surrogate_escape_is_kept_to_be_refused_not_turned_into_a_question_mark() -> None:
    [(_, row)] = list(json_array(io.BytesIO(b'[{"title": "x\\ud800y"}]')))

    assert row["title"] == "x\ud800y"
    assert parse_row(1, row)[1][0].problem.startswith("contains a lone UTF-16 surrogate")


def test_a_csv_row_with_too_few_cells_is_a_row_problem_naming_the_first_missing_column() -> None:
    rows = list(CsvSource(io.BytesIO(b"title,isrc,label\nA,GB\n"), "utf-8").rows())

    assert rows == [
        (
            2,
            {
                "__problem__": "has 2 cells but the header has 3: nothing says which is missing, "
                "so the values would land under the wrong columns (first missing: 'label'); add "
                "the empty cells"
            },
        )
    ]


def test_a_nul_in_a_column_name_stops_the_file_at_row_1() -> None:
    with pytest.raises(FileProblem, match=r"^row 1: the name of column 2 contains a NUL"):
        CsvSource(io.BytesIO(b"title,is\x00rc\nA,B\n"), "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_sniffed_as_what_it_holds(encoding: str) -> None:
    bom = encoding == "utf-16"
    csv = "title,isrc\nA,B\n".encode(encoding)
    xml = "<?xml version='1.0'?><NewReleaseMessage/>".encode(encoding)

    assert sniff_format(csv, "x.csv", None if bom else encoding) is FileFormat.CSV
    assert sniff_format(xml, "x.xml", None if bom else encoding) is FileFormat.DDEX
