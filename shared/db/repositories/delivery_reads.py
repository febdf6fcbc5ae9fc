"""Reads for deliveries and imports: a release with everything around it, and id lookups."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import sqlalchemy as sa

from shared.db.repositories.assets import AssetRepository
from shared.db.repositories.deals import DealRepository
from shared.db.repositories.parties import PartyRepository
from shared.db.repositories.releases import ReleaseRepository
from shared.db.repositories.tracks import TrackRepository
from shared.db.repositories.works import WorkRepository
from shared.db.tables import assets, deals, parties, releases, tracks, works
from shared.domain.bundles import ReleaseBundle
from shared.domain.parties import Party
from shared.domain.recordings import SoundRecording
from shared.domain.works import MusicalWork
from shared.repositories import CatalogKind

_TABLES: dict[str, sa.Table] = {
    "party": parties,
    "release": releases,
    "work": works,
    "track": tracks,
    "deal": deals,
}


class DeliveryReads:
    """Catalog reads the standards and batch services need, always within one partner."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self.releases = ReleaseRepository(conn)
        self.tracks = TrackRepository(conn)
        self.parties = PartyRepository(conn)
        self.works = WorkRepository(conn)
        self.deals = DealRepository(conn)
        self.assets = AssetRepository(conn)

    def bundle(self, partner_id: UUID, release_id: UUID) -> ReleaseBundle:
        """A release with its tracks, deals, parties, works and assets (NotFound if missing)."""
        release = self.releases.get(partner_id, release_id)
        recordings = self.tracks.of_release(partner_id, release_id)
        work_ids = sorted({t.work_id for t in recordings if t.work_id}, key=str)
        found_works = self.works.where(partner_id, works.c.id.in_(work_ids)) if work_ids else []
        party_ids = {c.party_id for t in recordings for c in t.contributors}
        party_ids |= {a.party_id for a in release.artists}
        party_ids |= {w.party_id for work in found_works for w in work.writers}
        party_ids |= {p.party_id for work in found_works for p in work.publishers}
        found_parties = self.parties_by_id(partner_id, list(party_ids))
        if release.display_artist and not any(
            p.name.lower() == release.display_artist.lower() for p in found_parties
        ):
            named = self.parties.find_by_name(partner_id, release.display_artist)
            found_parties += [named] if named else []
        asset_ids = [t.asset_id for t in recordings if t.asset_id]
        found_assets = (
            self.assets.where(partner_id, assets.c.id.in_(asset_ids)) if asset_ids else []
        )
        return ReleaseBundle(
            release,
            tuple(recordings),
            tuple(self.deals.of_release(partner_id, release_id)),
            tuple(found_parties),
            tuple(found_works),
            tuple(found_assets),
        )

    def parties_by_id(self, partner_id: UUID, ids: Sequence[UUID]) -> list[Party]:
        """Parties by id."""
        return (
            self.parties.where(partner_id, parties.c.id.in_(list(ids)), limit=10_000) if ids else []
        )

    def matching_party(self, partner_id: UUID, party: Party) -> Party | None:
        """The catalog's party for ``party``: same ISNI, IPI or DPID, else the same name."""
        for column, value in (
            (parties.c.isni, party.isni),
            (parties.c.ipi_name_number, party.ipi_name_number),
            (parties.c.dpid, party.dpid),
        ):
            if value is not None:
                found = self.parties.where(partner_id, column == str(value), limit=1)
                if found:
                    return found[0]
        return self.parties.find_by_name(partner_id, party.name)

    def id_taken(self, kind: CatalogKind, partner_id: UUID, obj_id: UUID) -> bool:
        """True when a ``kind`` with this id exists in the partner (live or soft-deleted)."""
        table = _TABLES[kind]
        query = sa.select(sa.literal(1)).where(
            table.c.partner_id == partner_id, table.c.id == obj_id
        )
        return self._conn.execute(query).first() is not None

    def release_ids(self, partner_id: UUID, only: Sequence[UUID] | None = None) -> list[UUID]:
        """The partner's live releases (or those of ``only`` that exist), oldest first."""
        query = sa.select(releases.c.id).where(
            releases.c.partner_id == partner_id, releases.c.deleted_at.is_(None)
        )
        if only:
            query = query.where(releases.c.id.in_(list(only)))
        return [
            UUID(str(i))
            for i in self._conn.execute(
                query.order_by(releases.c.created_at, releases.c.id)
            ).scalars()
        ]

    def work_ids(self, partner_id: UUID, release_ids: Sequence[UUID] | None = None) -> list[UUID]:
        """Works of the partner, or the works recorded on the given releases."""
        if release_ids:
            query = (
                sa.select(tracks.c.work_id)
                .distinct()
                .where(
                    tracks.c.partner_id == partner_id,
                    tracks.c.deleted_at.is_(None),
                    tracks.c.release_id.in_(list(release_ids)),
                    tracks.c.work_id.is_not(None),
                )
            )
        else:
            query = sa.select(works.c.id).where(
                works.c.partner_id == partner_id, works.c.deleted_at.is_(None)
            )
        return sorted((UUID(str(i)) for i in self._conn.execute(query).scalars()), key=str)

    def tracks_of_works(self, partner_id: UUID, work_ids: Sequence[UUID]) -> list[SoundRecording]:
        """Recordings of the given works."""
        return (
            self.tracks.where(partner_id, tracks.c.work_id.in_(list(work_ids)), limit=100_000)
            if work_ids
            else []
        )

    def works_by_id(self, partner_id: UUID, work_ids: Sequence[UUID]) -> list[MusicalWork]:
        """Works by id, with writers and publishers."""
        return (
            self.works.where(partner_id, works.c.id.in_(list(work_ids)), limit=100_000)
            if work_ids
            else []
        )

    def deal_ids_of(self, partner_id: UUID, release_id: UUID) -> list[UUID]:
        """Live deal ids of a release."""
        query = sa.select(deals.c.id).where(
            deals.c.partner_id == partner_id,
            deals.c.release_id == release_id,
            deals.c.deleted_at.is_(None),
        )
        return [UUID(str(i)) for i in self._conn.execute(query).scalars()]
