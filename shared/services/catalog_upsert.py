"""Turn one extraction into catalog rows, inside the caller's unit of work: the asset, its track
(with contributors and the work an ISWC names), the release its album tags describe, a merge
proposal when the ISRC is known already, a probable-duplicate flag when the fingerprint matches."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from uuid import UUID

from shared.domain.assets import Asset
from shared.domain.audit import Actor, AuditEvent, RetentionClass
from shared.domain.duplicates import FieldDifference, MergeProposal
from shared.domain.fingerprints import decode_fingerprint, similarity
from shared.domain.identifiers import Gtin, Isrc, Iswc
from shared.domain.media import Extraction, Notice, TagSet
from shared.domain.music import MusicalKey
from shared.domain.parties import Party
from shared.domain.provenance import Provenance, Source, may_replace
from shared.domain.recordings import Contributor, SoundRecording
from shared.domain.releases import Artwork, CopyrightLine, Release
from shared.domain.uploads import StoredObject, UploadRef
from shared.domain.works import MusicalWork, WorkWriter, WriterRole
from shared.errors import InvalidField
from shared.unit_of_work import UnitOfWork

INGEST_ACTOR = Actor.system("ingest")
_COPYRIGHT = re.compile(r"^\s*(℗|\(p\)|©|\(c\)|copyright|phonographic copyright)?\s*", re.I)
_YEAR = re.compile(r"^((?:19|20|21)\d\d)\b[\s,.]*")
_RELEASE_TYPES = {
    "album": "Album",
    "single": "Single",
    "ep": "EP",
    "compilation": "Album",
    "soundtrack": "Album",
    "live": "Album",
}
ArtworkWriter = Callable[[UUID, bytes, str], tuple[str, str]]  # (release, bytes, mime) -> where


@dataclass
class Upserted:
    """What the catalog now holds for one upload."""

    asset: Asset
    track: SoundRecording | None
    release: Release | None = None
    merge_proposal: MergeProposal | None = None
    created: bool = True  # False when another delivery of the same event got there first
    notices: list[Notice] = field(default_factory=list)
    duplicate_track_id: UUID | None = None  # a catalog track this one probably duplicates


@dataclass(frozen=True)
class NewUpload:
    """Everything known about one upload before it is written."""

    ref: UploadRef
    stored: StoredObject
    extraction: Extraction
    asset_id: UUID
    audio_object: str
    now: datetime


def upsert_upload(
    uow: UnitOfWork, upload: NewUpload, *, similarity_floor: float, artwork: ArtworkWriter
) -> Upserted:
    """Write asset, track, release (and proposal or duplicate flag) in ``uow``'s transaction."""
    partner_id = upload.ref.partner_id
    asset = _asset(upload, _probable_duplicate(uow, upload, similarity_floor))
    if not uow.assets.add_if_absent(asset, now=upload.now):
        # another delivery of this event, or the same bytes ingested a moment ago under another
        # upload (one live asset per content: the unique index decided who won)
        stored = upload.stored
        existing = (
            uow.assets.find_by_object(partner_id, stored.bucket, stored.name, stored.generation)
            or uow.assets.find_by_sha256(partner_id, upload.extraction.sha256)[0]
        )
        return Upserted(existing, uow.tracks.find_by_asset(partner_id, existing.id), created=False)
    tags = upload.extraction.tags
    notices: list[Notice] = []
    release = _release(uow, upload, artwork, notices) if tags.album else None
    known = uow.tracks.find_by_isrc(partner_id, Isrc(tags.isrc)) if tags.isrc else []
    track = _track(uow, upload, release, notices)
    uow.tracks.add(track, now=upload.now)
    proposal = _merge_proposal(uow, upload, known[0], track) if known else None
    uow.audit.append([_audit(upload, asset, track)])
    duplicate: SoundRecording | None = None
    if asset.duplicate_of is not None:
        duplicate = uow.tracks.find_by_asset(partner_id, asset.duplicate_of)
        notices.append(_duplicate_notice(asset, duplicate))
    if proposal is not None:
        duplicate = known[0]
        notices.append(
            Notice(
                "isrc_in_catalog",
                f"ISRC {tags.isrc} is already on the track {known[0].title!r}: compare the two "
                "to merge them",
            )
        )
    return Upserted(asset, track, release, proposal, notices=notices,
                    duplicate_track_id=duplicate.id if duplicate else None)  # fmt: skip


