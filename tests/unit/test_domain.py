"""Domain rules: provenance precedence, deals, shares, releases, partners."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from shared.domain.deals import Deal
from shared.domain.partners import Partner, Tier
from shared.domain.provenance import ROW_STAMP, Provenance, Source, may_replace, stored_entries
from shared.domain.recordings import Contributor, SoundRecording, normalise_contributor_role
from shared.domain.releases import CopyrightLine, Release
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
)
from shared.errors import InvalidField

NOW = datetime(2026, 11, 24, tzinfo=UTC)
PARTNER = uuid.uuid4()


def _by(source: Source) -> Provenance:
    return Provenance(source, NOW)


def test_ai_never_overwrites_a_human_value() -> None:
    assert not may_replace(_by(Source.HUMAN), Source.AI)
    assert not may_replace(_by(Source.IMPORT), Source.AI)
    assert not may_replace(_by(Source.TAG), Source.AI)


def test_a_model_upgrade_may_update_ai_values_and_fill_empty_ones() -> None:
    assert may_replace(_by(Source.AI), Source.AI)
    assert may_replace(None, Source.AI)


def test_people_always_win_and_tags_beat_guesses() -> None:
    assert may_replace(_by(Source.AI), Source.HUMAN)
    assert may_replace(_by(Source.HUMAN), Source.IMPORT)
    assert may_replace(_by(Source.AI), Source.TAG)
    assert not may_replace(_by(Source.HUMAN), Source.TAG)


def test_provenance_round_trips_through_json() -> None:
    original = Provenance(
        Source.AI, NOW, model="musicnn", model_version="MSD_musicnn", confidence=0.91
    )

    assert Provenance.from_json(original.to_json()) == original


def _deal(**overrides: object) -> Deal:
    fields: dict[str, object] = {
        "id": uuid.uuid4(), "partner_id": PARTNER, "release_id": uuid.uuid4(),
        "commercial_models": frozenset({"SubscriptionModel"}),
        "use_types": frozenset({"OnDemandStream"}), "start_date": date(2026, 1, 1),
    }  # fmt: skip
    fields.update(overrides)
    return Deal(**fields)  # type: ignore[arg-type]


def test_a_worldwide_deal_covers_every_territory_but_its_exclusions() -> None:
    deal = _deal(excluded_territories=frozenset({"FR"}))

    assert deal.is_available("US", date(2026, 6, 1))
    assert not deal.is_available("FR", date(2026, 6, 1))
    assert not deal.is_available("US", date(2025, 12, 31))


def test_deals_refuse_unknown_codes_and_backwards_dates() -> None:
    with pytest.raises(InvalidField, match="'XX' is not an ISO 3166-1"):
        _deal(territories=frozenset({"XX"}))
    with pytest.raises(InvalidField, match="not a DDEX CommercialModelType"):
        _deal(commercial_models=frozenset({"Piracy"}))
    with pytest.raises(InvalidField, match="is before start_date"):
        _deal(end_date=date(2025, 1, 1))


def test_work_shares_must_total_one_hundred_percent() -> None:
    writer = WorkWriter(
        uuid.uuid4(),
        "Ann Writer",
        WriterRole.COMPOSER_AUTHOR,
        Shares(Decimal(50), Decimal(0), Decimal(0)),
    )
    publisher = WorkPublisher(
        uuid.uuid4(),
        "Pub Co",
        PublisherRole.ORIGINAL_PUBLISHER,
        Shares(Decimal(40), Decimal(100), Decimal(0)),
    )
    work = MusicalWork(uuid.uuid4(), PARTNER, "Song", writers=(writer,), publishers=(publisher,))

    assert work.share_problems() == ["pr_share totals 90%, expected 100%"]


def test_release_codes_are_checked_against_ddex_value_sets() -> None:
    with pytest.raises(InvalidField, match="not a DDEX ReleaseType"):
        Release(uuid.uuid4(), PARTNER, "Title", release_type="Mixtape")
    release = Release(
        uuid.uuid4(), PARTNER, "Title", release_type="EP", p_line=CopyrightLine("Acme", 2024)
    )
    assert release.p_line is not None
    assert release.p_line.display("℗") == "℗ 2024 Acme"


def test_tracks_need_a_title_and_real_positions() -> None:
    with pytest.raises(InvalidField, match="title"):
        SoundRecording(uuid.uuid4(), PARTNER, "  ")
    with pytest.raises(InvalidField, match="track_number"):
        SoundRecording(uuid.uuid4(), PARTNER, "Song", track_number=0)


def test_contributor_roles_are_ddex_roles_and_common_words_map_to_them() -> None:
    assert normalise_contributor_role("producer") == "StudioProducer"
    assert normalise_contributor_role("Featured") == "FeaturedArtist"
    assert normalise_contributor_role("mixing engineer") == "MixingEngineer"
    Contributor(uuid.uuid4(), "Jane", normalise_contributor_role("Producer"))
    with pytest.raises(InvalidField, match="not a DDEX contributor"):
        Contributor(uuid.uuid4(), "Jane", "Vibes")


def test_explicit_maps_to_the_ddex_parental_warning() -> None:
    song = SoundRecording(uuid.uuid4(), PARTNER, "Song", explicit=True)

    assert song.parental_warning == "Explicit"


def test_audio_retention_follows_the_tier_unless_customised() -> None:
    free = Partner(uuid.uuid4(), "A", Tier.FREE, NOW)
    enterprise = Partner(uuid.uuid4(), "B", Tier.ENTERPRISE, NOW)
    custom = Partner(uuid.uuid4(), "C", Tier.ENTERPRISE, NOW, audio_retention_days=400)

    assert free.audio_retention == timedelta(days=30)
    assert enterprise.audio_retention is None
    assert custom.audio_retention == timedelta(days=400)


def test_stored_provenance_reads_an_imports_marks_as_the_rows_stamp() -> None:
    stamp = {"source": "import", "at": "2026-12-06T10:00:00+00:00", "detail": "import j row 7"}
    person = {"source": "human", "at": "2026-12-06T11:00:00+00:00", "actor": "anna"}
    stored = {ROW_STAMP: stamp, "title": {"source": "import"}, "genre": person}

    assert stored_entries(stored) == {"title": stamp, "genre": person}
    assert stored_entries({"title": {"source": "import"}, "genre": person}) == {"genre": person}
    assert stored_entries(None) == {}
