"""REST for identifier assignment (issue 17, item 3): a partner's ISRC prefixes and UPC/EAN
ranges under /api/v1/code-sources, assignment to tracks and releases, and where each assigned
code came from (/api/v1/assigned-codes)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import flask
from pydantic import BaseModel, Field, model_validator

from shared.api import schemas as s
from shared.api.auth import current_principal
from shared.api.context import now, services
from shared.api.kinds import partner_of
from shared.api.openapi import ApiSpec
from shared.domain.code_sources import AssignedCode, CodeKind, CodeSource, GtinRange, IsrcStem
from shared.domain.partners import Role
from shared.errors import InvalidField
from shared.services.code_assignment import Assignment

EVERYONE = (Role.ADMIN, Role.LABEL, Role.API)
MAX_SUBJECTS = 500


class IsrcPrefixIn(s.Strict):
    """An ISRC prefix: the country code and the registrant code the ISRC agency allocated."""

    country_code: str = Field(max_length=10, examples=["GB"])
    registrant_code: str = Field(max_length=10, examples=["UV7"])
    label: str | None = Field(None, max_length=200)


class UpcRangeIn(s.Strict):
    """A UPC/EAN range: a GS1 company prefix (with length 12 for UPC-A, 13 for EAN-13), or an
    explicit first and last code with their check digits."""

    company_prefix: str | None = Field(None, max_length=20, examples=["0360002"])
    length: Literal[12, 13] = 13
    first: str | None = Field(None, max_length=20)
    last: str | None = Field(None, max_length=20)
    label: str | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_form(self) -> UpcRangeIn:
        if self.company_prefix is None and (self.first is None or self.last is None):
            raise InvalidField("company_prefix", "give a company prefix, or first and last")
        if self.company_prefix is not None and (self.first or self.last):
            raise InvalidField("first", "give a company prefix or first and last, not both")
        return self


class CodeSourceOut(BaseModel):
    """A registered ISRC prefix or UPC/EAN range and how many codes it issued."""

    id: UUID
    kind: Literal["isrc", "upc"]
    display: str
    isrc_prefix: str | None = Field(description="CC-XXX for an ISRC prefix")
    first: str | None = Field(description="the range's first code (UPC/EAN)")
    last: str | None = Field(description="the range's last code (UPC/EAN)")
    size: int | None = Field(description="codes in the range; an ISRC prefix has 99999 a year")
    used: int
    label: str | None
    created_by: str
    created_at: datetime


class CodeSourcesOut(BaseModel):
    """The partner's code sources, oldest first."""

    items: list[CodeSourceOut]


class AssignIsrcsIn(s.Strict):
    """Tracks to give the prefix's next ISRCs (this year's); overwrite replaces codes they have."""

    source_id: UUID
    track_ids: list[UUID] = Field(min_length=1, max_length=MAX_SUBJECTS)
    overwrite: bool = False


class AssignUpcsIn(s.Strict):
    """Releases to give the range's next UPC/EAN codes; overwrite replaces codes they have."""

    source_id: UUID
    release_ids: list[UUID] = Field(min_length=1, max_length=MAX_SUBJECTS)
    overwrite: bool = False


class AssignedCodeOut(BaseModel):
    """A code the product issued: where it came from, to what, who asked and when."""

    code: str
    kind: Literal["isrc", "upc"]
    source_id: UUID
    source: str
    subject_kind: Literal["track", "release"]
    subject_id: UUID
    replaced: str | None
    assigned_by: str
    assigned_at: datetime


class KeptCodeOut(BaseModel):
    """A track or release left alone because it has a code (overwrite was not asked)."""

    subject_id: UUID
    code: str


class AssignmentOut(BaseModel):
    """Codes assigned, subjects kept, and the change that undoes the assignment."""

    assigned: list[AssignedCodeOut]
    kept: list[KeptCodeOut]
    change_id: UUID | None


class AssignedCodesQuery(s.PartnerQuery):
    """The tracks or releases to explain (comma-separated ids)."""

    subject_ids: str = Field(max_length=20_000)


class AssignedCodesOut(BaseModel):
    """Issued codes of the subjects asked about, newest first."""

    items: list[AssignedCodeOut]


def source_out(source: CodeSource) -> CodeSourceOut:
    """A code source as the API shows it."""
    codes = source.gtin_range
    return CodeSourceOut(
        id=source.id, kind=source.kind.value, display=source.display(),
        isrc_prefix=source.isrc_stem.display() if source.isrc_stem else None,
        first=str(codes.first) if codes else None, last=str(codes.last) if codes else None,
        size=codes.size if codes else None, used=source.used, label=source.label,
        created_by=source.created_by, created_at=source.created_at,
    )  # fmt: skip


def assigned_out(code: AssignedCode) -> AssignedCodeOut:
    """An issued code as the API shows it."""
    return AssignedCodeOut(
        code=code.code, kind=code.kind.value, source_id=code.source_id, source=code.source,
        subject_kind=code.subject_kind,
        subject_id=code.subject_id, replaced=code.replaced, assigned_by=code.assigned_by,
        assigned_at=code.assigned_at,
    )  # fmt: skip


