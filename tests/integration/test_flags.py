"""Feature flags in the status store: stable percentage rollouts, files applied per environment."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from shared.bootstrap import Services
from shared.domain.flags import FeatureFlag, bucket_of
from shared.domain.partners import Tier
from shared.errors import InvalidField
from shared.services.flags import FeatureFlags
from tests.conftest import REPO_ROOT, TEST_ACTOR


def _flags(services: Services) -> FeatureFlags:
    return FeatureFlags(services.status, ttl_s=0)


def test_a_percentage_rollout_only_ever_adds_partners() -> None:
    partners = [uuid.uuid4() for _ in range(2000)]
    share = {
        p: [FeatureFlag("f", True, pct).is_on_for(p) for pct in (5, 25, 100)] for p in partners
    }

    on_at_5 = {p for p, states in share.items() if states[0]}
    on_at_25 = {p for p, states in share.items() if states[1]}

    assert on_at_5 <= on_at_25
    assert all(states[2] for states in share.values())
    assert 0.02 < len(on_at_5) / 2000 < 0.08
    assert 0.20 < len(on_at_25) / 2000 < 0.30


def test_named_partners_get_a_flag_before_everyone(services: Services) -> None:
    flags = _flags(services)
    pilot, other = uuid.uuid4(), uuid.uuid4()
    while bucket_of("pilot.feature", other) < 1:
        other = uuid.uuid4()

    flags.set(FeatureFlag("pilot.feature", True, 0, frozenset({str(pilot)})))

    assert flags.is_enabled("pilot.feature", pilot)
    assert not flags.is_enabled("pilot.feature", other)


def test_a_missing_flag_takes_the_code_default(services: Services) -> None:
    flags = _flags(services)

    assert flags.is_enabled(f"never.stored.{uuid.uuid4().hex}") is False


def test_the_deployment_files_parse_and_apply(services: Services, tmp_path: Path) -> None:
    flags = _flags(services)

    for env in ("staging", "production"):
        applied = flags.apply_file(REPO_ROOT / f"deploy/flags/{env}.json")
        assert {f.name for f in applied} == {"retention.audio_deletion", "cache.read_through"}


def test_a_bad_flags_file_changes_nothing(services: Services, tmp_path: Path) -> None:
    flags = _flags(services)
    name = f"half.{uuid.uuid4().hex}"
    bad = tmp_path / "flags.json"
    bad.write_text(
        json.dumps(
            {
                "flags": [
                    {"name": name, "enabled": True, "rollout_percent": 50},
                    {"name": "broken", "enabled": True, "rollout_percent": 150},
                ]
            }
        )
    )

    with pytest.raises(InvalidField, match="broken.rollout_percent: 150 is not between 0 and 100"):
        flags.apply_file(bad)

    assert name not in {flag.name for flag in flags.all()}


def test_audio_deletion_can_be_paused_by_its_flag(services: Services, now) -> None:  # noqa: ANN001
    """Notices still go out; the deletion waits until the flag reaches the partner."""
    from shared.domain.assets import Asset

    flags = services.flags
    free = services.partners.create_partner(
        f"Paused {uuid.uuid4().hex[:6]}", Tier.FREE, now=now, actor=TEST_ACTOR
    )
    name = f"{free.id}/a.flac"
    services.blobs.write(services.settings.audio_bucket, name, b"fLaC", content_type="audio/flac")
    created = now - timedelta(days=40)
    with services.uow() as uow:
        uow.assets.add(
            Asset(uuid.uuid4(), free.id, "uploads", name, 1, 4, created, audio_object=name),
            now=created,
        )
    flags.set(FeatureFlag("retention.audio_deletion", True, 0))
    try:
        services.cleanup.run(now=now)
        paused = services.cleanup.run(now=now + timedelta(days=8))
        flags.set(FeatureFlag("retention.audio_deletion", True, 100))
        resumed = services.cleanup.run(now=now + timedelta(days=8))
    finally:
        flags.set(FeatureFlag("retention.audio_deletion", True, 100))

    assert all(i.partner_id != free.id or i.kind.value != "audio" for i in paused.items)
    assert any(i.partner_id == free.id and i.kind.value == "audio" for i in resumed.items)
