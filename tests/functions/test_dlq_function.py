"""The dlq entry point fed the exact envelope Eventarc pushes, through functions-framework."""

from __future__ import annotations

import base64
import json

from cloudevents.conversion import to_structured
from cloudevents.http import CloudEvent
from functions_framework import create_app

from shared.bootstrap import Services
from tests.conftest import REPO_ROOT


def _pubsub_event(data: bytes, attributes: dict[str, str], topic: str) -> CloudEvent:
    """Copies what Eventarc delivers for a Pub/Sub message (recorded shape in tests/data)."""
    envelope = json.loads((REPO_ROOT / "tests/data/pubsub_cloudevent.json").read_text())
    envelope["data"]["message"]["data"] = base64.b64encode(data).decode()
    envelope["data"]["message"]["attributes"] = attributes
    envelope["source"] = f"//pubsub.googleapis.com/projects/test-project/topics/{topic}"
    return CloudEvent({k: v for k, v in envelope.items() if k != "data"}, envelope["data"])


def test_a_dead_letter_is_recorded_with_its_reason(
    installed_services: Services, clean_bus: None
) -> None:
    client = create_app(
        "on_dead_letter", str(REPO_ROOT / "functions/main.py"), "cloudevent"
    ).test_client()
    event = _pubsub_event(b'{"asset_id": "x"}', {
        "catalog_failure_reason": "Unavailable: model server timed out",
        "catalog_source_topic": "analysis-low",
        "partner_id": "not-a-uuid",
    }, "analysis-dlq")  # fmt: skip
    headers, body = to_structured(event)

    response = client.post("/", headers=headers, data=body)

    assert response.status_code == 200
    letters = installed_services.dead_letters.open_letters()
    assert [(letter["topic"], letter["reason"]) for letter in letters] == [
        ("analysis-low", "Unavailable: model server timed out")
    ]


def test_pubsub_own_dead_lettering_is_recorded_too(
    installed_services: Services, clean_bus: None
) -> None:
    """Pub/Sub's backstop policy (5 attempts) dead-letters without our reason attribute."""
    client = create_app(
        "on_dead_letter", str(REPO_ROOT / "functions/main.py"), "cloudevent"
    ).test_client()
    event = _pubsub_event(b"{}", {"CloudPubSubDeadLetterSourceDeliveryCount": "5"}, "analysis-dlq")
    headers, body = to_structured(event)

    response = client.post("/", headers=headers, data=body)

    assert response.status_code == 200
    assert installed_services.dead_letters.open_letters()[0]["reason"] == (
        "Pub/Sub dead-lettered it after 5 delivery attempts"
    )


def test_a_malformed_envelope_is_acked_not_retried(
    installed_services: Services, clean_bus: None
) -> None:
    client = create_app(
        "on_dead_letter", str(REPO_ROOT / "functions/main.py"), "cloudevent"
    ).test_client()
    event = CloudEvent(
        {"type": "google.cloud.pubsub.topic.v1.messagePublished",
         "source": "//pubsub.googleapis.com/projects/p/topics/analysis-dlq"},
        {"message": {"data": "***not base64***"}},
    )  # fmt: skip
    headers, body = to_structured(event)

    response = client.post("/", headers=headers, data=body)

    assert response.status_code == 200  # a retry cannot fix a malformed envelope
    assert installed_services.dead_letters.open_letters() == []
