"""The analyze entry point fed the exact envelope Eventarc pushes, through functions-framework,
on real audio analysed by the real local models.

Pub/Sub cannot run here: the envelope copies what Eventarc delivers (tests/data). OpenAI cannot
be reached: the fallback talks to a local HTTP server speaking the chat-completions wire format
(tests/chat_fakes.py) with a recorded response body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from pydantic import SecretStr

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.domain.pipeline import AI_REQUESTS_TABLE, PROCESSING_TABLE
from shared.domain.provenance import Provenance, Source
from shared.services.analysis.applying import TRACK_FIELDS
from tests.chat_fakes import ChatCompletionsServer, Reply, base_url, chat_server, recorded
from tests.e2e.conftest import free_port
from tests.functions.analysis_helpers import (
    analysis_event,
    function_client,
    human,
    make_services,
    seed,
)

__all__ = ["chat_server", "make_services"]
pytestmark = pytest.mark.slow
MakeServices = Callable[..., Services]


def _rows(services: Services, table: str, asset_id: object) -> list[dict[str, Any]]:
    return [r for r in services.analytics.read_rows(table) if r["asset_id"] == str(asset_id)]


def _dlq_messages(services: Services) -> list[dict[str, str]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT attributes FROM bus_messages WHERE topic = 'analysis-dlq'")
        )
        return [dict(row[0]) for row in rows]


def test_an_asset_is_analysed_and_its_confident_values_reach_the_track(
    make_services: MakeServices, partner: Partner, now: datetime
) -> None:
    services = make_services()
    seeded = seed(services, partner, now, fixture="librosa-data/sorohanro_-_solo-trumpet-06.hq.ogg")
    headers, body = analysis_event(seeded.request(now))

    response = function_client().post("/", headers=headers, data=body)

    assert response.status_code == 200
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, seeded.track.id)
        stored = uow.analyses.of_asset(partner.id, seeded.asset.id)
        timeline = uow.timelines.of_track(partner.id, seeded.track.id)
    assert timeline is not None  # genre and mood along the track, kept beside the estimates
    assert timeline.model == "musicnn"
    assert timeline.segments[0].start_s == 0.0
    assert all(segment.genres for segment in timeline.segments)
    assert all(s.end_s - s.start_s <= 15.0 for s in timeline.segments)  # the 15 s grid
    by_field = {s.estimate.field: s for s in stored}
    assert set(by_field) == {
        "bpm",
        "key",
        "loudness_lufs",
        "genre",
        "moods",
        "vocals",
        "preview_start_s",
        "era_hint",
    }
    assert by_field["vocals"].estimate.value == "instrumental"  # a solo trumpet
    assert track.era_hint == by_field["era_hint"].estimate.value  # a suggestion, with provenance
    assert track.provenance["era_hint"].source is Source.AI
    for item in stored:  # the seeded track's fields are empty: each one with a column is filled
        assert item.applied == (item.estimate.field in TRACK_FIELDS), item.estimate
    assert track.bpm == by_field["bpm"].estimate.value
    assert track.provenance["bpm"].confidence == by_field["bpm"].estimate.confidence
    assert track.genre == "jazz"
    assert by_field["genre"].estimate.model == "musicnn"
    assert track.provenance["genre"].source is Source.AI
    assert track.provenance["genre"].confidence == by_field["genre"].estimate.confidence
    assert by_field["bpm"].estimate.model == "catalog-tempo"
    assert by_field["bpm"].cost_usd > 0
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload
    assert upload["state"] == "analysed"
    assert upload["progress"] == 1.0
    assert upload["analysis"]["genres"][0] == "jazz"  # type: ignore[index]
    [call] = _rows(services, AI_REQUESTS_TABLE, seeded.asset.id)
    assert (call["model"], call["outcome"], call["fallback_used"]) == ("musicnn", "ok", False)
    assert call["arm"] in ("primary", "challenger")
    assert call["cost_usd"] > 0
    [job] = _rows(services, PROCESSING_TABLE, seeded.asset.id)
    assert (job["stage"], job["priority"], job["outcome"]) == ("analyze", "low", "ok")


def test_ai_never_overwrites_a_person_and_a_model_upgrade_updates_only_ai_values(
    make_services: MakeServices, partner: Partner, now: datetime
) -> None:
    services = make_services()
    trumpet = "librosa-data/sorohanro_-_solo-trumpet-06.hq.ogg"
    by_person = seed(
        services, partner, now, fixture=trumpet, genre="classical", provenance={"genre": human(now)}
    )
    old_model = Provenance(Source.AI, now, model="musicnn", model_version="0.0.9", confidence=0.9)
    by_old_model = seed(
        services, partner, now, fixture=trumpet, genre="blues", provenance={"genre": old_model}
    )

    for seeded in (by_person, by_old_model):
        headers, body = analysis_event(seeded.request(now, attempt=2))
        assert function_client().post("/", headers=headers, data=body).status_code == 200

    with services.uow() as uow:
        kept = uow.tracks.get(partner.id, by_person.track.id)
        upgraded = uow.tracks.get(partner.id, by_old_model.track.id)
        suggestion = [
            s
            for s in uow.analyses.of_asset(partner.id, by_person.asset.id)
            if s.estimate.field == "genre"
        ]
    assert kept.genre == "classical"
    assert kept.provenance["genre"].source is Source.HUMAN
    assert suggestion[0].estimate.value == "jazz"
    assert not suggestion[0].applied
    assert upgraded.genre == "jazz"
    assert upgraded.provenance["genre"].model_version != "0.0.9"


def test_the_third_failure_goes_to_the_dead_letter_topic_with_the_reason(
    make_services: MakeServices, partner: Partner, now: datetime, clean_bus: None
) -> None:
    services = make_services(qwen_endpoint=f"http://127.0.0.1:{free_port()}", analysis_retries=0)
    seeded = seed(services, partner, now, fixture="essentia-audio/dubstep.flac")
    headers, body = analysis_event(seeded.request(now), message_id="m-dlq-1")
    client = function_client()

    statuses = [client.post("/", headers=headers, data=body).status_code for _ in range(4)]

    assert statuses == [500, 500, 200, 200]  # retried twice, dead-lettered, redelivery acked
    [attributes] = _dlq_messages(services)
    assert attributes["catalog_source_topic"] == "analysis-low"
    assert attributes["partner_id"] == str(partner.id)
    assert "model server unreachable" in attributes["catalog_failure_reason"]
    assert attributes["CloudPubSubDeadLetterSourceDeliveryCount"] == "3"
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload
    assert upload["state"] == "failed"
    assert [j["outcome"] for j in _rows(services, PROCESSING_TABLE, seeded.asset.id)] == [
        "dead_lettered"
    ]
    outcomes = [c["outcome"] for c in _rows(services, AI_REQUESTS_TABLE, seeded.asset.id)]
    assert outcomes == ["error"] * 3  # every try is an analytics event, failed ones too


def test_unreadable_audio_is_recorded_on_the_upload_and_acked_without_retries(
    make_services: MakeServices, partner: Partner, now: datetime, clean_bus: None
) -> None:
    services = make_services()
    seeded = seed(services, partner, now, data=b"<!doctype html><p>not audio</p>" * 50)
    headers, body = analysis_event(seeded.request(now))

    response = function_client().post("/", headers=headers, data=body)

    assert response.status_code == 200
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload
    assert upload["state"] == "failed"
    assert _dlq_messages(services) == []
    assert [j["outcome"] for j in _rows(services, PROCESSING_TABLE, seeded.asset.id)] == ["failed"]


def test_a_failed_analysis_records_its_error_as_ingest_does_so_the_upload_page_can_show_it(
    make_services: MakeServices, partner: Partner, now: datetime, clean_bus: None
) -> None:
    """Issue 14: analysis wrote ``["analysis: ..."]`` where ingest writes ``[{code, message}]``,
    and the Upload page's schema refused the document after any failed analysis."""
    services = make_services()
    seeded = seed(services, partner, now, data=b"<!doctype html><p>not audio</p>" * 50)
    headers, body = analysis_event(seeded.request(now))

    function_client().post("/", headers=headers, data=body)

    raw = services.status.get("uploads", seeded.upload_id)
    assert raw
    [error] = raw["errors"]  # type: ignore[misc]
    assert isinstance(error, dict)
    assert error["code"] == "analysis_failed"
    assert str(error["message"]).startswith("unreadable audio")
    shown = services.uploads.get(seeded.upload_id, partner.id)
    assert shown.state.value == "failed"
    assert shown.progress == 1.0
    assert [e.code for e in shown.errors] == ["analysis_failed"]


