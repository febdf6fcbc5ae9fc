"""A partner's ISRC prefixes and UPC/EAN ranges, their counters and the codes issued from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from shared.db.tables import code_counters, code_sources, issued_codes
from shared.domain.code_sources import AssignedCode, CodeKind, CodeSource, GtinRange, IsrcStem
from shared.domain.identifiers import Gtin
from shared.errors import ConflictingField, NotFound


class CodeSourceRepository:
    """code_sources, code_counters and issued_codes."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def add(self, source: CodeSource) -> None:
        """Register a source; Conflict when its ISRC prefix is registered already."""
        stem = source.isrc_stem.value if source.isrc_stem else None
        if (
            stem
            and self._conn.execute(
                sa.select(code_sources.c.id).where(code_sources.c.isrc_stem == stem)
            ).first()
        ):
            raise ConflictingField(
                "registrant_code", f"ISRC prefix {stem[:2]}-{stem[2:]} is registered already"
            )
        values = {
            "id": source.id, "partner_id": source.partner_id, "kind": source.kind.value,
            "isrc_stem": stem, "label": source.label, "created_by": source.created_by,
            "created_at": source.created_at,
            "gtin_first": str(source.gtin_range.first) if source.gtin_range else None,
            "gtin_last": str(source.gtin_range.last) if source.gtin_range else None,
        }  # fmt: skip
        try:
            with self._conn.begin_nested():
                self._conn.execute(sa.insert(code_sources).values(**values))
        except sa.exc.DatabaseError as exc:  # the same prefix registered at the same moment
            if "code_sources_isrc_stem" not in str(exc):
                raise
            raise ConflictingField(
                "registrant_code", f"ISRC prefix {stem} is registered already"
            ) from exc

    def of_partner(self, partner_id: UUID) -> list[CodeSource]:
        """The partner's sources, oldest first, with how many codes each has issued."""
        return [_source(row) for row in self._select(code_sources.c.partner_id == partner_id)]

    def get(self, partner_id: UUID, source_id: UUID) -> CodeSource:
        """One of the partner's sources; NotFound otherwise."""
        rows = self._select(code_sources.c.partner_id == partner_id, code_sources.c.id == source_id)
        if not rows:
            raise NotFound(f"code source {source_id} not found")
        return _source(rows[0])

    def gtin_ranges(self) -> list[CodeSource]:
        """Every partner's UPC/EAN ranges (ranges must not overlap, whoever owns them)."""
        return [_source(row) for row in self._select(code_sources.c.kind == CodeKind.GTIN.value)]

    def take_next(self, source_id: UUID, year: int) -> int:
        """Count one more code of the source and year; the answer is that code's number (1..).
        The row stays locked until the transaction ends, so no two transactions get one number."""
        statement = (
            insert(code_counters)
            .values(source_id=source_id, year=year, used=1)
            .on_conflict_do_update(
                index_elements=[code_counters.c.source_id, code_counters.c.year],
                set_={"used": code_counters.c.used + 1},
            )
            .returning(code_counters.c.used)
        )
        return int(self._conn.execute(statement).scalar_one())

    def is_issued(self, kind: CodeKind, code: str) -> bool:
        """Whether the product issued ``code`` before (to anyone)."""
        found = self._conn.execute(
            sa.select(issued_codes.c.code).where(
                issued_codes.c.kind == kind.value, issued_codes.c.code == code
            )
        ).first()
        return found is not None

    def record_issue(self, partner_id: UUID, issued: AssignedCode) -> None:
        """Keep the code and where it came from; the primary key refuses a second issue."""
        self._conn.execute(
            sa.insert(issued_codes).values(
                kind=issued.kind.value, code=issued.code, partner_id=partner_id,
                source_id=issued.source_id, source=issued.source,
                subject_kind=issued.subject_kind, subject_id=issued.subject_id,
                replaced=issued.replaced, assigned_by=issued.assigned_by,
                assigned_at=issued.assigned_at,
            )
        )  # fmt: skip

    def issued_to(self, partner_id: UUID, subject_ids: Sequence[UUID]) -> list[AssignedCode]:
        """The codes issued to these tracks or releases, newest first."""
        rows = self._conn.execute(
            sa.select(issued_codes)
            .where(
                issued_codes.c.partner_id == partner_id,
                issued_codes.c.subject_id.in_(list(subject_ids)),
            )
            .order_by(issued_codes.c.assigned_at.desc(), issued_codes.c.code.desc())
        ).mappings()
        return [
            AssignedCode(
                code=row["code"], kind=CodeKind(row["kind"]), source_id=row["source_id"],
                source=row["source"], subject_kind=row["subject_kind"],
                subject_id=row["subject_id"], replaced=row["replaced"],
                assigned_by=row["assigned_by"], assigned_at=row["assigned_at"],
            )
            for row in rows
        ]  # fmt: skip

    def _select(self, *where: Any) -> list[sa.RowMapping]:
        used = (
            sa.select(sa.func.coalesce(sa.func.sum(code_counters.c.used), 0))
            .where(code_counters.c.source_id == code_sources.c.id)
            .scalar_subquery()
        )
        statement = (
            sa.select(code_sources, used.label("used"))
            .where(*where)
            .order_by(code_sources.c.created_at, code_sources.c.id)
        )
        return list(self._conn.execute(statement).mappings())


def _source(row: sa.RowMapping) -> CodeSource:
    stem = row["isrc_stem"]
    return CodeSource(
        id=row["id"],
        partner_id=row["partner_id"],
        kind=CodeKind(row["kind"]),
        isrc_stem=IsrcStem(stem[:2], stem[2:]) if stem else None,
        gtin_range=(
            GtinRange(Gtin(row["gtin_first"]), Gtin(row["gtin_last"]))
            if row["gtin_first"]
            else None
        ),
        label=row["label"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        used=int(row["used"]),
    )
