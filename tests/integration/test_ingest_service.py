"""Ingest against real PostgreSQL, real files and real fpcalc: duplicates are found, never
silently doubled, and tags never overwrite what a person set."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import pytest

from shared.bootstrap import Services
from shared.domain.partners import Partner
from shared.domain.provenance import Provenance, Source
from shared.domain.uploads import StoredObject
from shared.ports import BlobInfo
from tests import audio_factory as af


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("rec")
    one = af.write_wav(folder / "one.wav", 20.0, seed=21)
    other = af.write_wav(folder / "other.wav", 20.0, seed=22)
    return {
        "flac": af.encode(one, folder / "one.flac").read_bytes(),
        "mp3": af.encode(one, folder / "one.mp3").read_bytes(),
        "other": af.encode(other, folder / "other.flac").read_bytes(),
    }


def _ingest(services: Services, partner: Partner, data: bytes, filename: str) -> dict:
    upload_id = "up_" + uuid.uuid4().hex[:20]
    info: BlobInfo = services.blobs.write(
        "uploads", f"{partner.id}/{upload_id}/{filename}", data, content_type="audio/flac"
    )
    services.ingest.ingest_upload(
        StoredObject(info.bucket, info.name, info.generation, info.size_bytes)
    )
    return services.uploads.get(upload_id, partner.id).model_dump(mode="json", exclude_unset=True)


def _tagged(data: bytes, tmp_path: Path, suffix: str, **changes: object) -> bytes:
    path = tmp_path / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(data)
    tags = {**af.PICARD_TAGS, **changes}
    if suffix == ".mp3":
        return af.tag_id3(path, tags).read_bytes()
    return af.tag_flac(path, tags).read_bytes()


def test_the_same_bytes_uploaded_again_link_to_the_existing_asset(
    services: Services, partner: Partner, recordings: dict[str, bytes]
) -> None:
    first = _ingest(services, partner, recordings["flac"], "a.flac")

    second = _ingest(services, partner, recordings["flac"], "a-again.flac")

    assert second["asset_id"] == first["asset_id"]
    assert second["track_id"] == first["track_id"]
    assert second["duplicate_of"]["reason"] == "same_content"
    assert [w["code"] for w in second["warnings"]] == ["same_content"]
    with services.uow() as uow:
        assert len(uow.assets.where(partner.id)) == 1


def test_an_mp3_of_a_flac_already_there_is_flagged_as_a_probable_duplicate(
    services: Services, partner: Partner, recordings: dict[str, bytes]
) -> None:
    flac = _ingest(services, partner, recordings["flac"], "master.flac")
    unrelated = _ingest(services, partner, recordings["other"], "other.flac")

    mp3 = _ingest(services, partner, recordings["mp3"], "master.mp3")

    assert mp3["duplicate_of"]["asset_id"] == flac["asset_id"]
    assert mp3["duplicate_of"]["similarity"] >= 0.85
    assert "probable_duplicate" in [w["code"] for w in mp3["warnings"]]
    assert mp3["duplicate_track_id"] == flac["track_id"]  # the compare screen's other track
    assert mp3["state"] == "queued"  # still its own asset, analysed like any other
    assert "duplicate_of" not in unrelated
    with services.uow() as uow:
        asset = uow.assets.get(partner.id, uuid.UUID(mp3["asset_id"]))
    assert asset.duplicate_of == uuid.UUID(flac["asset_id"])


def test_an_isrc_already_in_the_catalog_gives_a_merge_proposal(
    services: Services, partner: Partner, recordings: dict[str, bytes], tmp_path: Path
) -> None:
    first = _ingest(services, partner, _tagged(recordings["flac"], tmp_path, ".flac"), "a.flac")
    retitled = _tagged(recordings["other"], tmp_path, ".flac", title="Night Drive (Remix)")

    second = _ingest(services, partner, retitled, "b.flac")

    with services.uow() as uow:
        [proposal] = uow.merge_proposals.open_for_partner(partner.id)
    assert (str(proposal.existing_track_id), str(proposal.incoming_track_id)) == (
        first["track_id"],
        second["track_id"],
    )
    assert proposal.isrc == "GBAYE2100123"
    assert ("title", "Night Drive", "Night Drive (Remix)") in [
        (d.field, d.existing, d.incoming) for d in proposal.differences
    ]
    assert second["merge_proposal_id"] == str(proposal.id)
    assert second["duplicate_track_id"] == first["track_id"]
    warning = next(w for w in second["warnings"] if w["code"] == "isrc_in_catalog")
    assert first["track_id"] not in warning["message"]  # the track by its title, not its id


def test_tracks_of_one_album_share_a_release_and_a_person_s_edit_is_kept(
    services: Services, partner: Partner, recordings: dict[str, bytes], tmp_path: Path, now
) -> None:
    first = _ingest(services, partner, _tagged(recordings["flac"], tmp_path, ".flac"), "1.flac")
    with services.uow() as uow:
        track = uow.tracks.get(partner.id, uuid.UUID(first["track_id"]))
        release = uow.releases.get(partner.id, track.release_id)  # type: ignore[arg-type]
        edited = dataclasses.replace(
            release,
            label_name="Difference Records Ltd",
            provenance={**release.provenance, "label_name": Provenance(Source.HUMAN, now)},
        )
        uow.releases.save(edited, now=now)
    other = _tagged(recordings["other"], tmp_path, ".flac", isrc="GBAYE2100124", tracknumber="4")

    second = _ingest(services, partner, other, "2.flac")

    with services.uow() as uow:
        second_track = uow.tracks.get(partner.id, uuid.UUID(second["track_id"]))
        kept = uow.releases.get(partner.id, release.id)
    assert second_track.release_id == release.id
    assert kept.label_name == "Difference Records Ltd"


def test_without_fpcalc_the_reason_is_on_the_asset_and_the_status(
    services: Services, partner: Partner, recordings: dict[str, bytes], settings
) -> None:
    from shared.bootstrap import build_services

    no_fpcalc = build_services(settings.model_copy(update={"fpcalc_path": "no-such-fpcalc"}))
    try:
        doc = _ingest(no_fpcalc, partner, recordings["other"], "x.flac")
        with no_fpcalc.uow() as uow:
            asset = uow.assets.get(partner.id, uuid.UUID(doc["asset_id"]))
    finally:
        no_fpcalc.close()

    assert doc["state"] == "queued"
    assert asset.fingerprint is None
    assert asset.fingerprint_error is not None
    assert "libchromaprint-tools" in asset.fingerprint_error
    assert "no_fingerprint" in [w["code"] for w in doc["warnings"]]


def test_a_file_over_the_upload_limit_is_refused_without_reading_it(
    services: Services, partner: Partner, recordings: dict[str, bytes]
) -> None:
    limit = len(recordings["flac"]) - 1
    small = dataclasses.replace(services.ingest._config, max_upload_bytes=limit)
    services.ingest._config = small

    doc = _ingest(services, partner, recordings["flac"], "big.flac")

    assert doc["errors"][0]["code"] == "too_large"
    assert doc["errors"][0]["message"].endswith(f"over the {limit:,}-byte upload limit")
    with services.uow() as uow:
        assert uow.assets.where(partner.id) == []
