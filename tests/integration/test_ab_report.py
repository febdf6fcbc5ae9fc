"""`catalog ab-report`: arms compared from the analytics rows, and the promotion rule."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from shared.bootstrap import Services, routing_config
from shared.cli import cli
from shared.domain.analyses import Estimate
from shared.domain.partners import Partner
from shared.domain.pipeline import AI_REQUESTS_TABLE, AiRequestEvent
from shared.domain.records import StoredEstimate
from shared.services.analysis.ab_report import AbReportService, agreement, decide
from shared.settings import Settings


@pytest.fixture(autouse=True)
def clean_analytics(services: Services) -> Iterator[None]:
    """Reports read every row of the window: start each test with an empty sink; and leave no
    promoted routing config behind for other tests' A/B arms."""
    with services.engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE analytics_events"))
    yield
    with services.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM status_documents WHERE collection = 'config'"))


def _job(
    arm: str,
    model: str,
    confidence: float,
    latency_ms: float,
    *,
    fallback: bool = False,
    at: datetime,
) -> list[dict[str, object]]:
    asset = str(uuid.uuid4())
    outcome = "ok" if confidence >= 0.8 else "low_confidence"
    rows = [
        AiRequestEvent(
            at, "p", asset, arm, model, "1", outcome, latency_ms, confidence, False, 0.0001
        ).to_row()
    ]
    if fallback:
        rows.append(
            AiRequestEvent(
                at, "p", asset, arm, "gpt-4o-audio-preview", "x", "ok", 900.0, 0.9, True, 0.0126
            ).to_row()
        )
    return rows


def _seed_traffic(services: Services, now: datetime) -> None:
    rows = []
    for i in range(6):
        rows += _job("primary", "qwen2-audio", 0.6, 1000 + i, fallback=True, at=now)
        rows += _job("challenger", "musicnn", 0.9, 300 + i, at=now)
    services.analytics.insert_rows(AI_REQUESTS_TABLE, rows)


def _service(services: Services, min_samples: int) -> AbReportService:
    return AbReportService(
        analytics=services.analytics,
        status=services.status,
        uow=services.uow,
        routing=lambda: routing_config(services.settings, services.status),
        metric="mean_confidence",
        min_samples=min_samples,
        min_improvement=0.02,
    )


def test_the_arms_are_compared_per_track(services: Services) -> None:
    """The local sink keeps rows by insertion time: the window ends at the real now."""
    now = datetime.now(UTC)
    _seed_traffic(services, now)

    report = _service(services, 1000).report(since=now - timedelta(hours=1), now=now, apply=True)

    arms = {a.arm: a for a in report.arms}
    assert (arms["primary"].tracks, arms["challenger"].tracks) == (6, 6)
    assert arms["primary"].mean_confidence == 0.9  # the fallback's answer is the track's
    assert (arms["primary"].fallback_rate, arms["challenger"].fallback_rate) == (1.0, 0.0)
    assert arms["primary"].cost_per_track == pytest.approx(0.0127)
    assert arms["challenger"].p50_latency_ms == 303.0
    assert arms["primary"].p95_latency_ms == 1905.0
    assert not report.applied
    assert "1000 needed" in report.decision.reason


def test_a_winning_challenger_with_enough_samples_is_promoted_and_audited(
    services: Services,
) -> None:
    now = datetime.now(UTC)
    services.analytics.insert_rows(
        AI_REQUESTS_TABLE,
        [row for i in range(5) for row in _job("primary", "qwen2-audio", 0.7, 900, at=now)]
        + [row for i in range(5) for row in _job("challenger", "musicnn", 0.85, 300, at=now)],
    )
    before = routing_config(services.settings, services.status)

    report = _service(services, 5).report(since=now - timedelta(minutes=1), now=now, apply=True)

    after = routing_config(services.settings, services.status)
    assert report.applied
    assert report.decision.promote
    assert (after.primary, after.challenger) == (before.challenger, before.primary)
    with services.uow() as uow:
        [event] = [e for e in uow.audit.of_partner(None, since=now) if e.action == "ab.promote"]
    assert event.detail
    assert event.detail["to"] == before.challenger


