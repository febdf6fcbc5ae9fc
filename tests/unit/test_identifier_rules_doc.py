"""Every worked example in ../shared/standards/IDENTIFIERS.md, read from the document itself,
gets the verdict the document gives; and messy real-world spellings normalise."""

from __future__ import annotations

import re

import pytest

from shared.domain.identifiers import (
    Dpid,
    Grid,
    Gtin,
    Identifier,
    IpiBaseNumber,
    IpiNameNumber,
    Isni,
    Isrc,
    Iswc,
)
from tests.conftest import SHARED_RESOURCES

SECTIONS: dict[str, type[Identifier]] = {
    "ISRC": Isrc,
    "ISWC": Iswc,
    "UPC-A": Gtin,
    "IPI Name Number": IpiNameNumber,
    "IPI Base Number": IpiBaseNumber,
    "ISNI": Isni,
    "DDEX Party Identifier": Dpid,
    "GRid": Grid,
}


def _examples() -> list[tuple[str, str, bool]]:
    text = (SHARED_RESOURCES / "standards" / "IDENTIFIERS.md").read_text()
    found: list[tuple[str, str, bool]] = []
    for block in re.split(r"\n## ", text)[1:]:
        title = block.splitlines()[0]
        section = next((name for name in SECTIONS if title.startswith(name)), None)
        if section is None:
            continue
        for row in re.findall(r"^\| (.+?) \| (valid|invalid)[^|]*\|", block, re.MULTILINE):
            values = [v for v in re.findall(r"`([^`]+)`", row[0])]
            found += [(section, value, row[1] == "valid") for value in values]
    return found


EXAMPLES = _examples()


def test_the_document_has_examples_for_every_identifier() -> None:
    assert {section for section, _, _ in EXAMPLES} == set(SECTIONS)
    assert len(EXAMPLES) >= 45


@pytest.mark.parametrize(
    ("section", "value", "valid"), EXAMPLES, ids=[f"{s}:{v}" for s, v, _ in EXAMPLES]
)
def test_each_worked_example_gets_the_documents_verdict(
    section: str, value: str, valid: bool
) -> None:
    problem = SECTIONS[section].check(value)

    assert (problem is None) is valid, problem


@pytest.mark.parametrize(
    ("kind", "messy", "compact"),
    [
        (Iswc, " t-034.524.680-1 ", "T0345246801"),
        (Isrc, "gb uv7 12 00495", "GBUV71200495"),
        (Gtin, "0-36000-29145-2", "036000291452"),
        (IpiNameNumber, "000 000 001 99", "00000000199"),
        (IpiBaseNumber, "i-000000229-7", "I0000002297"),
        (Isni, "ISNI 0000 0001 2146 438x", "000000012146438X"),
        (Dpid, "pa-dpida-2007050901-u", "PADPIDA2007050901U"),
        (Grid, "a1.0302b.0003989564.f", "A10302B0003989564F"),
    ],
)
def test_spaces_hyphens_dots_and_case_are_normalised(
    kind: type[Identifier], messy: str, compact: str
) -> None:
    assert kind.parse(messy).value == compact
