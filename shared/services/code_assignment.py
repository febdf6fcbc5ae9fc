"""Identifier assignment (issue 17, item 3): a partner registers its ISRC prefixes and UPC/EAN
ranges, then gives selected tracks and releases the next free codes from them.

A code is issued once: the counter row is bumped in the database (locked until commit), the code
goes into the issued-codes register (its primary key refuses a second issue), and a code some
track or release of the partner already carries is passed over. A track or release that has a
code keeps it unless ``overwrite`` is asked. The codes are written through the catalog service,
so the field's provenance (a person's), the audit trail and undo work as for any edit; the
register keeps where each code came from, who asked and when.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.domain.audit import Actor
from shared.domain.code_sources import (
    MAX_DESIGNATION,
    AssignedCode,
    CodeKind,
    CodeSource,
    GtinRange,
    IsrcStem,
)
from shared.domain.identifiers import Gtin
from shared.errors import ConflictingField, InvalidField, NotFound
from shared.services.catalog import CatalogService
from shared.unit_of_work import UnitOfWork

SUBJECT_OF = {CodeKind.ISRC: "track", CodeKind.GTIN: "release"}
FIELD_OF = {CodeKind.ISRC: "isrc", CodeKind.GTIN: "upc"}


@dataclass(frozen=True, slots=True)
class Assignment:
    """What one request assigned, what it left alone, and the change that undoes it."""

    assigned: list[AssignedCode]
    kept: dict[UUID, str]  # subject id -> the code it already had
    change_id: UUID | None


def actor_name(actor: Actor) -> str:
    """Who asked, as the register keeps it: the user id, else the API client, else the kind."""
    return actor.id or actor.client_id or actor.type.value


class CodeAssignmentService:
    """Code sources of a partner, and assignment from them."""

    def __init__(self, uow: Callable[[], UnitOfWork], catalog: CatalogService) -> None:
        self._uow = uow
        self._catalog = catalog

    def sources(self, partner_id: UUID) -> list[CodeSource]:
        """The partner's ISRC prefixes and UPC/EAN ranges with their use."""
        with self._uow() as uow:
            return uow.code_sources.of_partner(partner_id)

    def register_isrc_prefix(
        self, partner_id: UUID, stem: IsrcStem, label: str | None, *, actor: Actor, now: datetime
    ) -> CodeSource:
        """Register a prefix; Conflict when anyone registered it already."""
        source = CodeSource(
            uuid.uuid4(), partner_id, CodeKind.ISRC, stem, None, label, actor_name(actor), now
        )
        with self._uow() as uow:
            uow.code_sources.add(source)
        return source

    def register_gtin_range(
        self,
        partner_id: UUID,
        codes: GtinRange,
        label: str | None,
        *,
        field: str,
        actor: Actor,
        now: datetime,
    ) -> CodeSource:
        """Register a range; ConflictingField naming ``field`` (how the range was given) when it
        overlaps a range already registered."""
        source = CodeSource(
            uuid.uuid4(), partner_id, CodeKind.GTIN, None, codes, label, actor_name(actor), now
        )
        with self._uow() as uow:
            for other in uow.code_sources.gtin_ranges():
                assert other.gtin_range is not None
                if other.gtin_range.overlaps(codes):
                    whose = "yours" if other.partner_id == partner_id else "another partner's"
                    raise ConflictingField(
                        field,
                        f"UPC/EAN range {codes.display()} overlaps {other.display()} ({whose})",
                    )
            uow.code_sources.add(source)
        return source

    def issued_to(self, partner_id: UUID, subject_ids: Sequence[UUID]) -> list[AssignedCode]:
        """Where the codes of these tracks or releases came from, newest first."""
        with self._uow() as uow:
            return uow.code_sources.issued_to(partner_id, subject_ids)

    def assign(
        self,
        partner_id: UUID,
        kind: CodeKind,
        source_id: UUID,
        subject_ids: Sequence[UUID],
        *,
        overwrite: bool,
        actor: Actor,
        now: datetime,
    ) -> Assignment:
        """Give each subject without a code (each one, with ``overwrite``) the source's next
        free code; all or nothing (a source used up part way assigns none)."""
        with self._uow() as uow:
            source = _source_of_kind(uow, partner_id, source_id, kind)
            subjects = _subjects(uow, source.kind, partner_id, subject_ids)
            assigned, kept, values = [], {}, {}
            for subject in subjects:
                current = getattr(subject, FIELD_OF[source.kind])
                if current is not None and not overwrite:
                    kept[subject.id] = str(current)
                    continue
                code = _next_free_code(uow, source, partner_id, now.year)
                issued = AssignedCode(
                    code, source.kind, source.id, source.display(), SUBJECT_OF[source.kind],
                    subject.id, str(current) if current else None, actor_name(actor), now,
                )  # fmt: skip
                uow.code_sources.record_issue(partner_id, issued)
                assigned.append(issued)
                values[subject.id] = {FIELD_OF[source.kind]: code}
            change_id = None
            if values:
                change_id = self._catalog.update_within(
                    uow, SUBJECT_OF[source.kind], partner_id, values, action="assign_codes",
                    actor=actor, now=now, detail=f"assigned from {source.display()}",
                ).change_id  # fmt: skip
        return Assignment(assigned, kept, change_id)


