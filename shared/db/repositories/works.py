"""Musical works with their writers and publishers."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PgUuid

from shared.db.repositories.base import (
    Row,
    SearchableRepository,
    as_tuple,
    provenance_from_json,
    provenance_to_json,
)
from shared.db.tables import parties, work_publishers, work_writers, works
from shared.domain.identifiers import IpiNameNumber, Iswc
from shared.domain.societies import Societies
from shared.domain.works import (
    MusicalWork,
    PublisherRole,
    Shares,
    WorkPublisher,
    WorkWriter,
    WriterRole,
)


def _shares(row: Row) -> Shares:
    return Shares(Decimal(row["pr_share"]), Decimal(row["mr_share"]), Decimal(row["sr_share"]))


def _ipi(row: Row) -> IpiNameNumber | None:
    return IpiNameNumber(row["ipi_name_number"]) if row["ipi_name_number"] else None


def _societies(row: Row) -> Societies:
    return Societies(row["pr_society"], row["mr_society"], row["sr_society"])


def _writer(row: Row) -> WorkWriter:
    return WorkWriter(
        party_id=row["party_id"],
        name=row["name"],
        role=WriterRole(row["role"]),
        shares=_shares(row),
        ipi_name_number=_ipi(row),
        controlled=row["controlled"],
        publisher_party_id=row["publisher_party_id"],
        societies=_societies(row),
    )


def _publisher(row: Row) -> WorkPublisher:
    return WorkPublisher(
        party_id=row["party_id"],
        name=row["name"],
        role=PublisherRole(row["role"]),
        shares=_shares(row),
        ipi_name_number=_ipi(row),
        controlled=row["controlled"],
        societies=_societies(row),
    )


class WorkRepository(SearchableRepository[MusicalWork]):
    """Works of a partner; writers and publishers are written and read with the work."""

    table = works
    noun = "work"

    def to_row(self, obj: MusicalWork) -> dict[str, Any]:
        return {
            "partner_id": obj.partner_id,
            "id": obj.id,
            "title": obj.title,
            "iswc": str(obj.iswc) if obj.iswc else None,
            "alternate_titles": list(obj.alternate_titles),
            "language": obj.language,
            "registration_status": obj.registration_status,
            "provenance": provenance_to_json(obj.provenance),
        }

    def from_row(self, row: Row) -> MusicalWork:
        return MusicalWork(
            id=row["id"],
            partner_id=row["partner_id"],
            title=row["title"],
            iswc=Iswc(row["iswc"]) if row["iswc"] else None,
            alternate_titles=as_tuple(row["alternate_titles"]),
            language=row["language"],
            writers=self._writers(row["partner_id"], row["id"]),
            publishers=self._publishers(row["partner_id"], row["id"]),
            registration_status=row["registration_status"],
            provenance=provenance_from_json(row["provenance"]),
        )

    def rows_to_objects(self, rows: Sequence[Row]) -> list[MusicalWork]:
        """Works with their writers and publishers: two extra queries for the whole page."""
        if not rows:
            return []
        partner_id = rows[0]["partner_id"]
        ids = [row["id"] for row in rows]
        writers: dict[UUID, list[WorkWriter]] = {}
        for row in self._people_of(work_writers, partner_id, ids):
            writers.setdefault(row["work_id"], []).append(_writer(row))
        publishers: dict[UUID, list[WorkPublisher]] = {}
        for row in self._people_of(work_publishers, partner_id, ids):
            publishers.setdefault(row["work_id"], []).append(_publisher(row))
        return [
            dataclasses.replace(
                self._bare(row),
                writers=tuple(writers.get(row["id"], ())),
                publishers=tuple(publishers.get(row["id"], ())),
            )
            for row in rows
        ]

    def _bare(self, row: Row) -> MusicalWork:
        return MusicalWork(
            id=row["id"],
            partner_id=row["partner_id"],
            title=row["title"],
            iswc=Iswc(row["iswc"]) if row["iswc"] else None,
            alternate_titles=as_tuple(row["alternate_titles"]),
            language=row["language"],
            registration_status=row["registration_status"],
            provenance=provenance_from_json(row["provenance"]),
        )

    def _people_of(self, table: sa.Table, partner_id: UUID, work_ids: Sequence[UUID]) -> list[Row]:
        ids = sa.literal(list(work_ids), ARRAY(PgUuid()))
        return list(
            self._conn.execute(
                sa.select(table, parties.c.name, parties.c.ipi_name_number)
                .join(parties, sa.and_(parties.c.partner_id == table.c.partner_id,
                                       parties.c.id == table.c.party_id))
                .where(table.c.partner_id == partner_id, table.c.work_id == sa.any_(ids))
                .order_by(table.c.sequence)
            ).mappings()
        )  # fmt: skip

    def find_by_iswc(self, partner_id: UUID, iswc: Iswc) -> list[MusicalWork]:
        """The partner's works with this ISWC."""
        return self.where(partner_id, works.c.iswc == str(iswc))

    def _people(self, table: sa.Table, partner_id: UUID, work_id: UUID) -> list[Row]:
        return list(
            self._conn.execute(
                sa.select(table, parties.c.name, parties.c.ipi_name_number)
                .join(parties, sa.and_(parties.c.partner_id == table.c.partner_id,
                                       parties.c.id == table.c.party_id))
                .where(table.c.partner_id == partner_id, table.c.work_id == work_id)
                .order_by(table.c.sequence)
            ).mappings()
        )  # fmt: skip

    def _writers(self, partner_id: UUID, work_id: UUID) -> tuple[WorkWriter, ...]:
        return tuple(_writer(row) for row in self._people(work_writers, partner_id, work_id))

    def _publishers(self, partner_id: UUID, work_id: UUID) -> tuple[WorkPublisher, ...]:
        return tuple(_publisher(row) for row in self._people(work_publishers, partner_id, work_id))

    def add(self, obj: MusicalWork, *, now: datetime) -> MusicalWork:
        super().add(obj, now=now)
        self.replace_interested_parties(obj)
        return obj

    def replace_interested_parties(self, work: MusicalWork) -> None:
        """Make the stored writers and publishers exactly those of ``work``."""
        for table in (work_writers, work_publishers):
            self._conn.execute(
                sa.delete(table).where(
                    table.c.partner_id == work.partner_id, table.c.work_id == work.id
                )
            )
        people: list[tuple[sa.Table, WorkWriter | WorkPublisher]] = [
            *((work_writers, w) for w in work.writers),
            *((work_publishers, p) for p in work.publishers),
        ]
        for sequence, (table, person) in enumerate(people, start=1):
            extra = (
                {"publisher_party_id": person.publisher_party_id}
                if isinstance(person, WorkWriter)
                else {}
            )
            self._conn.execute(
                sa.insert(table).values(
                    partner_id=work.partner_id, id=uuid.uuid4(), work_id=work.id,
                    party_id=person.party_id, role=str(person.role), controlled=person.controlled,
                    pr_share=person.shares.pr, mr_share=person.shares.mr, sr_share=person.shares.sr,
                    pr_society=person.societies.pr, mr_society=person.societies.mr,
                    sr_society=person.societies.sr, sequence=sequence, **extra,
                )
            )  # fmt: skip
