"""Keys and tempi as taggers write them."""

from __future__ import annotations

import pytest

from shared.domain.music import Mode, MusicalKey, parse_bpm
from shared.errors import InvalidField


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A minor", "A minor"),
        ("Am", "A minor"),
        ("am", "A minor"),
        ("F#m", "F# minor"),
        ("Gbm", "F# minor"),
        ("Bbmaj", "Bb major"),
        ("A#", "Bb major"),
        ("Eb", "Eb major"),
        ("d#min", "Eb minor"),
        ("C", "C major"),
        ("8A", "A minor"),  # Camelot
        ("8B", "C major"),
        ("1A", "Ab minor"),
        ("12B", "E major"),
        ("1m", "A minor"),  # Open Key
        ("1d", "C major"),
        ("D♭ major", "C# major"),
    ],
)
def test_keys_parse_from_every_common_notation(text: str, expected: str) -> None:
    assert str(MusicalKey.parse(text)) == expected


@pytest.mark.parametrize("text", ["H minor", "13A", "", "minor", "A locrian"])
def test_non_keys_are_refused_with_an_example(text: str) -> None:
    with pytest.raises(InvalidField, match="write it like 'A minor'"):
        MusicalKey.parse(text)


def test_relative_keys() -> None:
    assert MusicalKey.parse("A minor").relative() == MusicalKey("C", Mode.MAJOR)
    assert MusicalKey.parse("Eb major").relative() == MusicalKey("C", Mode.MINOR)


def test_bpm_accepts_decimal_commas_and_refuses_nonsense() -> None:
    assert parse_bpm("128,5") == 128.5
    assert parse_bpm(90) == 90.0
    with pytest.raises(InvalidField, match="outside 20-400"):
        parse_bpm("1200")
    with pytest.raises(InvalidField, match="not a number"):
        parse_bpm("fast")
