"""Tracks (sound recordings) and their contributors."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import (
    Row,
    SearchableRepository,
    as_tuple,
    provenance_from_json,
    provenance_to_json,
)
from shared.db.repositories.releases import line_from_json, line_to_json
from shared.db.tables import parties, releases, track_contributors, tracks
from shared.domain.identifiers import Isrc
from shared.domain.music import MusicalKey
from shared.domain.recordings import Contributor, MasterSplit, SoundRecording, TrackListFacts


class TrackRepository(SearchableRepository[SoundRecording]):
    """Sound recordings of a partner; contributors load with them in one extra query."""

    table = tracks
    noun = "track"

    def _touch(self, obj: SoundRecording) -> None:
        self._touched.track(obj.partner_id, obj.id, str(obj.isrc) if obj.isrc else None)

    def _touch_id(self, partner_id: UUID, obj_id: UUID) -> None:
        self._touched.track(partner_id, obj_id)

    def _touch_row(self, partner_id: UUID, row: sa.Row[Any]) -> None:
        self._touched.track(partner_id, row.id, row.isrc)

    def to_row(self, obj: SoundRecording) -> dict[str, Any]:
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "release_id": obj.release_id,
            "work_id": obj.work_id,
            "asset_id": obj.asset_id,
            "isrc": str(obj.isrc) if obj.isrc else None,
            "title": obj.title,
            "version_title": obj.version_title,
            "display_artist": obj.display_artist,
            "duration_ms": obj.duration_ms,
            "genre": obj.genre,
            "sub_genre": obj.sub_genre,
            "moods": list(obj.moods),
            "bpm": None if obj.bpm is None else Decimal(str(round(obj.bpm, 2))),
            "musical_key": str(obj.key) if obj.key else None,
            "explicit": obj.explicit,
            "language": obj.language,
            "p_line": line_to_json(obj.p_line),
            "disc_number": obj.disc_number,
            "track_number": obj.track_number,
            "status": obj.status,
            "provenance": provenance_to_json(obj.provenance),
            "vocals": obj.vocals,
            "vocal_gender": obj.vocal_gender,
            "era_hint": obj.era_hint,
            "preview_start_s": obj.preview_start_s,
            "master_splits": [
                {"party_id": str(s.party_id), "name": s.name, "share": str(s.share)}
                for s in obj.master_splits
            ],
        }

    def from_row(self, row: Row) -> SoundRecording:
        return self._from_row(row, ())

    def _from_row(self, row: Row, contributors: tuple[Contributor, ...]) -> SoundRecording:
        return self.from_row_with_credits(row, contributors)

    @staticmethod
    def from_row_with_credits(
        row: Mapping[Any, Any], contributors: tuple[Contributor, ...]
    ) -> SoundRecording:
        """The track of a row whose credits were read with it (the API's read path)."""
        return SoundRecording(
            id=row["id"],
            partner_id=row["partner_id"],
            title=row["title"],
            isrc=Isrc(row["isrc"]) if row["isrc"] else None,
            version_title=row["version_title"],
            display_artist=row["display_artist"],
            duration_ms=row["duration_ms"],
            release_id=row["release_id"],
            work_id=row["work_id"],
            asset_id=row["asset_id"],
            contributors=contributors,
            genre=row["genre"],
            sub_genre=row["sub_genre"],
            moods=as_tuple(row["moods"]),
            bpm=None if row["bpm"] is None else float(row["bpm"]),
            key=MusicalKey.parse(row["musical_key"]) if row["musical_key"] else None,
            explicit=row["explicit"],
            language=row["language"],
            p_line=line_from_json(row["p_line"]),
            disc_number=row["disc_number"],
            track_number=row["track_number"],
            status=row["status"],
            provenance=provenance_from_json(row["provenance"]),
            vocals=row["vocals"],
            vocal_gender=row["vocal_gender"],
            era_hint=row["era_hint"],
            preview_start_s=row["preview_start_s"],
            master_splits=tuple(
                MasterSplit(UUID(s["party_id"]), s["name"], Decimal(s["share"]))
                for s in row.get("master_splits") or ()
            ),
        )

    def find(self, partner_id: UUID, obj_id: UUID) -> SoundRecording | None:
        # no ORDER BY ... LIMIT 1: on a large partition the planner would walk a sort index
        # instead of the primary key
        row = (
            self._conn.execute(sa.select(tracks).where(self._key(partner_id, obj_id), self._live()))
            .mappings()
            .first()
        )
        return None if row is None else self.rows_to_objects([row])[0]

    def where(
        self, partner_id: UUID, *conditions: sa.ColumnElement[bool], limit: int = 1000
    ) -> list[SoundRecording]:
        rows = list(
            self._conn.execute(
                sa.select(tracks)
                .where(tracks.c.partner_id == partner_id, self._live(), *conditions)
                .order_by(tracks.c.disc_number, tracks.c.track_number, tracks.c.created_at)
                .limit(limit)
            ).mappings()
        )
        credits = self.contributors_of(partner_id, [row["id"] for row in rows])
        return [self._from_row(row, credits.get(row["id"], ())) for row in rows]

    def rows_to_objects(self, rows: Sequence[Row]) -> list[SoundRecording]:
        """Tracks with their contributors, loaded in one extra query for the whole page."""
        if not rows:
            return []
        credits = self.contributors_of(rows[0]["partner_id"], [row["id"] for row in rows])
        return [self._from_row(row, credits.get(row["id"], ())) for row in rows]

    def list_facts(self, partner_id: UUID, track_ids: Sequence[UUID]) -> dict[UUID, TrackListFacts]:
        """Release title and last change of each track, in one query (a grid page's extras)."""
        if not track_ids:
            return {}
        of_release = sa.and_(
            releases.c.partner_id == tracks.c.partner_id, releases.c.id == tracks.c.release_id
        )
        rows = self._conn.execute(
            sa.select(tracks.c.id, tracks.c.updated_at, releases.c.title)
            .select_from(tracks.outerjoin(releases, of_release))
            .where(tracks.c.partner_id == partner_id, tracks.c.id.in_(list(track_ids)))
        )
        return {row.id: TrackListFacts(row.title, row.updated_at) for row in rows}

    def find_by_isrc(self, partner_id: UUID, isrc: Isrc) -> list[SoundRecording]:
        """The partner's tracks with this ISRC (more than one means a duplicate to merge)."""
        return self.where(partner_id, tracks.c.isrc == str(isrc))

    def ids_with_isrc(self, partner_id: UUID, isrc: str) -> list[UUID]:
        """Ids of the partner's live tracks with this ISRC (no other columns: a cache index)."""
        rows = self._conn.execute(
            sa.select(tracks.c.id)
            .where(tracks.c.partner_id == partner_id, tracks.c.isrc == isrc, self._live())
            .order_by(tracks.c.created_at, tracks.c.id)  # the list's default order
        )
        return [UUID(str(track_id)) for track_id in rows.scalars()]

    def find_by_asset(self, partner_id: UUID, asset_id: UUID) -> SoundRecording | None:
        """The track an asset's audio belongs to, if any."""
        found = self.where(partner_id, tracks.c.asset_id == asset_id, limit=1)
        return found[0] if found else None

    def of_release(self, partner_id: UUID, release_id: UUID) -> list[SoundRecording]:
        """A release's tracks in disc and track order."""
        return self.where(partner_id, tracks.c.release_id == release_id)

    def contributors_of(
        self, partner_id: UUID, track_ids: Sequence[UUID]
    ) -> dict[UUID, tuple[Contributor, ...]]:
        """Contributors of many tracks in one query, keyed by track id."""
        if not track_ids:
            return {}
        rows = self._conn.execute(
            sa.select(track_contributors, parties.c.name)
            .join(
                parties,
                sa.and_(
                    parties.c.partner_id == track_contributors.c.partner_id,
                    parties.c.id == track_contributors.c.party_id,
                ),
            )
            .where(
                track_contributors.c.partner_id == partner_id,
                track_contributors.c.track_id.in_(track_ids),
            )
            .order_by(track_contributors.c.sequence)
        ).mappings()
        found: dict[UUID, list[Contributor]] = {}
        for row in rows:
            share = None if row["share"] is None else float(row["share"])
            found.setdefault(row["track_id"], []).append(
                Contributor(row["party_id"], row["name"], row["role"], row["sequence"], share)
            )
        return {track_id: tuple(items) for track_id, items in found.items()}

    def replace_contributors(self, track: SoundRecording, *, now: datetime) -> None:
        """Make the stored credits exactly ``track.contributors``."""
        self._touch(track)
        self._conn.execute(
            sa.delete(track_contributors).where(
                track_contributors.c.partner_id == track.partner_id,
                track_contributors.c.track_id == track.id,
            )
        )
        if not track.contributors:
            return
        self._conn.execute(
            sa.insert(track_contributors),
            [
                {
                    "partner_id": track.partner_id,
                    "id": uuid.uuid4(),
                    "track_id": track.id,
                    "party_id": c.party_id,
                    "role": c.role,
                    "sequence": c.sequence,
                    "share": None if c.share is None else Decimal(str(c.share)),
                    "provenance": {},
                }
                for c in track.contributors
            ],
        )

    def add(self, obj: SoundRecording, *, now: datetime) -> SoundRecording:
        super().add(obj, now=now)
        self.replace_contributors(obj, now=now)
        return obj
