"""`catalog admin create-client` and `create-user`: one JSON object; the secret works once shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from shared.domain.partners import Partner


def _catalog(database_url: str, tmp_path: Path, *args: str, stdin: str = "") -> Any:
    env = {
        "DATABASE_URL": database_url,
        "CATALOG_DATA_DIR": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_create_client_prints_a_secret_that_gets_a_token(
    client: FlaskClient, partner: Partner, database_url: str, tmp_path: Path
) -> None:
    done = _catalog(
        database_url,
        tmp_path,
        "admin",
        "create-client",
        "--partner",
        partner.name,
        "--role",
        "api",
        "--json",
    )
    created = json.loads(done.stdout)

    token = client.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
        },
    )

    assert done.returncode == 0, done.stderr
    assert set(created) >= {"client_id", "client_secret"}
    assert token.status_code == 200


def test_create_user_then_sign_in(
    client: FlaskClient, partner: Partner, database_url: str, tmp_path: Path
) -> None:
    email = f"lee.{partner.id.hex[:6]}@example.com"
    done = _catalog(
        database_url,
        tmp_path,
        "admin",
        "create-user",
        email,
        "--role",
        "label",
        "--partner",
        str(partner.id),
        "--password-stdin",
        "--json",
        stdin="a long enough password\n",
    )
    short = _catalog(
        database_url,
        tmp_path,
        "admin",
        "create-user",
        "x" + email,
        "--role",
        "label",
        "--partner",
        str(partner.id),
        "--password-stdin",
        stdin="short\n",
    )

    signed = client.post("/auth/login", json={"email": email, "password": "a long enough password"})

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["partner_id"] == str(partner.id)
    assert signed.status_code == 200
    assert short.returncode == 1
    assert short.stderr.strip() == "catalog: password: must have at least 12 characters"
