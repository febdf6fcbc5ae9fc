"""Identifiers judged by others' data: python-stdnum's own examples and its verdicts on random
well-formed codes, django-music-publisher's validator rules and test values, published check
digit examples, and the one rule for characters outside ASCII (refused, named, never raised).

python-stdnum (LGPL) is a test-only oracle: the product never imports it.
"""

from __future__ import annotations

import random
import re

import pytest
from stdnum import ean as stdnum_ean
from stdnum import grid as stdnum_grid
from stdnum import isni as stdnum_isni
from stdnum import isrc as stdnum_isrc

from shared.domain.identifiers import (
    IDENTIFIER_TYPES,
    Grid,
    Gtin,
    Identifier,
    IpiBaseNumber,
    IpiNameNumber,
    Isni,
    Isrc,
    Iswc,
    ipi_check_digits,
)
from shared.errors import InvalidField

ORACLES = [(Isrc, stdnum_isrc), (Isni, stdnum_isni), (Gtin, stdnum_ean), (Grid, stdnum_grid)]


def _doctest_examples(module: object) -> list[tuple[str, bool]]:
    """(value, valid) from the module's own docstring: ``>>> validate('...')`` then a result."""
    doc = str(getattr(module, "__doc__", ""))
    found = []
    for match in re.finditer(r">>> validate\('([^']+)'\)[^\n]*\n(\S+)", doc):
        found.append((match.group(1), not match.group(2).startswith("Traceback")))
    return found


@pytest.mark.parametrize(("kind", "module"), ORACLES, ids=lambda x: getattr(x, "__name__", ""))
def test_python_stdnums_own_examples_get_its_verdict(
    kind: type[Identifier], module: object
) -> None:
    examples = _doctest_examples(module)

    verdicts = [(value, kind.check(value) is None) for value, _ in examples]

    assert examples, "the oracle's docstring lost its examples"
    assert verdicts == examples


def test_the_grid_label_is_stripped_as_python_stdnum_strips_it() -> None:
    assert Grid.parse("Grid: A1-2425G-ABC1234002-M").value == "A12425GABC1234002M"
    assert Grid.parse("GRid A12425GABC1234002M").value == "A12425GABC1234002M"


def _random_isrcs(count: int) -> list[str]:
    rng = random.Random(16)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    alnum = letters + "0123456789"
    return [
        "".join(rng.choice(letters) for _ in range(2))
        + "".join(rng.choice(alnum) for _ in range(3))
        + f"{rng.randrange(100):02d}{rng.randrange(100000):05d}"
        for _ in range(count)
    ]


def test_random_well_formed_isrcs_get_python_stdnums_verdict() -> None:
    """The country prefix decides: ISO 3166-1 or a prefix the ISRC agency allocated."""
    codes = _random_isrcs(3000)

    disagree = [c for c in codes if (Isrc.check(c) is None) != stdnum_isrc.is_valid(c)]

    assert sum(stdnum_isrc.is_valid(c) for c in codes) > 1000  # both verdicts are exercised
    assert disagree == []


@pytest.mark.parametrize(
    "prefix", ["BC", "BK", "BP", "BX", "CB", "CP", "DG", "FX", "GX", "KS", "QM", "QN", "QT", "QZ",
               "UK", "XK", "YU", "ZB", "ZZ"],
)  # fmt: skip
def test_every_special_isrc_prefix_of_the_agency_is_accepted(prefix: str) -> None:
    assert Isrc.check(f"{prefix}ABC2500001") is None


def test_an_isrc_with_an_unallocated_prefix_says_so() -> None:
    assert Isrc.check("XX-SKG-19-12345") == (
        "'XX-SKG-19-12345' starts with 'XX': not an ISO 3166-1 country code nor a prefix the "
        "International ISRC Agency has allocated (such as QM, QZ or ZZ)"
    )


def test_an_icelandic_isrc_starting_with_isrc_is_not_mistaken_for_the_label() -> None:
    assert Isrc.parse("ISRCX1200001").value == "ISRCX1200001"
    assert Isrc.parse("ISRC IS-RCX-12-00001").value == "ISRCX1200001"


def _random_gtins(count: int) -> list[str]:
    rng = random.Random(8)
    return [
        "".join(str(rng.randrange(10)) for _ in range(rng.choice((8, 12, 13, 14))))
        for _ in range(count)
    ]


def test_random_gtins_and_isnis_get_python_stdnums_verdict() -> None:
    gtins = _random_gtins(2000)
    rng = random.Random(27)
    isnis = ["".join(str(rng.randrange(10)) for _ in range(15)) + rng.choice("0123456789X")
             for _ in range(2000)]  # fmt: skip

    gtin_disagree = [g for g in gtins if (Gtin.check(g) is None) != stdnum_ean.is_valid(g)]
    isni_disagree = [i for i in isnis if (Isni.check(i) is None) != stdnum_isni.is_valid(i)]

    assert gtin_disagree == []
    assert isni_disagree == []


# ---------------------------------------------------------------- django-music-publisher