def test_the_rule_never_promotes_a_challenger_that_does_not_win_by_the_margin() -> None:
    from shared.services.analysis.ab_report import ArmStats

    primary = ArmStats("primary", "q", 500, 0.80, 0.1, 900, 1500, 0.01, 0.0)
    close = ArmStats("challenger", "m", 500, 0.81, 0.1, 300, 400, 0.001, 0.0)

    assert not decide(
        primary, close, metric="mean_confidence", min_samples=200, min_improvement=0.02
    ).promote
    assert decide(
        primary, close, metric="cost_per_track", min_samples=200, min_improvement=0.02
    ).promote


def test_agreement_counts_assets_two_models_tagged() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    rows = [
        (a, "musicnn", "jazz"),
        (a, "gpt", "jazz"),
        (b, "musicnn", "rock"),
        (b, "gpt", "pop"),
        (c, "musicnn", "folk"),
    ]

    assert agreement(rows) == (0.5, 2)


def _answers(
    services: Services, partner: Partner, at: datetime, answers: list[tuple[str, str, str]]
) -> uuid.UUID:
    """One asset's stored estimates: (field, model, value) each, as the analyze stage keeps them
    (an arm's model and the fallback both answering for the same asset)."""
    asset = uuid.uuid4()
    with services.uow() as uow:
        uow.analyses.add(
            partner.id,
            [
                StoredEstimate(
                    Estimate(field, value, 0.9, model, "1"),
                    asset,
                    None,
                    "primary",
                    10.0,
                    0.0,
                    False,
                    at,
                )
                for field, model, value in answers
            ],
        )
    return asset


def test_vocals_and_vocal_gender_agreement_are_reported_per_field(
    services: Services, partner: Partner
) -> None:
    since = datetime.now(UTC)
    gpt = "gpt-4o-audio-preview"
    _answers(
        services,
        partner,
        since,
        [
            ("genre", "musicnn", "jazz"),
            ("genre", gpt, "jazz"),
            ("vocals", "musicnn", "vocal"),
            ("vocals", gpt, "vocal"),
            ("vocal_gender", "musicnn", "female"),
        ],
    )
    _answers(
        services,
        partner,
        since,
        [("vocals", "musicnn", "vocal"), ("vocals", gpt, "instrumental")],
    )
    _answers(services, partner, since, [("vocals", "musicnn", "instrumental")])

    report = _service(services, 1000).report(since=since, now=since, apply=False)

    by_field = {a.field: (a.agreement, a.assets) for a in report.agreements}
    assert by_field == {"genre": (1.0, 1), "vocals": (0.5, 2), "vocal_gender": (None, 0)}
    assert (report.agreement, report.agreement_assets) == (1.0, 1)  # the genre's, as before
    assert report.to_json()["agreement_by_field"]["vocals"] == {"agreement": 0.5, "assets": 2}


def test_the_command_prints_both_arms_and_the_decision(
    settings: Settings, services: Services, partner: Partner, now: datetime
) -> None:
    _answers(
        services, partner, datetime.now(now.tzinfo),
        [("genre", "musicnn", "jazz"), ("genre", "gpt-4o-audio-preview", "jazz")],
    )  # fmt: skip
    _seed_traffic(services, datetime.now(now.tzinfo))
    env = {
        "DATABASE_URL": settings.database_url or "",
        "CATALOG_DATA_DIR": str(settings.catalog_data_dir),
    }

    result = CliRunner().invoke(cli, ["ab-report", "--json", "--dry-run"], env=env)

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {arm["arm"] for arm in report["arms"]} >= {"primary", "challenger"}
    assert report["agreement"] is not None
    assert set(report["agreement_by_field"]) == {"genre", "vocals", "vocal_gender"}
    assert report["applied"] is False


def test_the_command_prints_the_vocals_agreement_in_its_table(
    settings: Settings, services: Services, partner: Partner
) -> None:
    at = datetime.now(UTC)
    _answers(
        services,
        partner,
        at,
        [("vocals", "musicnn", "vocal"), ("vocals", "gpt-4o-audio-preview", "instrumental")],
    )
    env = {
        "DATABASE_URL": settings.database_url or "",
        "CATALOG_DATA_DIR": str(settings.catalog_data_dir),
    }

    result = CliRunner().invoke(cli, ["ab-report", "--dry-run", "--days", "1"], env=env)

    assert result.exit_code == 0, result.output
    found = re.search(r"agreement between models, vocals: ([\d.]+)% of (\d+) assets", result.output)
    assert found, result.output
    assert int(found[2]) >= 1  # the window is the last day: other tests' answers may be in it
    assert float(found[1]) < 100.0  # this asset's two models disagree
    assert "agreement between models, vocal_gender:" in result.output
