"""`catalog validate`, `catalog import` and `catalog export` as users run them (subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SHARED_RESOURCES
from tests.e2e.conftest import catalog_env

STANDARDS = SHARED_RESOURCES / "standards"
GOOD_CSV = (
    "Track Title,ISRC,Artist,Album,UPC,Label,Release Date,Track Number,Duration,Explicit\n"
    "=,GBUV71200495,+44,Example Album,036000291452,Example Records,2026-03-06,1,3:21,no\n"
    "Second Song,USRC17607839,+44,Example Album,036000291452,Example Records,2026-03-06,2,3:30,no\n"
)


def catalog(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return catalog_env(tmp_path / "data", DATABASE_URL=database_url)


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.slow
def test_validate_exit_codes_and_messages(env: dict[str, str], tmp_path: Path) -> None:
    cases = [
        (STANDARDS / "ddex/samples/ern382/minimal_audio_single_handmade.xml", 0, ""),
        (
            _write(tmp_path, "bad.csv", GOOD_CSV + "Third,USRC1,X,,,,,3,3:00,no\n"),
            1,
            "row 4, isrc: 'USRC1' has 5 characters, an ISRC has 12",
        ),
        (
            _write(
                tmp_path,
                "xxe.xml",
                '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            ),
            2,
            "declares a DOCTYPE",
        ),
        (
            _write(tmp_path, "broken.xml", "<?xml version='1.0'?>\n<a>\n<b></a>"),
            2,
            "line 3, column",
        ),
        (
            _write(
                tmp_path,
                "old.xml",
                '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/41"/>',
            ),
            1,
            "this is an ERN 4.1 message",
        ),
        (
            _write(tmp_path, "deep.json", "[" + '{"a":' * 50 + "1" + "}" * 50 + "]"),
            2,
            "nested deeper than 16 levels",
        ),
        (
            _write(tmp_path, "dup.jsonl", '{"title": "a", "title": "b"}\n'),
            1,
            "the key 'title' appears twice",
        ),
        (
            _write(tmp_path, "quotes.csv", 'title,artist\nOne,A\n"Two,B\n'),
            1,
            "row 3: broken quoting",
        ),
        (
            STANDARDS / "cwr/samples/ackexample.V21",
            1,
            "TRL record count is '00002575', the file has 2574",
        ),
        (tmp_path / "missing.csv", 2, "cannot read the file"),
    ]

    for path, code, expected in cases:
        done = catalog(env, "validate", str(path))
        assert done.returncode == code, (path.name, done.stdout, done.stderr)
        assert expected in done.stdout + done.stderr, (path.name, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_import_then_export_through_the_cli(env: dict[str, str], tmp_path: Path) -> None:
    created = catalog(env, "admin", "create-partner", "CLI Label", "--tier", "pro", "--json")
    assert created.returncode == 0, created.stderr
    sheet = _write(tmp_path, "tracks.csv", GOOD_CSV)
    mapping = _write(tmp_path, "mapping.json", json.dumps({"Explicit": None}))

    dry = catalog(env, "import", str(sheet), "--partner", "CLI Label", "--dry-run")
    real = catalog(
        env,
        "import",
        str(sheet),
        "--partner",
        "CLI Label",
        "--mapping",
        str(mapping),
        "--report",
        str(tmp_path / "report.csv"),
    )
    csv_out = catalog(
        env,
        "export",
        "--partner",
        "CLI Label",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "out.csv"),
    )
    plain_out = catalog(
        env,
        "export",
        "--partner",
        "CLI Label",
        "--format",
        "csv",
        "--preset",
        "distributor",
        "--no-ai-unreviewed",
        "--out",
        str(tmp_path / "plain.csv"),
    )
    ddex_out = catalog(
        env,
        "export",
        "--partner",
        "CLI Label",
        "--format",
        "ddex",
        "--out",
        str(tmp_path / "out.zip"),
        "--ern-version",
        "4.3",
        "--ern-version",
        "3.8.2",
        "--sender-dpid",
        "PADPIDA2007050901U",
        "--force",  # the sheet has no cover art and no recipient DPID: a test delivery
    )

    assert dry.returncode == 0
    assert "dry run (nothing written)" in dry.stdout
    assert "tracks created 2" in dry.stdout
    assert real.returncode == 0, real.stderr
    assert "tracks created 2" in real.stdout
    assert (tmp_path / "report.csv").read_text().startswith("row,field,problem")
    assert csv_out.returncode == 0, csv_out.stderr
    assert ",'=,,'+44," in (tmp_path / "out.csv").read_text()
    assert (tmp_path / "out.csv").read_text().splitlines()[0].endswith(",ai_unreviewed")
    assert plain_out.returncode == 0, plain_out.stderr
    assert (tmp_path / "plain.csv").read_text().splitlines()[0].endswith(",Language")
    assert ddex_out.returncode == 0, ddex_out.stderr
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert sorted(archive.namelist()) == ["036000291452.ern382.xml", "036000291452.xml"]


@pytest.mark.slow
def test_a_failed_import_exits_1_with_one_line(env: dict[str, str], tmp_path: Path) -> None:
    catalog(env, "admin", "create-partner", "CLI Label 2", "--tier", "pro")
    sheet = _write(tmp_path, "bad.csv", GOOD_CSV + "Third,USRC1,X,,,,,3,3:00,no\n")

    done = catalog(env, "import", str(sheet), "--partner", "CLI Label 2")

    assert done.returncode == 1
    assert "row 4, isrc: 'USRC1' has 5 characters" in done.stdout
    assert "catalog: import failed: 1 row(s) are invalid; nothing was imported" in done.stderr
    assert "Traceback" not in done.stderr
