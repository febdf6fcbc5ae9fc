"""Releases."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.base import (
    Row,
    SearchableRepository,
    provenance_from_json,
    provenance_to_json,
)
from shared.db.tables import parties, release_artists, releases
from shared.domain.identifiers import Grid, Gtin
from shared.domain.releases import ArtistCredit, Artwork, CopyrightLine, Release


def line_to_json(line: CopyrightLine | None) -> dict[str, Any] | None:
    """A P-line or C-line as JSONB."""
    return None if line is None else {"text": line.text, "year": line.year}


def line_from_json(raw: dict[str, Any] | None) -> CopyrightLine | None:
    """The inverse of ``line_to_json``."""
    return None if not raw else CopyrightLine(text=raw["text"], year=raw.get("year"))


class ReleaseRepository(SearchableRepository[Release]):
    """Releases of a partner."""

    table = releases
    noun = "release"

    def to_row(self, obj: Release) -> dict[str, Any]:
        artwork = obj.artwork
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "title": obj.title,
            "version_title": obj.version_title,
            "release_type": obj.release_type,
            "upc": str(obj.upc) if obj.upc else None,
            "grid": str(obj.grid) if obj.grid else None,
            "catalog_number": obj.catalog_number,
            "display_artist": obj.display_artist,
            "label_name": obj.label_name,
            "release_date": obj.release_date,
            "original_release_date": obj.original_release_date,
            "p_line": line_to_json(obj.p_line),
            "c_line": line_to_json(obj.c_line),
            "genre": obj.genre,
            "sub_genre": obj.sub_genre,
            "parental_advisory": obj.parental_advisory,
            "territories": sorted(obj.territories),
            "artwork": None
            if artwork is None
            else {
                "bucket": artwork.bucket,
                "object_name": artwork.object_name,
                "mime_type": artwork.mime_type,
                "width": artwork.width,
                "height": artwork.height,
                "size_bytes": artwork.size_bytes,
            },  # fmt: skip
            "status": obj.status,
            "provenance": provenance_to_json(obj.provenance),
        }

    def from_row(self, row: Row) -> Release:
        return Release(
            id=row["id"],
            partner_id=row["partner_id"],
            title=row["title"],
            release_type=row["release_type"],
            version_title=row["version_title"],
            upc=Gtin(row["upc"]) if row["upc"] else None,
            grid=Grid(row["grid"]) if row["grid"] else None,
            catalog_number=row["catalog_number"],
            display_artist=row["display_artist"],
            label_name=row["label_name"],
            release_date=row["release_date"],
            original_release_date=row["original_release_date"],
            p_line=line_from_json(row["p_line"]),
            c_line=line_from_json(row["c_line"]),
            genre=row["genre"],
            sub_genre=row["sub_genre"],
            parental_advisory=row["parental_advisory"],
            territories=frozenset(row["territories"]),
            artwork=Artwork(**row["artwork"]) if row["artwork"] else None,
            status=row["status"],
            provenance=provenance_from_json(row["provenance"]),
        )

    def rows_to_objects(self, rows: Sequence[Row]) -> list[Release]:
        """Releases with their artist credits: one extra query for the whole page."""
        if not rows:
            return []
        credits = self.artists_of(rows[0]["partner_id"], [row["id"] for row in rows])
        return [
            dataclasses.replace(self.from_row(row), artists=credits.get(row["id"], ()))
            for row in rows
        ]

    def find(self, partner_id: UUID, obj_id: UUID) -> Release | None:
        found = super().find(partner_id, obj_id)
        if found is None:
            return None
        return dataclasses.replace(
            found, artists=self.artists_of(partner_id, [obj_id]).get(obj_id, ())
        )

    def where(
        self, partner_id: UUID, *conditions: sa.ColumnElement[bool], limit: int = 1000
    ) -> list[Release]:
        found = super().where(partner_id, *conditions, limit=limit)
        credits = self.artists_of(partner_id, [r.id for r in found])
        return [dataclasses.replace(r, artists=credits.get(r.id, ())) for r in found]

    def artists_of(
        self, partner_id: UUID, release_ids: Sequence[UUID]
    ) -> dict[UUID, tuple[ArtistCredit, ...]]:
        """Artist credits of many releases in one query, keyed by release id, in order."""
        if not release_ids:
            return {}
        rows = self._conn.execute(
            sa.select(release_artists, parties.c.name)
            .join(parties, sa.and_(parties.c.partner_id == release_artists.c.partner_id,
                                   parties.c.id == release_artists.c.party_id))
            .where(release_artists.c.partner_id == partner_id,
                   release_artists.c.release_id.in_(list(release_ids)))
            .order_by(release_artists.c.sequence)
        ).mappings()  # fmt: skip
        found: dict[UUID, list[ArtistCredit]] = {}
        for row in rows:
            found.setdefault(row["release_id"], []).append(
                ArtistCredit(row["party_id"], row["name"], row["role"], row["sequence"])
            )
        return {release_id: tuple(items) for release_id, items in found.items()}

    def add(self, obj: Release, *, now: datetime) -> Release:
        super().add(obj, now=now)
        if obj.artists:
            self.replace_artists(obj)
        return obj

    def replace_artists(self, release: Release) -> None:
        """Make the stored artist credits exactly ``release.artists``."""
        self._touch(release)
        self._conn.execute(
            sa.delete(release_artists).where(
                release_artists.c.partner_id == release.partner_id,
                release_artists.c.release_id == release.id,
            )
        )
        if release.artists:
            self._conn.execute(
                sa.insert(release_artists),
                [
                    {"partner_id": release.partner_id, "id": uuid.uuid4(),
                     "release_id": release.id, "party_id": a.party_id, "role": a.role,
                     "sequence": a.sequence}
                    for a in release.artists
                ],
            )  # fmt: skip

    def find_by_upc(self, partner_id: UUID, upc: Gtin) -> list[Release]:
        """The partner's releases with this UPC/EAN."""
        return self.where(partner_id, releases.c.upc == str(upc))

    def find_by_title_and_artist(
        self, partner_id: UUID, title: str, display_artist: str | None
    ) -> Release | None:
        """The partner's release with this title and artist (case-insensitive), if any."""
        artist = releases.c.display_artist
        found = self.where(
            partner_id,
            sa.func.lower(releases.c.title) == title.strip().lower(),
            artist.is_(None)
            if display_artist is None
            else sa.func.lower(artist) == display_artist.strip().lower(),
            limit=1,
        )
        return found[0] if found else None
