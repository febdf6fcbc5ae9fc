"""Settings of the analysis stage: deadlines inside the ack deadline, URLs checked at start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from inference.tagging import GENRE_TAGS, MOOD_TAGS
from shared.domain.taxonomy import GENRES, MOODS
from shared.settings import Settings, describe_validation_error


def test_the_worst_case_analysis_fits_inside_the_ack_deadline() -> None:
    settings = Settings()

    assert settings.analysis_worst_case_s == 3 * 120 + 1 + 2 + 60 + 30
    assert settings.analysis_worst_case_s < settings.bus_ack_deadline_s == 600
    assert settings.analysis_deadline_s <= 0.9 * settings.bus_ack_deadline_s


def test_a_short_ack_deadline_shortens_the_job_deadline_instead() -> None:
    assert Settings(bus_ack_deadline_s=100).analysis_deadline_s == 90


def test_a_model_endpoint_that_is_not_http_stops_start_up_naming_it() -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(qwen_endpoint="gpu-box:8080")

    assert describe_validation_error(raised.value).startswith(
        "invalid configuration: QWEN_ENDPOINT: must start with http:// or https://"
    )


def test_every_musicnn_tag_maps_into_the_taxonomy() -> None:
    assert set(GENRE_TAGS.values()) <= set(GENRES)
    assert set(MOOD_TAGS.values()) <= set(MOODS)
