"""Partners (tenants): not partitioned, looked up by id or name."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shared.db.partitions import dedicate_partitions
from shared.db.repositories.base import Row
from shared.db.tables import partner_ddex_senders, partner_ddex_stores, partners
from shared.domain.ddex_parties import DdexParties, DdexStore
from shared.domain.identifiers import Dpid
from shared.domain.partners import Partner, Tier
from shared.errors import Conflict, NotFound


def _partner(row: Row) -> Partner:
    return Partner(
        id=row["id"],
        name=row["name"],
        tier=Tier(row["tier"]),
        created_at=row["created_at"],
        audio_retention_days=row["audio_retention_days"],
        legal_hold=row["legal_hold"],
    )


class PartnerRepository:
    """Tenants."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, partner: Partner) -> Partner:
        """Insert; Conflict when the name is taken (names are unique, case-insensitively)."""
        if self.find_by_name(partner.name) is not None:
            raise Conflict(f"a partner named {partner.name!r} already exists")
        self._conn.execute(
            sa.insert(partners).values(
                id=partner.id,
                name=partner.name,
                tier=partner.tier.value,
                audio_retention_days=partner.audio_retention_days,
                legal_hold=partner.legal_hold,
                created_at=partner.created_at,
            )
        )
        return partner

    def get(self, partner_id: UUID) -> Partner:
        """The partner; NotFound otherwise."""
        row = (
            self._conn.execute(
                sa.select(partners).where(
                    partners.c.id == partner_id, partners.c.deleted_at.is_(None)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"partner {partner_id} not found")
        return _partner(row)

    def find_by_name(self, name: str) -> Partner | None:
        """Case-insensitive lookup by name."""
        row = (
            self._conn.execute(
                sa.select(partners).where(
                    sa.func.lower(partners.c.name) == name.strip().lower(),
                    partners.c.deleted_at.is_(None),
                )
            )
            .mappings()
            .first()
        )
        return None if row is None else _partner(row)

    def get_by_name_or_id(self, reference: str) -> Partner:
        """Resolve what a CLI user typed: a partner's name or its id."""
        try:
            return self.get(UUID(reference))
        except ValueError:
            found = self.find_by_name(reference)
        if found is None:
            raise NotFound(f"no partner named {reference!r}")
        return found

    def list_all(self) -> list[Partner]:
        """Every live partner, by name."""
        rows = self._conn.execute(
            sa.select(partners).where(partners.c.deleted_at.is_(None)).order_by(partners.c.name)
        ).mappings()
        return [_partner(row) for row in rows]

    def update(self, partner: Partner) -> None:
        """Write tier, retention and legal hold."""
        self._conn.execute(
            sa.update(partners)
            .where(partners.c.id == partner.id)
            .values(
                name=partner.name,
                tier=partner.tier.value,
                audio_retention_days=partner.audio_retention_days,
                legal_hold=partner.legal_hold,
            )
        )

    def dedicate_partitions(self, partner_id: UUID) -> list[str]:
        """Give the partner its own partition of every catalog table; return those created."""
        return dedicate_partitions(self._conn, partner_id)

    def ddex_parties(self, partner_id: UUID) -> DdexParties:
        """The partner's DDEX sender and stores; empty when never set."""
        sender = (
            self._conn.execute(
                sa.select(partner_ddex_senders).where(
                    partner_ddex_senders.c.partner_id == partner_id
                )
            )
            .mappings()
            .first()
        )
        rows = self._conn.execute(
            sa.select(partner_ddex_stores)
            .where(partner_ddex_stores.c.partner_id == partner_id)
            .order_by(partner_ddex_stores.c.position)
        ).mappings()
        stores = tuple(DdexStore(r["name"], Dpid(r["dpid"]), r["is_default"]) for r in rows)
        if sender is None:
            return DdexParties(stores=stores)
        dpid = Dpid(sender["dpid"]) if sender["dpid"] else None
        return DdexParties(dpid, sender["name"], stores)

    def save_ddex_parties(
        self, partner_id: UUID, parties: DdexParties, *, actor_id: str, now: datetime
    ) -> None:
        """Replace the partner's DDEX sender and stores (one statement each, one transaction)."""
        sender = {
            "dpid": str(parties.sender_dpid) if parties.sender_dpid else None,
            "name": parties.sender_name,
            "updated_by": actor_id,
            "updated_at": now,
        }
        insert = pg_insert(partner_ddex_senders).values(partner_id=partner_id, **sender)
        self._conn.execute(insert.on_conflict_do_update(index_elements=["partner_id"], set_=sender))
        self._conn.execute(
            sa.delete(partner_ddex_stores).where(partner_ddex_stores.c.partner_id == partner_id)
        )
        if parties.stores:
            self._conn.execute(
                sa.insert(partner_ddex_stores),
                [
                    {
                        "partner_id": partner_id,
                        "position": index,
                        "name": store.name.strip(),
                        "dpid": str(store.dpid),
                        "is_default": store.is_default,
                    }
                    for index, store in enumerate(parties.stores)
                ],
            )