def _source_of_kind(
    uow: UnitOfWork, partner_id: UUID, source_id: UUID, kind: CodeKind
) -> CodeSource:
    try:
        source = uow.code_sources.get(partner_id, source_id)
    except NotFound as exc:
        raise InvalidField(
            "source_id", f"{source_id} is not a code source of this partner"
        ) from exc
    if source.kind is not kind:
        wanted = "an ISRC prefix" if kind is CodeKind.ISRC else "a UPC/EAN range"
        raise InvalidField("source_id", f"{source.display()} is not {wanted}")
    return source


def _subjects(
    uow: UnitOfWork, kind: CodeKind, partner_id: UUID, subject_ids: Sequence[UUID]
) -> list[Any]:
    field = "track_ids" if kind is CodeKind.ISRC else "release_ids"
    repo: Any = uow.tracks if kind is CodeKind.ISRC else uow.releases
    found = {s.id: s for s in repo.find_many(partner_id, list(subject_ids))}
    seen: set[UUID] = set()
    for index, subject_id in enumerate(subject_ids):
        if subject_id not in found:
            raise InvalidField(f"{field}[{index}]", f"{SUBJECT_OF[kind]} {subject_id} not found")
        if subject_id in seen:
            raise InvalidField(f"{field}[{index}]", f"{SUBJECT_OF[kind]} {subject_id} is twice")
        seen.add(subject_id)
    return [found[subject_id] for subject_id in subject_ids]


def _next_free_code(uow: UnitOfWork, source: CodeSource, partner_id: UUID, year: int) -> str:
    """Count on until a code nobody issued and no track or release of the partner carries."""
    while True:
        number = uow.code_sources.take_next(source.id, year if source.isrc_stem else 0)
        code = _code(source, number, year)
        if not uow.code_sources.is_issued(source.kind, code) and not _carried(
            uow, source.kind, partner_id, code
        ):
            return code


def _code(source: CodeSource, number: int, year: int) -> str:
    if source.isrc_stem is not None:
        if number > MAX_DESIGNATION:
            raise InvalidField(
                "source_id",
                f"{source.display()} is used up for {year}: all {MAX_DESIGNATION} designation "
                "codes are issued; register another prefix",
            )
        return str(source.isrc_stem.code(year, number))
    assert source.gtin_range is not None
    if number > source.gtin_range.size:
        raise InvalidField(
            "source_id",
            f"{source.display()} is used up: all {source.gtin_range.size} codes are issued; "
            "register another range",
        )
    return str(source.gtin_range.code(number - 1))


def _carried(uow: UnitOfWork, kind: CodeKind, partner_id: UUID, code: str) -> bool:
    """Whether a live track or release of the partner has the code (imported, typed by hand)."""
    if kind is CodeKind.ISRC:
        return bool(uow.tracks.ids_with_isrc(partner_id, code))
    return bool(uow.releases.find_by_upc(partner_id, Gtin(code)))
