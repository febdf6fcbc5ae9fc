"""Identifiers: the worked examples of ../shared/standards/IDENTIFIERS.md."""

from __future__ import annotations

import pytest

from shared.domain.identifiers import (
    Dpid,
    Grid,
    Gtin,
    IpiBaseNumber,
    IpiNameNumber,
    Isni,
    Isrc,
    Iswc,
)
from shared.errors import InvalidField

VALID = [
    (Isrc, "GBUV71200495", "GBUV71200495"),
    (Isrc, "GB-UV7-12-00495", "GBUV71200495"),
    (Isrc, "isrc us-rc1-76-07839", "USRC17607839"),
    (Isrc, "QZABC2500001", "QZABC2500001"),
    (Iswc, "T-034.524.680-1", "T0345246801"),
    (Iswc, "T0345246801", "T0345246801"),
    (Iswc, "T-123.456.789-4", "T1234567894"),
    (Gtin, "036000291452", "036000291452"),
    (Gtin, "4006381333931", "4006381333931"),
    (Gtin, "96385074", "96385074"),
    (Gtin, "000000000017", "000000000017"),
    (IpiNameNumber, "00000000199", "00000000199"),
    (IpiNameNumber, "00000000297", "00000000297"),
    (IpiNameNumber, "09000000020", "09000000020"),
    (IpiBaseNumber, "I-000000229-7", "I0000002297"),
    (IpiBaseNumber, "I-123456789-3", "I1234567893"),
    (Isni, "0000000121032683", "0000000121032683"),
    (Isni, "0000 0001 2146 438X", "000000012146438X"),
    (Isni, "0000000218250097", "0000000218250097"),
    (Dpid, "PADPIDA2007050901U", "PADPIDA2007050901U"),
    (Dpid, "PA-DPIDA-2021121507-Q", "PADPIDA2021121507Q"),
    (Dpid, "PADPIDA20141006029", "PADPIDA20141006029"),
    (Grid, "A10302B0003989564F", "A10302B0003989564F"),
    (Grid, "A1-0302B-0003989564-F", "A10302B0003989564F"),
]

INVALID = [
    (Isrc, "U5RC17607839", "country prefix"),
    (Isrc, "USRC1760783X", "designation code"),
    (Isrc, "USRC176078", "has 10 characters, an ISRC has 12"),
    (Iswc, "T-034.524.680-2", "check digit 2, expected 1"),
    (Iswc, "T-034.524.68-1", "an ISWC has 10 digits"),
    (Iswc, "D-034.524.680-1", "must start with T"),
    (Gtin, "036000291453", "check digit 3, expected 2"),
    (Gtin, "4006381333932", "check digit 2, expected 1"),
    (Gtin, "40063813339", "has 11 digits"),
    (IpiNameNumber, "00000000198", "check digits 98, expected 99"),
    (IpiNameNumber, "0000000199", "has 10 digits"),
    (IpiBaseNumber, "I-000000229-8", "check digit 8, expected 7"),
    (IpiBaseNumber, "I000000229", "has 9 characters after I"),
    (Isni, "0000000121032684", "check character 4, expected 3"),
    (Isni, "000000021825009X", "check character X, expected 7"),
    (Isni, "00000001210326", "has 14 characters"),
    (Dpid, "PADPIDA2007050901V", "MOD 37-36"),
    (Dpid, "PADPIDA2014120301", "has 17 characters"),
    (Dpid, "XXDPIDA2007050901U", "must start with PADPIDA"),
    (Grid, "A10302B0003989564G", "MOD 37-36"),
    (Grid, "A20302B0003989564F", "scheme A1"),
    (Grid, "A10302B000398956", "has 16 characters"),
]


@pytest.mark.parametrize(("kind", "text", "compact"), VALID)
def test_valid_identifiers_normalise_to_their_compact_form(kind, text, compact) -> None:
    assert kind.parse(text).value == compact


@pytest.mark.parametrize(("kind", "text", "problem"), INVALID)
def test_invalid_identifiers_say_precisely_what_is_wrong(kind, text, problem) -> None:
    with pytest.raises(InvalidField) as caught:
        kind.parse(text)

    assert problem in caught.value.reason
    assert caught.value.field == kind.field


def test_check_returns_the_problem_or_none() -> None:
    assert Isrc.check("GBUV71200495") is None
    assert "12" in (Isrc.check("GB123") or "")


def test_the_field_name_can_be_overridden_for_row_level_messages() -> None:
    with pytest.raises(InvalidField) as caught:
        Isrc.parse("nope", field="row 14, isrc")

    assert str(caught.value).startswith("row 14, isrc: 'nope' has 4 characters")


def test_display_forms() -> None:
    assert Isrc.parse("GBUV71200495").display() == "GB-UV7-12-00495"
    assert Iswc.parse("T0345246801").display() == "T-034.524.680-1"
    assert Isni.parse("000000012146438X").display() == "0000 0001 2146 438X"
    assert Gtin.parse("036000291452").as_ean13() == "0036000291452"
    assert Gtin.parse("036000291452").kind == "UPC-A"


def test_empty_values_are_refused() -> None:
    with pytest.raises(InvalidField, match="is empty"):
        Isrc.parse("  ")
