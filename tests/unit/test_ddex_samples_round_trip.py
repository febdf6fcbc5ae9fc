"""The nine official ERN 4.3 samples read and written again: every value that goes in comes out,
or the import report names it (its path, or an attribute or element that holds it).

Values compared are (element path, text) and (attribute path, value) pairs, whitespace collapsed;
references (A1, P2, R0, T1) are renumbered on export and the MessageHeader is the delivery's own,
so those are left out of the comparison.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from lxml import etree

from shared.ern.coverage import generic_path, not_kept_43
from shared.ern.ern43 import Ern43Writer
from shared.ern.model import Envelope, MessageParty
from shared.ern.readers import read_ern43
from shared.ern.safe_xml import local_name, parse_xml
from tests.conftest import SHARED_RESOURCES

SAMPLES = sorted((SHARED_RESOURCES / "standards/ddex/samples/ern43").glob("*.xml"))
ENVELOPE = Envelope(
    MessageParty("PADPIDA2007050901U", "Sender"),
    MessageParty("PADPIDA2009101501Y", "Recipient"),
    datetime(2026, 3, 1, 12, tzinfo=UTC),
)


def _facts(root: etree._Element) -> set[tuple[str, str]]:
    found = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or element is root:
            continue
        path = generic_path(element)
        if path.startswith("MessageHeader") or local_name(element).endswith("Reference"):
            continue
        if len(element) == 0:
            found.add((path, " ".join((element.text or "").split())))
        for attribute, value in element.attrib.items():
            if "}" not in attribute and attribute != "SequenceNumber":
                found.add((f"{path}@{attribute}", value))
    return found


def _explained(path: str, reported: set[str]) -> bool:
    """The report names ``path``, an ancestor of it, or an attribute or copy of an ancestor."""
    parts = path.split("@")[0].split("/")
    ancestors = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return any(
        r == path or r.split(" (")[0] == path or any(
            r.split(" (")[0] == a or r.startswith(f"{a}@") or r.startswith(f"{a} (")
            for a in ancestors
        )
        for r in reported
    )  # fmt: skip


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_what_goes_in_comes_out_or_the_import_report_names_it(sample) -> None:  # type: ignore[no-untyped-def]
    root = parse_xml(sample.read_bytes())
    read = read_ern43(root, uuid.uuid4())
    assert read.bundle is not None, read.problems
    written = parse_xml(Ern43Writer().build(read.bundle, ENVELOPE).xml)
    reported = {n.path for n in not_kept_43(root)}
    problems = " ".join(read.problems)

    lost = sorted(
        (path, value)
        for path, value in _facts(root) - _facts(written)
        if not _explained(path, reported) and value not in problems
    )

    assert lost == [], lost
