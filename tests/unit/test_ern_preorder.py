"""Deal pre-order in DDEX ERN 4.3 (issue 17): a Deal of its own flagged IsPreOrderDeal from the
pre-order date to the day before the release, naming the instant-gratification tracks; valid
against the official XSD. The schema has no PreOrderReleaseDate in 4.3 (3.8.2 had one)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from shared.domain.bundles import ReleaseBundle
from shared.domain.deals import Deal
from shared.ern.model import Envelope, Flow, MessageParty, build_messages
from shared.ern.readers import read_ern43
from shared.ern.safe_xml import parse_xml
from shared.ern.schemas import SchemaCatalog
from shared.ern.validation import ErnValidator
from shared.errors import InvalidField
from tests.conftest import SHARED_RESOURCES
from tests.support.catalog import album_bundle

DDEX = SHARED_RESOURCES / "standards" / "ddex"
SENDER = MessageParty("PADPIDA2007050901U", "Example Records")
RECIPIENT = MessageParty("PADPIDA2009101501Y", "Example Store")
ENVELOPE = Envelope(SENDER, RECIPIENT, datetime(2026, 2, 1, 12, 0, tzinfo=UTC), Flow.NEW, None)


def _with_preorder(bundle: ReleaseBundle, *, instant: int = 1) -> ReleaseBundle:
    sale = Deal(
        uuid.uuid4(),
        bundle.release.partner_id,
        bundle.release.id,
        frozenset({"PayAsYouGoModel"}),
        frozenset({"PermanentDownload"}),
        date(2026, 3, 6),
        territories=frozenset({"DE", "FR"}),
        preorder_start_date=date(2026, 2, 6),
        instant_grat_track_ids=frozenset(t.id for t in bundle.tracks[:instant]),
    )
    return replace(bundle, deals=(*bundle.deals, sale))


def _release_deal_terms(xml: bytes) -> list[dict[str, object]]:
    root = parse_xml(xml)
    release_deal = next(
        d
        for d in root.findall("DealList/ReleaseDeal")
        if d.findtext("DealReleaseReference") == "R0"
    )
    return [
        {
            "start": deal.findtext("DealTerms/ValidityPeriod/StartDate"),
            "end": deal.findtext("DealTerms/ValidityPeriod/EndDate"),
            "models": [m.text for m in deal.findall("DealTerms/CommercialModelType")],
            "territories": [t.text for t in deal.findall("DealTerms/TerritoryCode")],
            "preorder": deal.findtext("DealTerms/IsPreOrderDeal"),
            "instant": [
                r.text
                for r in deal.findall(
                    "DealTerms/InstantGratificationResourceList/DealResourceReference"
                )
            ],
        }
        for deal in release_deal.findall("Deal")
    ]


def test_a_message_with_a_preorder_validates_against_the_ern_43_xsd() -> None:
    message = build_messages(_with_preorder(album_bundle()), ENVELOPE, ("4.3",))[0]

    report = ErnValidator(SchemaCatalog(DDEX)).validate_bytes(message.xml)

    assert [f.render() for f in report.findings] == []


def test_the_preorder_is_its_own_deal_ending_the_day_before_the_release() -> None:
    message = build_messages(_with_preorder(album_bundle()), ENVELOPE, ("4.3",))[0]

    terms = _release_deal_terms(message.xml)

    preorders = [t for t in terms if t["preorder"] == "true"]
    assert preorders == [
        {
            "start": "2026-02-06",
            "end": "2026-03-05",
            "models": ["PayAsYouGoModel"],
            "territories": ["DE", "FR"],
            "preorder": "true",
            "instant": ["A1"],
        }
    ]
    sale = next(t for t in terms if t["models"] == ["PayAsYouGoModel"] and not t["preorder"])
    assert (sale["start"], sale["preorder"]) == ("2026-03-06", None)


def test_a_takedown_carries_no_preorder() -> None:
    takedown = replace(ENVELOPE, flow=Flow.TAKEDOWN, takedown_on=date(2026, 2, 10))

    message = build_messages(_with_preorder(album_bundle()), takedown, ("4.3",))[0]

    assert all(t["preorder"] is None for t in _release_deal_terms(message.xml))


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"preorder_start_date": date(2026, 3, 6)}, "preorder_start_date", "is not before"),
        ({"commercial_models": frozenset({"SubscriptionModel"})}, "preorder_start_date",
         "PayAsYouGoModel"),
        ({"preorder_start_date": None}, "instant_grat_track_ids", "need a pre-order date"),
    ],
)  # fmt: skip
def test_an_impossible_preorder_is_refused_naming_the_field(
    change: dict[str, object], field: str, words: str
) -> None:
    deal = _with_preorder(album_bundle()).deals[-1]

    with pytest.raises(InvalidField, match=words) as refused:
        replace(deal, **change)  # type: ignore[arg-type]

    assert refused.value.field == field


def test_a_preorder_survives_export_and_import() -> None:
    bundle = _with_preorder(album_bundle())
    message = build_messages(bundle, ENVELOPE, ("4.3",))[0]

    read = read_ern43(parse_xml(message.xml), bundle.release.partner_id)

    assert read.bundle is not None, read.problems
    sale = next(d for d in read.bundle.deals if "PayAsYouGoModel" in d.commercial_models)
    assert len(read.bundle.deals) == 2  # the pre-order folded into its sale deal
    assert (sale.start_date, sale.preorder_start_date) == (date(2026, 3, 6), date(2026, 2, 6))