def _asset(upload: NewUpload, duplicate: tuple[Asset, float] | None) -> Asset:
    extraction = upload.extraction
    return Asset(
        id=upload.asset_id,
        partner_id=upload.ref.partner_id,
        bucket=upload.stored.bucket,
        object_name=upload.stored.name,
        generation=upload.stored.generation,
        size_bytes=extraction.size_bytes,
        created_at=upload.now,
        sha256=extraction.sha256,
        format=extraction.format,
        technical=extraction.technical,
        fingerprint=extraction.fingerprint,
        fingerprint_error=extraction.fingerprint_error,
        audio_object=upload.audio_object,
        status="extracted",
        upload_id=upload.ref.upload_id,
        original_filename=upload.ref.filename,
        duplicate_of=duplicate[0].id if duplicate else None,
        duplicate_similarity=round(duplicate[1], 3) if duplicate else None,
    )


def _probable_duplicate(
    uow: UnitOfWork, upload: NewUpload, floor: float
) -> tuple[Asset, float] | None:
    """The most similar fingerprinted asset of about the same duration, above ``floor``."""
    extraction = upload.extraction
    duration = extraction.technical.duration_s
    if not extraction.fingerprint or duration is None:
        return None
    mine = decode_fingerprint(extraction.fingerprint)
    best: tuple[Asset, float] | None = None
    for candidate in uow.assets.fingerprint_candidates(upload.ref.partner_id, int(duration * 1000)):
        if candidate.fingerprint is None or candidate.id == upload.asset_id:
            continue
        try:
            score = similarity(mine, decode_fingerprint(candidate.fingerprint))
        except InvalidField:
            continue
        if score >= floor and (best is None or score > best[1]):
            best = (candidate, score)
    return best


def _duplicate_notice(asset: Asset, other: SoundRecording | None) -> Notice:
    named = f"the track {other.title!r}" if other else f"the audio of asset {asset.duplicate_of}"
    return Notice(
        "probable_duplicate",
        f"probably the same recording as {named}: fingerprints "
        f"{(asset.duplicate_similarity or 0) * 100:.0f}% alike; compare the two to merge them",
    )


def _tag_provenance(upload: NewUpload, tags: TagSet, name: str) -> Provenance:
    return Provenance(
        Source.TAG, upload.now, actor=upload.ref.filename, detail=tags.sources.get(name)
    )


def _track(
    uow: UnitOfWork, upload: NewUpload, release: Release | None, notices: list[Notice]
) -> SoundRecording:
    tags, technical = upload.extraction.tags, upload.extraction.technical
    partner_id = upload.ref.partner_id
    title = tags.title or PurePosixPath(upload.ref.filename).stem or upload.ref.filename
    if not tags.title:
        notices.append(Notice("no_title", f"no title tag: the track is titled {title!r}"))
    p_line = _copyright(tags.copyright)
    values: dict[str, Any] = {
        "isrc": Isrc(tags.isrc) if tags.isrc else None,
        "display_artist": tags.artist or tags.albumartist,
        "genre": tags.genre,
        "bpm": tags.bpm,
        "key": MusicalKey.parse(tags.key) if tags.key else None,
        "explicit": tags.explicit,
        "language": tags.language,
        "p_line": p_line[1] if p_line and p_line[0] == "P" else None,
        "disc_number": tags.discnumber,
        "track_number": tags.tracknumber,
    }
    present = {name: value for name, value in values.items() if value is not None}
    provenance = {name: _tag_provenance(upload, tags, _tag_name(name)) for name in present}
    provenance["title"] = _tag_provenance(upload, tags, "title")
    duration_ms = int(round((technical.duration_s or 0) * 1000)) or None
    if duration_ms:
        provenance["duration_ms"] = Provenance(Source.DSP, upload.now, detail="stream header")
    return SoundRecording(
        id=uuid.uuid4(),
        partner_id=partner_id,
        title=title,
        duration_ms=duration_ms,
        release_id=release.id if release else None,
        work_id=_work(uow, upload, title),
        asset_id=upload.asset_id,
        contributors=_contributors(uow, upload),
        provenance=provenance,
        **present,
    )


_TAG_NAMES = {
    "display_artist": "artist",
    "disc_number": "discnumber",
    "track_number": "tracknumber",
    "p_line": "copyright",
}


def _tag_name(field_name: str) -> str:
    return _TAG_NAMES.get(field_name, field_name)


