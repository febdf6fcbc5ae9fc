"""Partners see what is about to go and extend it (API); operators run cleanup (CLI)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from shared.api import create_app
from shared.api.auth import Principal, install_authenticator
from shared.bootstrap import Services
from shared.cli import cli, main
from shared.domain.assets import Asset
from shared.domain.partners import Partner, Role, Tier
from shared.settings import Settings
from tests.conftest import TEST_ACTOR


def _enterprise_with_noticed_audio(services: Services) -> tuple[Partner, Asset]:
    now = datetime.now(UTC)
    partner = services.partners.create_partner(
        f"Big {uuid.uuid4().hex[:6]}",
        Tier.ENTERPRISE,
        now=now,
        actor=TEST_ACTOR,
        audio_retention_days=30,
    )
    name = f"{partner.id}/master.wav"
    services.blobs.write(services.settings.audio_bucket, name, b"RIFF", content_type="audio/wav")
    asset = Asset(
        uuid.uuid4(), partner.id, "uploads", name, 1, 4, now - timedelta(days=26), audio_object=name
    )
    with services.uow() as uow:
        uow.assets.add(asset, now=asset.created_at)
    services.cleanup.run(now=now)  # sends the notice
    return partner, asset


def _client(services: Services, principal: Principal):  # noqa: ANN202
    app = create_app(lambda: services)
    install_authenticator(app, lambda request: principal)
    return app.test_client()


def test_a_label_sees_its_pending_deletions_and_extends_them(services: Services) -> None:
    partner, asset = _enterprise_with_noticed_audio(services)
    label = Principal("u1", "user", Role.LABEL, partner.id)
    client = _client(services, label)

    pending = client.get("/api/v1/retention/pending")
    extended = client.post("/api/v1/retention/extensions", json={"days": 60})
    after = client.get("/api/v1/retention/pending")

    assert [item["asset_id"] for item in pending.json["items"]] == [str(asset.id)]
    assert extended.status_code == 200
    until = datetime.fromisoformat(extended.json["items"][0]["retain_until"])
    assert until == asset.created_at + timedelta(days=90)
    assert after.json["items"] == pending.json["items"]  # the notice stays until a new one


def test_another_partners_retention_is_invisible(services: Services) -> None:
    partner, _ = _enterprise_with_noticed_audio(services)
    stranger = Principal("u2", "user", Role.LABEL, uuid.uuid4())

    response = _client(services, stranger).get(f"/api/v1/retention/pending?partner_id={partner.id}")

    assert response.status_code == 404


def test_a_bad_extension_names_the_field(services: Services) -> None:
    partner, _ = _enterprise_with_noticed_audio(services)
    client = _client(services, Principal("u1", "user", Role.LABEL, partner.id))

    response = client.post("/api/v1/retention/extensions", json={"days": "soon"})

    assert response.status_code == 422
    assert response.json["field"] == "days"


def test_api_clients_may_read_but_not_extend(services: Services) -> None:
    partner, _ = _enterprise_with_noticed_audio(services)
    client = _client(services, Principal("c1", "client", Role.API, partner.id))

    assert client.get("/api/v1/retention/pending").status_code == 200
    assert client.post("/api/v1/retention/extensions", json={"days": 5}).status_code == 403


def _env(settings: Settings) -> dict[str, str]:
    return {
        "DATABASE_URL": str(settings.database_url),
        "CATALOG_DATA_DIR": str(settings.catalog_data_dir),
    }


def test_cleanup_dry_run_lists_and_a_real_run_removes(
    services: Services, settings: Settings
) -> None:
    bucket = settings.uploads_bucket
    services.blobs.write(bucket, "stale/upload.mp3", b"ID3", content_type="audio/mpeg")
    runner = CliRunner()
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()

    dry = runner.invoke(
        cli, ["cleanup", "--dry-run", "--as-of", later, "--json"], env=_env(settings)
    )
    still_there = services.blobs.path_of(bucket, "stale/upload.mp3").exists()
    real = runner.invoke(cli, ["cleanup"], env=_env(settings))

    assert dry.exit_code == 0, dry.output
    items = [json.loads(line) for line in dry.output.splitlines()]
    assert {"kind": "upload", "target": "uploads/stale/upload.mp3"}.items() <= items[0].items()
    assert items[-1]["dry_run"] is True
    assert still_there
    assert real.exit_code == 0, real.output
    assert services.blobs.path_of(bucket, "stale/upload.mp3").exists()  # only 0 h old for real


def test_cli_refuses_as_of_without_dry_run(settings: Settings) -> None:
    result = CliRunner().invoke(cli, ["cleanup", "--as-of", "2030-01-01"], env=_env(settings))

    assert result.exit_code == 2
    assert "--as-of only goes with --dry-run" in result.output


def test_cli_legal_hold_and_extension_messages(
    services: Services,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pro = services.partners.create_partner(
        f"Pro {uuid.uuid4().hex[:6]}", Tier.PRO, now=datetime.now(UTC), actor=TEST_ACTOR
    )
    for name, value in _env(settings).items():
        monkeypatch.setenv(name, value)

    held = CliRunner().invoke(cli, ["retention", "hold", str(pro.id)])
    with pytest.raises(SystemExit) as refused:
        main(["retention", "extend", pro.name, "--days", "10"])

    assert held.exit_code == 0
    assert "legal hold set" in held.output
    assert services.partners.find(pro.name).legal_hold
    assert refused.value.code == 1
    assert capsys.readouterr().err == (
        f"catalog: extending audio retention is an Enterprise feature; {pro.name} is on the "
        "pro plan\n"
    )