# Values django-music-publisher's own tests and sample CWR files use as valid (MIT)
DMP_VALID = [
    (IpiNameNumber, "00000000297"),
    (IpiNameNumber, "00000000395"),
    (IpiNameNumber, "00000000493"),
    (IpiNameNumber, "00000000199"),
    (IpiNameNumber, "09000000020"),
    (IpiBaseNumber, "I-123456789-3"),
    (Iswc, "T1234567894"),  # in its sample CWR files (its tests also create T1234567893
    # without running validators: that one fails its own check_iswc_digit too)
    (Isrc, "JM-K40-14-00001"),
    (Isrc, "US-S1Z-99-00002"),
]


@pytest.mark.parametrize(("kind", "value"), DMP_VALID)
def test_values_django_music_publisher_treats_as_valid_are_valid(
    kind: type[Identifier], value: str
) -> None:
    assert kind.check(value) is None


def test_ipi_check_digits_are_00_when_the_weighted_sum_leaves_1() -> None:
    """CISAC's rule as django-music-publisher implements it: (101 - 1) is written 00."""
    sequence = next(
        f"{n:09d}"
        for n in range(1, 10**6)
        if sum(int(d) * (10 - i) for i, d in enumerate(f"{n:09d}")) % 101 == 1
    )

    assert ipi_check_digits(sequence) == "00"
    assert IpiNameNumber.check(sequence + "00") is None
    assert IpiNameNumber.check(sequence + "01") == (
        f"'{sequence}01' has check digits 01, expected 00"
    )


def test_ipi_check_digits_agree_with_the_mod_101_rule_for_every_remainder() -> None:
    rng = random.Random(101)
    seen: set[int] = set()
    while len(seen) < 101:
        sequence = f"{rng.randrange(10**9):09d}"
        remainder = sum(int(d) * (10 - i) for i, d in enumerate(sequence)) % 101
        seen.add(remainder)
        expected = 0 if remainder in (0, 1) else 101 - remainder

        assert ipi_check_digits(sequence) == f"{expected:02d}"


# ---------------------------------------------------------------- published examples

PUBLISHED = [
    (
        Gtin,
        "4006381333931",
        True,
    ),  # GS1's EAN-13 example (Wikipedia, "International Article Number")
    (Gtin, "036000291452", True),  # the UPC-A example of Wikipedia's "Universal Product Code"
    (Isni, "0000 0001 2281 955X", True),  # python-stdnum's ISNI example
    (Isni, "0000000121032683", True),
    (Iswc, "T-034.524.680-1", True),  # CISAC's ISWC example
    (Iswc, "ISWC T-034.524.680-1", True),
    (IpiBaseNumber, "I-000000229-7", True),
]


@pytest.mark.parametrize(("kind", "value", "valid"), PUBLISHED)
def test_published_examples(kind: type[Identifier], value: str, valid: bool) -> None:
    assert (kind.check(value) is None) is valid


# ---------------------------------------------------------------- characters outside ASCII

NON_ASCII = [
    (Gtin, "400638133393\u00b9", "'¹' (superscript one) at position 13"),
    (Gtin, "４００６３８１３３３９３１", "'４' (fullwidth digit four) at position 1"),
    (Isrc, "US-RC1-76-0783\u0669", "'٩' (arabic-indic digit nine) at position 15"),
    (Iswc, "T-034.524.680-\u0661", "'١' (arabic-indic digit one) at position 15"),
    (IpiNameNumber, "0000000019\u2079", "'⁹' (superscript nine) at position 11"),
    (Isni, "000000012103268\u06f3", "'۳' (extended arabic-indic digit three) at position 16"),
]


@pytest.mark.parametrize(("kind", "text", "named"), NON_ASCII)
def test_non_ascii_digits_are_refused_naming_the_character(
    kind: type[Identifier], text: str, named: str
) -> None:
    with pytest.raises(InvalidField) as caught:
        kind.parse(text)

    assert caught.value.field == kind.field
    assert named in caught.value.reason
    assert "type it with the ASCII characters 0-9 and A-Z" in caught.value.reason


@pytest.mark.parametrize("kind", sorted(set(IDENTIFIER_TYPES.values()), key=lambda k: k.__name__))
def test_check_never_raises_whatever_the_text(kind: type[Identifier]) -> None:
    """Every Unicode digit, letter and symbol class: a problem in words, never an exception."""
    rng = random.Random(kind.__name__)
    samples = ["\u00b2\u00b3\u00b9", "\u2070\u2074", "\uff10\uff11", "\u0660\u0661", "\u09e6",
               "\U0001d7ce", "\u2460", "\u00bd", "ß", "ǅ", "\x00", "\ud7ff", " "]  # fmt: skip
    texts = [
        "".join(
            rng.choice(samples) + rng.choice("0123456789ATIX") for _ in range(rng.randrange(12))
        )
        for _ in range(300)
    ]

    for text in texts:
        assert kind.check(text) is None or isinstance(kind.check(text), str)