def _contributors(uow: UnitOfWork, upload: NewUpload) -> tuple[Contributor, ...]:
    tags = upload.extraction.tags
    credits = [(name, "MainArtist") for name in tags.artists]
    credits += [(name, "Composer") for name in _names(tags.composer)]
    # DDEX has no Lyricist role on a recording (it is a MusicalWork role): see _writers
    contributors: list[Contributor] = []
    sequence: dict[str, int] = {}
    for name, role in credits:
        party = _party(uow, upload, name)
        sequence[role] = sequence.get(role, 0) + 1
        contributors.append(Contributor(party.id, party.name, role, sequence[role]))
    return tuple(contributors)


def _names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _party(uow: UnitOfWork, upload: NewUpload, name: str) -> Party:
    partner_id = upload.ref.partner_id
    found = uow.parties.find_by_name(partner_id, name)
    if found is not None:
        return found
    origin = Provenance(Source.TAG, upload.now, actor=upload.ref.filename)
    party = Party(uuid.uuid4(), partner_id, name[:500], provenance={"name": origin})
    uow.parties.add(party, now=upload.now)
    return party


def _work(uow: UnitOfWork, upload: NewUpload, title: str) -> UUID | None:
    tags = upload.extraction.tags
    if not tags.iswc:
        return None
    iswc = Iswc(tags.iswc)
    found = uow.works.find_by_iswc(upload.ref.partner_id, iswc)
    if found:
        return found[0].id
    work = MusicalWork(
        uuid.uuid4(),
        upload.ref.partner_id,
        title,
        iswc=iswc,
        language=tags.language,
        writers=_writers(uow, upload),
        provenance={"iswc": _tag_provenance(upload, tags, "iswc")},
    )
    uow.works.add(work, now=upload.now)
    return work.id


def _writers(uow: UnitOfWork, upload: NewUpload) -> tuple[WorkWriter, ...]:
    """Composer and lyricist tags as the work's writers (CWR C, A or CA; shares unknown)."""
    tags = upload.extraction.tags
    composers, lyricists = _names(tags.composer), _names(tags.lyricist)
    writers = []
    for name in dict.fromkeys([*composers, *lyricists]):
        if name in composers and name in lyricists:
            role = WriterRole.COMPOSER_AUTHOR
        else:
            role = WriterRole.COMPOSER if name in composers else WriterRole.AUTHOR
        party = _party(uow, upload, name)
        writers.append(WorkWriter(party.id, party.name, role, controlled=False))
    return tuple(writers)


def _release(
    uow: UnitOfWork, upload: NewUpload, artwork: ArtworkWriter, notices: list[Notice]
) -> Release:
    tags = upload.extraction.tags
    assert tags.album is not None
    partner_id = upload.ref.partner_id
    artist = tags.albumartist or tags.artist
    found = uow.releases.find_by_upc(partner_id, Gtin(tags.barcode)) if tags.barcode else []
    existing = (
        found[0] if found else uow.releases.find_by_title_and_artist(partner_id, tags.album, artist)
    )
    incoming = _release_values(tags)
    if existing is None:
        release = Release(
            uuid.uuid4(), partner_id, tags.album, display_artist=artist, provenance={}, **incoming
        )
        named = ["title", *incoming] + (["display_artist"] if artist else [])
        release = _with_provenance(release, upload, named)
        release = _with_artwork(release, upload, artwork)
        uow.releases.add(release, now=upload.now)
        return release
    updated = _fill_release(existing, incoming, upload)
    updated = _with_artwork(updated, upload, artwork)
    if updated != existing or updated.provenance != existing.provenance:
        uow.releases.save(updated, now=upload.now)
    return updated


def _release_values(tags: TagSet) -> dict[str, Any]:
    line = _copyright(tags.copyright)
    values: dict[str, Any] = {
        "upc": Gtin(tags.barcode) if tags.barcode else None,
        "label_name": tags.label,
        "catalog_number": tags.catalognumber,
        "release_date": _full_date(tags.date),
        "original_release_date": _full_date(tags.originaldate),
        "genre": tags.genre,
        "release_type": _RELEASE_TYPES.get((tags.releasetype or "").lower()),
        "p_line": line[1] if line and line[0] == "P" else None,
        "c_line": line[1] if line and line[0] == "C" else None,
        "parental_advisory": None
        if tags.explicit is None
        else ("Explicit" if tags.explicit else "NotExplicit"),
    }
    return {name: value for name, value in values.items() if value is not None}


