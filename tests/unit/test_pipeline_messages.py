"""Analysis requests: what the router publishes and the analyze function parses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from shared.domain.pipeline import AnalysisRequest, Priority
from shared.errors import InvalidField


def test_an_analysis_request_round_trips() -> None:
    request = AnalysisRequest(
        uuid.uuid4(), uuid.uuid4(), Priority.HIGH, 1, datetime(2026, 1, 1, tzinfo=UTC)
    )

    assert AnalysisRequest.from_bytes(request.to_bytes()) == request


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (b"not json", "message"),
        (b"[]", "message"),
        (b'{"asset_id": "x"}', "asset_id"),
        (
            b'{"asset_id": "%s", "partner_id": "%s", "priority": "urgent"}'
            % (str(uuid.uuid4()).encode(), str(uuid.uuid4()).encode()),
            "priority",
        ),
    ],
)
def test_malformed_requests_name_the_bad_field(data: bytes, field: str) -> None:
    with pytest.raises(InvalidField) as caught:
        AnalysisRequest.from_bytes(data)

    assert caught.value.field == field
