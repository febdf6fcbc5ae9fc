"""Settings: a bad value stops start-up with one line naming the variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from shared.errors import SettingsError
from shared.settings import load_settings


def test_defaults_are_local_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)

    settings = load_settings()

    assert settings.backend == "local"
    assert settings.uses_embedded_postgres


def test_bad_values_are_all_named_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUS_MAX_DELIVERY_ATTEMPTS", "0")
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    monkeypatch.setenv("PORT", "eighty")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    message = caught.value.message
    assert "\n" not in message
    assert "BUS_MAX_DELIVERY_ATTEMPTS: Input should be greater than or equal to 1" in message
    assert "DATABASE_URL: must start with postgresql://" in message
    assert "PORT:" in message
    assert "'eighty'" in message


def test_the_cli_prints_one_line_and_exits_2_on_a_bad_variable() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shared.cli", "status"],
        env={"PATH": "/usr/bin:/bin", "BACKEND": "cloud"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "BACKEND: Input should be 'local' or 'gcp'" in result.stderr
    assert "Traceback" not in result.stderr