def _with_provenance(release: Release, upload: NewUpload, names: list[str]) -> Release:
    tags = upload.extraction.tags
    provenance = {
        name: _tag_provenance(upload, tags, _RELEASE_TAGS.get(name, name)) for name in names
    }
    return replace(release, provenance={**release.provenance, **provenance})


_RELEASE_TAGS = {
    "title": "album",
    "display_artist": "albumartist",
    "upc": "barcode",
    "label_name": "label",
    "catalog_number": "catalognumber",
    "release_date": "date",
    "original_release_date": "originaldate",
    "release_type": "releasetype",
    "p_line": "copyright",
    "c_line": "copyright",
    "parental_advisory": "explicit",
}


def _fill_release(existing: Release, incoming: dict[str, Any], upload: NewUpload) -> Release:
    """Fill what is missing; replace only values a tag may replace and no tag set (AI, DSP):
    a person's edit, an import or another track's tags stay."""
    changes: dict[str, Any] = {}
    for name, value in incoming.items():
        current = getattr(existing, name)
        origin = existing.provenance.get(name)
        empty = current is None or (name == "release_type" and origin is None)
        replaceable = (
            origin is not None
            and origin.source not in (Source.TAG,)
            and may_replace(origin, Source.TAG)
        )
        if value != current and (empty or replaceable):
            changes[name] = value
    if not changes:
        return existing
    return _with_provenance(replace(existing, **changes), upload, list(changes))


def _with_artwork(release: Release, upload: NewUpload, artwork: ArtworkWriter) -> Release:
    cover = upload.extraction.tags.cover
    data = upload.extraction.cover_data
    if (
        release.artwork is not None
        or cover is None
        or not data
        or not cover.width
        or not cover.height
    ):
        return release
    bucket, object_name = artwork(release.id, data, cover.mime_type)
    art = Artwork(bucket, object_name, cover.mime_type, cover.width, cover.height, cover.size_bytes)
    return _with_provenance(replace(release, artwork=art), upload, ["artwork"])


def _merge_proposal(
    uow: UnitOfWork, upload: NewUpload, existing: SoundRecording, incoming: SoundRecording
) -> MergeProposal:
    compared = ("title", "display_artist", "duration_ms", "genre", "bpm", "release_id")
    differences = tuple(
        FieldDifference(name, _plain(getattr(existing, name)), _plain(getattr(incoming, name)))
        for name in compared
        if getattr(existing, name) != getattr(incoming, name)
    )
    proposal = MergeProposal(
        id=uuid.uuid4(),
        partner_id=upload.ref.partner_id,
        existing_track_id=existing.id,
        incoming_track_id=incoming.id,
        created_at=upload.now,
        isrc=str(incoming.isrc) if incoming.isrc else None,
        incoming_asset_id=upload.asset_id,
        upload_id=upload.ref.upload_id,
        differences=differences,
    )
    uow.merge_proposals.add(proposal)
    return proposal


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _copyright(text: str | None) -> tuple[str, CopyrightLine] | None:
    """``("P", line)`` for a ℗ line (also a bare "2021 Label"), ``("C", line)`` for a © one."""
    if not text:
        return None
    match = _COPYRIGHT.match(text)
    symbol = (match.group(1) or "").lower() if match else ""
    rest = text[match.end() :] if match else text
    year_match = _YEAR.match(rest)
    year = int(year_match.group(1)) if year_match else None
    owner = (rest[year_match.end() :] if year_match else rest).strip() or rest.strip()
    kind = "C" if symbol in ("©", "(c)", "copyright") else "P"
    return kind, CopyrightLine(owner[:500], year)


def _full_date(text: str | None) -> date | None:
    if text is None or len(text) != 10:
        return None
    return date.fromisoformat(text)


def _audit(upload: NewUpload, asset: Asset, track: SoundRecording) -> AuditEvent:
    return AuditEvent(
        id=uuid.uuid4(),
        occurred_at=upload.now,
        action="upload.ingest",
        actor=INGEST_ACTOR,
        retention_class=RetentionClass.OPERATIONAL,
        partner_id=upload.ref.partner_id,
        entity_type="track",
        entity_id=track.id,
        detail={
            "asset_id": str(asset.id),
            "upload_id": upload.ref.upload_id,
            "object": upload.stored.key,
            "sha256": asset.sha256,
        },
    )