def test_a_malformed_message_is_acked_and_changes_nothing(
    make_services: MakeServices, partner: Partner, now: datetime
) -> None:
    services = make_services()
    seeded = seed(services, partner, now, fixture="essentia-audio/dubstep.flac")
    headers, body = analysis_event(seeded.request(now), data=b'{"asset_id": "not-a-uuid"}')

    response = function_client().post("/", headers=headers, data=body)

    assert response.status_code == 200
    assert services.status.get("uploads", seeded.upload_id) == {
        "upload_id": seeded.upload_id,
        "partner_id": str(partner.id),
        "state": "queued",
        "progress": 0.6,
    }


def test_low_confidence_asks_the_openai_fallback_whose_surer_answer_is_applied_and_costed(
    make_services: MakeServices,
    partner: Partner,
    now: datetime,
    chat_server: ChatCompletionsServer,
) -> None:
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio.json")))
    services = make_services(
        openai_api_key=SecretStr("sk-test"), openai_base_url=base_url(chat_server) + "/v1"
    )
    seeded = seed(services, partner, now, fixture="essentia-audio/hiphop.mp3")
    headers, body = analysis_event(seeded.request(now))

    assert function_client().post("/", headers=headers, data=body).status_code == 200

    calls = _rows(services, AI_REQUESTS_TABLE, seeded.asset.id)
    assert [(c["model"], c["outcome"], c["fallback_used"]) for c in calls] == [
        ("musicnn", "low_confidence", False),
        ("gpt-4o-audio-preview", "ok", True),
    ]
    assert calls[1]["cost_usd"] == pytest.approx((300 * 40 + 131 * 2.5 + 28 * 10) / 1e6, abs=1e-6)
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, seeded.track.id)
        spent = uow.ai_costs.spent(partner.id, now.date(), "fallback")
        genres = {s.estimate.model: s for s in uow.analyses.of_asset(partner.id, seeded.asset.id)
                  if s.estimate.field == "genre"}  # fmt: skip
    assert genres["gpt-4o-audio-preview"].applied
    assert genres["gpt-4o-audio-preview"].cost_usd == pytest.approx(calls[1]["cost_usd"])
    assert not genres["musicnn"].applied  # the less sure answer is kept, not applied
    assert genres["musicnn"].cost_usd == pytest.approx(calls[0]["cost_usd"])
    assert track.genre == "electronic"
    assert track.provenance["genre"].model == "gpt-4o-audio-preview"
    assert spent == pytest.approx(calls[1]["cost_usd"])
    assert json.dumps(chat_server.requests[0]["body"]).count('"type": "input_audio"') == 1


