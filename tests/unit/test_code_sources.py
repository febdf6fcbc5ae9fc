"""ISRC prefixes and UPC/EAN ranges build codes the standards' published examples agree with."""

from __future__ import annotations

import pytest

from shared.domain.code_sources import GtinRange, IsrcStem
from shared.domain.identifiers import Gtin
from shared.errors import InvalidField


def test_a_prefix_builds_the_official_sample_isrc() -> None:
    """GBUV71200495 is the DDEX ERN 4.3 samples' ISRC (shared/standards/IDENTIFIERS.md)."""
    stem = IsrcStem.parse("gb", "uv7")

    assert str(stem.code(2012, 495)) == "GBUV71200495"
    assert stem.display() == "GB-UV7"


def test_a_special_isrc_prefix_is_accepted() -> None:
    assert IsrcStem.parse("QZ", "ABC").value == "QZABC"


@pytest.mark.parametrize(
    ("country", "registrant", "field"),
    [("U5", "RC1", "country_code"), ("XX", "RC1", "country_code"), ("US", "R_1", "registrant_code"),
     ("US", "RC12", "registrant_code"), ("US", "R\uff11C", "registrant_code")],
)  # fmt: skip
def test_a_bad_prefix_names_its_part(country: str, registrant: str, field: str) -> None:
    with pytest.raises(InvalidField) as refused:
        IsrcStem.parse(country, registrant)

    assert refused.value.field == field


def test_a_company_prefix_builds_published_check_digits() -> None:
    """036000291452 (UPC-A) and 4006381333931 (EAN-13) are GS1's worked examples."""
    upc = GtinRange.from_company_prefix("0360002", 12)
    ean = GtinRange.from_company_prefix("400638", 13)

    assert str(upc.code(9145)) == "036000291452"
    assert str(ean.code(133393)) == "4006381333931"
    assert (upc.size, str(upc.first), str(upc.last)) == (10_000, "036000200003", "036000299991")
    assert Gtin.check(str(upc.last)) is None


def test_an_explicit_range_counts_its_codes_and_refuses_reversed_ends() -> None:
    codes = GtinRange.from_codes("4006381333931", "4006381333948")

    assert codes.size == 2
    assert [str(codes.code(i)) for i in range(2)] == ["4006381333931", "4006381333948"]
    with pytest.raises(InvalidField, match="comes before"):
        GtinRange.from_codes("4006381333948", "4006381333931")


def test_a_upc_range_overlaps_its_ean13_twin() -> None:
    upc = GtinRange.from_company_prefix("0360002", 12)
    ean = GtinRange.from_codes("0036000291452", "0036000291469")

    assert upc.overlaps(ean)
    assert not upc.overlaps(GtinRange.from_company_prefix("400638", 13))
