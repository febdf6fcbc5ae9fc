"""The local watch folder: dropped files are ingested, never lost, and a folder naming no
partner is reported clearly."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.local.watch_folder import LOOSE_NOTE, UNKNOWN_NOTE, WatchFolder
from tests import audio_factory as af


def _finalize_messages(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM bus_messages WHERE subscription = 'ingest'")
            ).scalar_one()
        )


def test_a_dropped_file_is_moved_into_the_uploads_bucket_once_it_stops_changing(
    services: Services, partner: Partner, tmp_path: Path, clean_bus: None
) -> None:
    inbox = tmp_path / "inbox"
    folder = inbox / partner.name
    folder.mkdir(parents=True)
    song = af.encode(af.write_wav(tmp_path / "s.wav", 3.0, seed=41), folder / "Song One.flac")
    watcher = WatchFolder(services, inbox)

    first_scan = watcher.scan_once()  # seen once: maybe still being copied
    [upload_id] = watcher.scan_once()

    doc = services.uploads.get(upload_id, partner.id).model_dump(mode="json", exclude_unset=True)
    assert first_scan == []
    assert not song.exists()
    assert (doc["filename"], doc["source"], doc["state"]) == (
        "Song One.flac",
        "watch_folder",
        "received",
    )
    assert [
        i.name for i in services.blobs.list("uploads", prefix=f"{partner.id}/{upload_id}/")
    ] == [f"{partner.id}/{upload_id}/original"]  # the name is metadata, never a path
    assert _finalize_messages(services) == 1  # ingest takes it from here, as for an API upload


def test_a_folder_named_by_partner_id_works_too(
    services: Services, partner: Partner, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox" / str(partner.id)
    folder.mkdir(parents=True)
    (folder / "a.mp3").write_bytes(b"ID3 not really")
    watcher = WatchFolder(services, tmp_path / "inbox")

    watcher.scan_once()

    assert len(watcher.scan_once()) == 1


def test_an_unknown_partner_folder_is_reported_and_its_files_stay(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox" / "Nobody Records"
    folder.mkdir(parents=True)
    (folder / "a.flac").write_bytes(b"fLaC")
    watcher = WatchFolder(services, tmp_path / "inbox")

    watcher.scan_once()
    watcher.scan_once()

    assert (folder / "a.flac").exists()
    assert "'Nobody Records' names no partner" in (folder / UNKNOWN_NOTE).read_text()
    assert watcher.state().endswith("folders naming no partner: Nobody Records")


def test_a_file_dropped_in_the_inbox_itself_is_reported_until_it_is_moved_to_a_partner(
    services: Services, partner: Partner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "loose.flac").write_bytes(b"fLaC")
    watcher = WatchFolder(services, inbox)

    with caplog.at_level(logging.ERROR, logger="shared.local.watch_folder"):
        watcher.scan_once()
        watcher.scan_once()

    assert (inbox / "loose.flac").exists()
    assert "loose.flac" in (inbox / LOOSE_NOTE).read_text()
    assert watcher.state().endswith("1 file(s) outside a partner folder, not read")
    assert [r.getMessage() for r in caplog.records].count(
        f"watch folder: loose.flac not read: files go in {inbox}/<partner name or id>/"
    ) == 1  # once, not on every scan
    (inbox / partner.name).mkdir()
    (inbox / "loose.flac").replace(inbox / partner.name / "loose.flac")
    watcher.scan_once()
    assert not (inbox / LOOSE_NOTE).exists()
    assert "outside a partner folder" not in watcher.state()


def test_a_file_refused_before_upload_is_moved_aside_with_the_reason(
    services: Services, partner: Partner, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox" / partner.name
    folder.mkdir(parents=True)
    (folder / "empty.wav").write_bytes(b"")
    watcher = WatchFolder(services, tmp_path / "inbox")

    watcher.scan_once()
    watcher.scan_once()

    assert (folder / "_refused" / "empty.wav").exists()
    assert "empty file" in (folder / "_refused" / "empty.wav.txt").read_text()