def assignment_out(assignment: Assignment) -> AssignmentOut:
    """An assignment's answer."""
    return AssignmentOut(
        assigned=[assigned_out(code) for code in assignment.assigned],
        kept=[KeptCodeOut(subject_id=i, code=c) for i, c in assignment.kept.items()],
        change_id=assignment.change_id,
    )


def _ids(text: str) -> list[UUID]:
    try:
        ids = [UUID(part.strip()) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise InvalidField("subject_ids", "must be ids separated by commas") from exc
    if not ids or len(ids) > MAX_SUBJECTS:
        raise InvalidField("subject_ids", f"give 1 to {MAX_SUBJECTS} ids")
    return ids


def code_assignment_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """Routes that register code sources and assign codes from them."""
    bp = flask.Blueprint("code_assignment", __name__)
    base = "/api/v1/code-sources"

    @spec.operation(bp, "GET", base, name="list_code_sources",
                    summary="ISRC prefixes and UPC ranges", tag="identifiers",
                    roles=EVERYONE, query=s.PartnerQuery,
                    response=CodeSourcesOut)  # fmt: skip
    def list_code_sources(query: s.PartnerQuery) -> BaseModel:
        partner = partner_of(current_principal(), query.partner_id)
        items = services().code_assignment.sources(partner)
        return CodeSourcesOut(items=[source_out(source) for source in items])

    @spec.operation(bp, "POST", f"{base}/isrc-prefixes", name="register_isrc_prefix",
                    summary="Register an ISRC prefix", tag="identifiers", status=201,
                    roles=EVERYONE, query=s.PartnerQuery, body=IsrcPrefixIn,
                    response=CodeSourceOut)  # fmt: skip
    def register_isrc_prefix(query: s.PartnerQuery, body: IsrcPrefixIn) -> BaseModel:
        """409 when the prefix is registered already (by anyone)."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        stem = IsrcStem.parse(body.country_code, body.registrant_code)
        source = services().code_assignment.register_isrc_prefix(
            partner, stem, body.label, actor=principal.actor(), now=now()
        )
        return source_out(source)

    @spec.operation(bp, "POST", f"{base}/upc-ranges", name="register_upc_range",
                    summary="Register a UPC/EAN range", tag="identifiers", status=201,
                    roles=EVERYONE, query=s.PartnerQuery, body=UpcRangeIn,
                    response=CodeSourceOut)  # fmt: skip
    def register_upc_range(query: s.PartnerQuery, body: UpcRangeIn) -> BaseModel:
        """409 when the range overlaps one registered already (by anyone)."""
        principal = current_principal()
        partner = partner_of(principal, query.partner_id)
        field = "company_prefix" if body.company_prefix is not None else "first"
        if body.company_prefix is not None:
            codes = GtinRange.from_company_prefix(body.company_prefix, body.length)
        else:
            codes = GtinRange.from_codes(body.first or "", body.last or "")
        source = services().code_assignment.register_gtin_range(
            partner, codes, body.label, field=field, actor=principal.actor(), now=now()
        )
        return source_out(source)

    @spec.operation(bp, "POST", "/api/v1/tracks/assign-isrcs", name="assign_isrcs",
                    summary="Assign ISRCs to tracks", tag="identifiers", roles=EVERYONE,
                    query=s.PartnerQuery, body=AssignIsrcsIn, response=AssignmentOut)  # fmt: skip
    def assign_isrcs(query: s.PartnerQuery, body: AssignIsrcsIn) -> BaseModel:
        """All or nothing; a used-up prefix is a 422 naming source_id and the prefix."""
        return _assign(query, body.source_id, body.track_ids, body.overwrite, CodeKind.ISRC)

    @spec.operation(bp, "POST", "/api/v1/releases/assign-upcs", name="assign_upcs",
                    summary="Assign UPC/EAN codes to releases", tag="identifiers",
                    roles=EVERYONE, query=s.PartnerQuery, body=AssignUpcsIn,
                    response=AssignmentOut)  # fmt: skip
    def assign_upcs(query: s.PartnerQuery, body: AssignUpcsIn) -> BaseModel:
        """All or nothing; a used-up range is a 422 naming source_id and the range."""
        return _assign(query, body.source_id, body.release_ids, body.overwrite, CodeKind.GTIN)

    @spec.operation(bp, "GET", "/api/v1/assigned-codes", name="list_assigned_codes",
                    summary="Where assigned codes came from", tag="identifiers",
                    roles=EVERYONE, query=AssignedCodesQuery,
                    response=AssignedCodesOut)  # fmt: skip
    def list_assigned_codes(query: AssignedCodesQuery) -> BaseModel:
        partner = partner_of(current_principal(), query.partner_id)
        items = services().code_assignment.issued_to(partner, _ids(query.subject_ids))
        return AssignedCodesOut(items=[assigned_out(code) for code in items])

    return bp


def _assign(
    query: s.PartnerQuery, source_id: UUID, ids: list[UUID], overwrite: bool, kind: CodeKind
) -> BaseModel:
    principal = current_principal()
    partner = partner_of(principal, query.partner_id)
    assignment = services().code_assignment.assign(
        partner, kind, source_id, ids, overwrite=overwrite, actor=principal.actor(), now=now()
    )
    return assignment_out(assignment)
