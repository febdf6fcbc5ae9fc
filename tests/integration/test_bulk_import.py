"""Bulk import on real PostgreSQL: CSV in every common shape, row reports, modes, round trips."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from shared.bootstrap import Services
from shared.domain.audit import Actor
from shared.domain.partners import Partner
from shared.domain.provenance import Source
from shared.services.exports import ExportFormat, ExportRequest
from shared.services.import_runs import ImportMode, ImportOptions

ACTOR = Actor.system("tests")
HEADER = "ISRC,Track Title,Artist,Album,UPC,Label,Release Date,Track Number,Duration,Explicit\n"
_ALBUM = "The Examples,Example Album,036000291452,Example Records,2026-03-06"
ROWS = (
    f"GBUV71200495,First Song,{_ALBUM},1,3:21,no\nUSRC17607839,Second Song,{_ALBUM},2,3:22.5,yes\n"
)


def run_import(
    services: Services,
    partner: Partner,
    data: bytes,
    now: datetime,
    name: str = "tracks.csv",
    **options: object,
) -> dict:  # type: ignore[type-arg]
    return services.imports.run_file(
        partner.id,
        name,
        lambda: io.BytesIO(data),
        len(data),
        ImportOptions(**options),
        ACTOR,
        now=now,
    )  # type: ignore[arg-type]


def report_of(services: Services, partner: Partner, doc: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    with services.imports.read_report(partner.id, doc["id"]) as stream:
        rows = list(csv.reader(io.StringIO(stream.read().decode())))
    assert rows[0] == ["row", "field", "problem"]
    return [tuple(r) for r in rows[1:]]  # type: ignore[misc]


def test_a_csv_creates_tracks_and_their_release_with_import_provenance(
    services: Services, partner: Partner, now: datetime
) -> None:
    doc = run_import(services, partner, (HEADER + ROWS).encode(), now)

    assert doc["state"] == "succeeded", doc
    assert doc["counts"]["tracks_created"] == 2
    assert doc["counts"]["releases_created"] == 1
    with services.uow() as uow:
        tracks = uow.tracks.where(partner.id)
        release = uow.releases.get(partner.id, tracks[0].release_id)
    assert sorted(t.title for t in tracks) == ["First Song", "Second Song"]
    assert {t.duration_ms for t in tracks} == {201_000, 202_500}
    assert release.upc is not None
    assert str(release.upc) == "036000291452"
    assert release.label_name == "Example Records"
    assert tracks[0].provenance["title"].source is Source.IMPORT
    assert tracks[0].provenance["title"].detail == f"import {doc['id']} row 2"


def test_reimporting_the_same_file_updates_instead_of_duplicating(
    services: Services, partner: Partner, now: datetime
) -> None:
    run_import(services, partner, (HEADER + ROWS).encode(), now)
    second = run_import(
        services, partner, (HEADER + ROWS.replace("First Song", "First Song (Edit)")).encode(), now
    )

    assert second["counts"]["tracks_updated"] == 2
    assert second["counts"]["tracks_created"] == 0
    with services.uow() as uow:
        assert len(uow.tracks.where(partner.id)) == 2


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ",", False), ("utf-8", ";", True), ("latin-1", "\t", False), ("cp1252", ";", False)],
)
def test_encodings_and_delimiters_are_detected(
    services: Services, partner: Partner, now: datetime, encoding: str, delimiter: str, bom: bool
) -> None:
    text = (HEADER + ROWS).replace("Second Song", "Señorita Café").replace(",", delimiter)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)

    doc = run_import(services, partner, data, now)

    assert doc["state"] == "succeeded", doc
    assert doc["file"]["delimiter"] == delimiter
    with services.uow() as uow:
        assert "Señorita Café" in {t.title for t in uow.tracks.where(partner.id)}


def test_invalid_rows_are_reported_and_all_or_nothing_writes_nothing(
    services: Services, partner: Partner, now: datetime
) -> None:
    bad = HEADER + ROWS + "USRC1,Third Song,The Examples,Example Album,036000291452,,,3,abc,maybe\n"

    doc = run_import(services, partner, bad.encode(), now)

    assert doc["state"] == "failed"
    assert "1 row(s) are invalid; nothing was imported" in doc["failure"]
    assert report_of(services, partner, doc) == [
        ("4", "isrc", "'USRC1' has 5 characters, an ISRC has 12 (CC-XXX-YY-NNNNN)"),
        ("4", "duration", "'abc' is not a duration (write 3:45, 225 seconds or PT3M45S)"),
        ("4", "explicit", "'maybe' is not yes or no"),
    ]
    with services.uow() as uow:
        assert uow.tracks.where(partner.id) == []


def test_skip_invalid_imports_the_valid_rows(
    services: Services, partner: Partner, now: datetime
) -> None:
    bad = HEADER + ROWS + "USRC1,Third Song,The Examples,Example Album,036000291452,,,3,3:00,no\n"

    doc = run_import(services, partner, bad.encode(), now, mode=ImportMode.SKIP_INVALID)

    assert doc["state"] == "succeeded"
    assert doc["counts"]["invalid"] == 1
    assert doc["counts"]["tracks_created"] == 2
    assert doc["errors"][0]["row"] == 4
    assert doc["errors"][0]["field"] == "isrc"


def test_a_dry_run_counts_but_writes_nothing(
    services: Services, partner: Partner, now: datetime
) -> None:
    doc = run_import(services, partner, (HEADER + ROWS).encode(), now, dry_run=True)

    assert doc["state"] == "succeeded"
    assert doc["dry_run"] is True
    assert doc["counts"]["tracks_created"] == 2
    with services.uow() as uow:
        assert uow.tracks.where(partner.id) == []


def test_the_same_isrc_twice_in_a_file_is_reported(
    services: Services, partner: Partner, now: datetime
) -> None:
    doc = run_import(
        services,
        partner,
        (HEADER + ROWS + ROWS.splitlines(True)[0]).encode(),
        now,
        mode=ImportMode.SKIP_INVALID,
    )

    assert doc["counts"]["tracks_created"] == 2
    assert doc["errors"] == [
        {
            "row": 4,
            "field": "track",
            "problem": "this row and row 2 are the same track (same ISRC GBUV71200495)",
        }
    ]


def test_broken_csv_quoting_names_the_row(
    services: Services, partner: Partner, now: datetime
) -> None:
    text = HEADER + ROWS + 'GBAYC1700598,"Unclosed,The Examples,Example Album\n' + ROWS

    doc = run_import(services, partner, text.encode(), now)

    assert doc["state"] == "failed"
    assert doc["failure"].startswith("row 4: broken quoting")


def test_values_that_look_like_formulas_import_unchanged(
    services: Services, partner: Partner, now: datetime
) -> None:
    text = "title,artist,album\n=,+44,@home\n-,=SUM(A1),x\n"

    doc = run_import(services, partner, text.encode(), now)

    assert doc["state"] == "succeeded", doc
    with services.uow() as uow:
        tracks = {t.title: t.display_artist for t in uow.tracks.where(partner.id)}
    assert tracks == {"=": "+44", "-": "=SUM(A1)"}


def test_csv_export_neutralises_formulas_and_round_trips_through_import(
    services: Services, partner: Partner, now: datetime, tmp_path: Path
) -> None:
    text = (
        "title,artist,album,upc\n=,+44,@home,036000291452\n'Til Tuesday,-minus,@home,036000291452\n"
    )
    run_import(services, partner, text.encode(), now)

    first = _export_csv(services, partner, now)
    other = services.partners.create_partner(
        "Round Trip " + partner.name, partner.tier, now=now, actor=ACTOR
    )
    back = run_import(services, other, first, now, name="export.csv")
    second = _export_csv(services, other, now)

    assert b",'=,,'+44," in first
    assert b",'Til Tuesday,,'-minus," in first
    assert b",'@home," in first
    assert back["state"] == "succeeded", back
    assert second == first


def _export_csv(services: Services, partner: Partner, now: datetime) -> bytes:
    doc = services.exports.run_now(partner.id, ExportRequest(ExportFormat.CSV), ACTOR, now=now)
    assert doc["state"] == "succeeded", doc
    with services.exports.open_output(partner.id, doc["id"]) as stream:
        return stream.read()


def test_vocals_import_export_in_csv_and_json_and_round_trip(
    services: Services, partner: Partner, now: datetime
) -> None:
    """Issue 18: vocals and vocal_gender are columns of the catalog layout, both ways."""
    text = "title,isrc,vocals,vocal gender\nSung,GBUV71200495,Vocal,female\nPlain,,instrumental,\n"
    doc = run_import(services, partner, text.encode(), now)
    assert doc["state"] == "succeeded", doc
    with services.uow() as uow:
        by_title = {t.title: t for t in uow.tracks.where(partner.id)}
    assert (by_title["Sung"].vocals, by_title["Sung"].vocal_gender) == ("vocal", "female")
    assert by_title["Sung"].provenance["vocals"].source is Source.IMPORT
    assert (by_title["Plain"].vocals, by_title["Plain"].vocal_gender) == ("instrumental", None)

    first = _export_csv(services, partner, now)
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(first.decode()))}
    assert (rows["Sung"]["vocals"], rows["Sung"]["vocal_gender"]) == ("vocal", "female")
    assert rows["Plain"]["vocals"] == "instrumental"
    lines = services.exports.run_now(partner.id, ExportRequest(ExportFormat.JSON), ACTOR, now=now)
    with services.exports.open_output(partner.id, lines["id"]) as stream:
        objects = {o["title"]: o for o in map(json.loads, stream.read().decode().splitlines())}
    assert objects["Sung"]["vocal_gender"] == "female"
    assert "vocal_gender" not in objects["Plain"]  # nulls are left out

    other = services.partners.create_partner(
        "Vocals Round Trip " + partner.name, partner.tier, now=now, actor=ACTOR
    )
    assert run_import(services, other, first, now, name="export.csv")["state"] == "succeeded"
    assert _export_csv(services, other, now).count(b",vocal,female,") == 1

    bad = run_import(services, partner, b"title,vocals\nOdd,hummed\n", now)
    assert bad["state"] != "succeeded"
    assert any(field == "vocals" for _, field, _ in report_of(services, partner, bad))


def test_preview_start_import_export_in_csv_and_json_and_round_trip(
    services: Services, partner: Partner, now: datetime
) -> None:
    """Issue 18 item 4: preview_start_s is a column of the catalog layout, both ways."""
    text = "title,preview start\nHook,42.5\nNone set,\n"
    doc = run_import(services, partner, text.encode(), now)
    assert doc["state"] == "succeeded", doc
    with services.uow() as uow:
        by_title = {t.title: t for t in uow.tracks.where(partner.id)}
    assert by_title["Hook"].preview_start_s == 42.5
    assert by_title["Hook"].provenance["preview_start_s"].source is Source.IMPORT
    assert by_title["None set"].preview_start_s is None

    first = _export_csv(services, partner, now)
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(first.decode()))}
    assert rows["Hook"]["preview_start_s"] == "42.5"
    assert rows["None set"]["preview_start_s"] == ""
    lines = services.exports.run_now(partner.id, ExportRequest(ExportFormat.JSON), ACTOR, now=now)
    with services.exports.open_output(partner.id, lines["id"]) as stream:
        objects = {o["title"]: o for o in map(json.loads, stream.read().decode().splitlines())}
    assert objects["Hook"]["preview_start_s"] == 42.5

    other = services.partners.create_partner(
        "Preview Round Trip " + partner.name, partner.tier, now=now, actor=ACTOR
    )
    assert run_import(services, other, first, now, name="export.csv")["state"] == "succeeded"
    assert _export_csv(services, other, now).count(b",42.5,") == 1

    bad = run_import(services, partner, b"title,preview_start_s\nOdd,-3\n", now)
    assert bad["state"] != "succeeded"
    assert any(field == "preview_start_s" for _, field, _ in report_of(services, partner, bad))