def test_a_spent_daily_fallback_budget_keeps_the_primary_answer_for_review(
    make_services: MakeServices,
    partner: Partner,
    now: datetime,
    chat_server: ChatCompletionsServer,
) -> None:
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio.json")))
    services = make_services(
        openai_api_key=SecretStr("sk-test"),
        fallback_daily_cost_cap_usd=0.0,
        openai_base_url=base_url(chat_server) + "/v1",
    )
    seeded = seed(services, partner, now, fixture="essentia-audio/hiphop.mp3")
    headers, body = analysis_event(seeded.request(now))

    assert function_client().post("/", headers=headers, data=body).status_code == 200

    assert chat_server.requests == []
    outcomes = [c["outcome"] for c in _rows(services, AI_REQUESTS_TABLE, seeded.asset.id)]
    assert outcomes == ["low_confidence", "cost_capped"]
    upload = services.status.get("uploads", seeded.upload_id)
    assert upload
    assert upload["analysis"]["low_confidence"] is True
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, seeded.track.id)
    assert track.genre is not None  # the primary's answer is kept on the track...
    assert track.provenance["genre"].model == "musicnn"
    confidence = track.provenance["genre"].confidence
    assert confidence is not None
    assert confidence < 0.8  # ...with its low confidence, which flags it for review


def test_the_daily_fallback_budget_is_spent_per_utc_day_and_renews_at_midnight(
    make_services: MakeServices,
    partner: Partner,
    now: datetime,
    chat_server: ChatCompletionsServer,
) -> None:
    """One clock for the whole service: the budget read and the costs written share its day."""
    chat_server.replies.append(Reply(recorded("openai/chat_completion_audio.json")))
    one_call = (300 * 40 + 131 * 2.5 + 28 * 10) / 1e6  # what the recorded answer bills
    midnight = datetime(2026, 11, 25, tzinfo=UTC)
    clock = {"now": midnight - timedelta(seconds=30)}
    services = make_services(
        clock=lambda: clock["now"],
        openai_api_key=SecretStr("sk-test"),
        openai_base_url=base_url(chat_server) + "/v1",
        fallback_daily_cost_cap_usd=1.5 * one_call,  # one call a day fits, a second does not
    )
    outcomes = []
    for at in (midnight - timedelta(seconds=30), midnight - timedelta(seconds=10),
               midnight + timedelta(seconds=10)):  # fmt: skip
        clock["now"] = at
        seeded = seed(services, partner, now, fixture="essentia-audio/hiphop.mp3")
        headers, body = analysis_event(seeded.request(now))
        assert function_client().post("/", headers=headers, data=body).status_code == 200
        outcomes.append(_rows(services, AI_REQUESTS_TABLE, seeded.asset.id)[-1]["outcome"])

    assert outcomes == ["ok", "cost_capped", "ok"]
    assert len(chat_server.requests) == 2
    with services.uow() as uow:
        before = uow.ai_costs.spent(partner.id, (midnight - timedelta(days=1)).date(), "fallback")
        after = uow.ai_costs.spent(partner.id, midnight.date(), "fallback")
    assert before == pytest.approx(one_call, abs=1e-6)
    assert after == pytest.approx(one_call, abs=1e-6)
