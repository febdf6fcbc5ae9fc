"""OpenAPI descriptions of the routes whose views read their own request or send a file (uploads,
imports, exports, validation, retention, the UI's stats, artwork and audio).

Their views stay as written (multipart files, raw bodies, CSV downloads); this module gives
/openapi.json their parameters, bodies and answers, so API users and generated clients see every
route, and the schemathesis test checks each real answer against what is written here. Job and
status documents grow fields as a job runs: their models name the fields clients rely on and
allow the rest (the web UI's Zod schemas read the same fields).
"""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.api.openapi import ApiSpec
from shared.api.retention import ExtensionRequest
from shared.domain.partners import Role


class _Open(BaseModel):
    """A document that may carry more fields than these."""

    model_config = ConfigDict(extra="allow")


class PartnerScope(BaseModel):
    """Admins name the partner; others act for their own."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None


class ValidateQuery(PartnerScope):
    """The file's name, when it is posted as the raw body (its extension helps detection)."""

    name: str | None = Field(None, max_length=255)


class DashboardQuery(PartnerScope):
    """The window the charts cover."""

    days: int = Field(7, ge=1, description="1..DASHBOARD_MAX_DAYS")


class JobOut(_Open):
    """An import or export job's status document."""

    id: str
    kind: Literal["import", "export"]
    state: Literal["awaiting_upload", "uploaded", "queued", "running", "succeeded", "failed"]
    partner_id: str
    progress: dict[str, Any] | None = None
    counts: dict[str, Any] | None = None
    failure: str | None = None
    created_at: str
    updated_at: str


class ImportJobOut(JobOut):
    """An import: ``upload_url`` to PUT the file to (when not posted as multipart),
    ``preview`` of the detected mapping, ``report_url`` of the row report once done."""

    file: dict[str, Any]
    upload_url: str | None = None
    report_url: str | None = None
    preview: dict[str, Any] | None = None


class ImportListOut(BaseModel):
    """Import jobs, newest first."""

    imports: list[ImportJobOut]


class ImportOptionsIn(_Open):
    """Column mapping and mode (the fields `catalog import` takes as options)."""

    mapping: dict[str, str] | None = Field(None, description="column -> field")
    mode: Literal["all-or-nothing", "skip-invalid"] | None = None
    encoding: str | None = None
    delimiter: str | None = None


class PreviewOut(_Open):
    """The mapping that would apply and the first rows through it."""

    format: str
    rows: list[dict[str, Any]] = Field(default_factory=list)


class ExportIn(_Open):
    """What to export (the options of `catalog export`)."""

    format: Literal["csv", "json", "ddex", "cwr"]
    release_ids: list[UUID] | None = None
    preset: str | None = None


class ExportJobOut(JobOut):
    """An export; ``download_url`` (signed) once it succeeded."""

    format: str
    request: dict[str, Any]
    download_url: str | None = None


class ExportListOut(BaseModel):
    """Export jobs, newest first."""

    exports: list[ExportJobOut]


class FindingOut(_Open):
    """One problem, with the catalog field to fix when there is one."""

    layer: str
    severity: Literal["blocking", "warning"]
    location: str
    message: str
    rule: str | None = None
    hint: str | None = None
    target: dict[str, Any] | None = Field(None, description="{entity, id, field}")


class ReleaseValidationOut(BaseModel):
    """A release's findings (DDEX, delivery checks, CWR of its works)."""

    release_id: str
    valid: bool
    summary: dict[str, int]
    findings: list[FindingOut]


class FileValidationOut(BaseModel):
    """A posted file's findings; ``unreadable`` says why it could not be read at all."""

    kind: str
    valid: bool
    unreadable: str | None
    findings: list[FindingOut]


class PendingDeletionsOut(BaseModel):
    """Audio with a deletion notice, soonest first."""

    items: list[dict[str, Any]]


class ExtensionsOut(BaseModel):
    """The new retention dates."""

    items: list[dict[str, str]]


class DashboardOut(BaseModel):
    """The dashboard's numbers (see GET /api/v1/stats/dashboard in the README)."""

    window_days: int
    counts: dict[str, int]
    confidence_histogram: list[dict[str, float]]
    processing_times: list[dict[str, Any]]
    dead_letters: dict[str, Any]
    validation: dict[str, int]


class ArtworkOut(BaseModel):
    """A release's cover: facts read from the image and a signed URL."""

    mime_type: str
    width: int
    height: int
    size_bytes: int
    url: str


class AudioOut(BaseModel):
    """A signed URL of a track's audio."""

    url: str
    expires_s: int
    content_type: str | None


def describe_routes(spec: ApiSpec) -> None:
    """Add the hand-read routes to ``spec``'s document."""
    _imports(spec)
    _exports_and_validation(spec)
    _operations(spec)


def _imports(spec: ApiSpec) -> None:
    base = "/api/v1/imports"
    spec.describe(
        "POST",
        base,
        summary="Create an import: post the file as multipart 'file', "
        "or send {file_name} and PUT the file to upload_url",
        tag="imports",
        query=PartnerScope,
        uploads=True,
        response=ImportJobOut,
        status=201,
        name="create_import",
    )
    spec.describe(
        "GET",
        base,
        summary="Import jobs",
        tag="imports",
        query=PartnerScope,
        response=ImportListOut,
        name="list_imports",
    )
    spec.describe(
        "GET",
        base + "/<job_id>",
        summary="One import's status",
        tag="imports",
        query=PartnerScope,
        response=ImportJobOut,
        name="get_import",
    )
    spec.describe(
        "POST",
        base + "/<job_id>/preview",
        summary="The mapping and first rows with these options",
        tag="imports",
        query=PartnerScope,
        body=ImportOptionsIn,
        response=PreviewOut,
        name="preview_import",
    )
    spec.describe(
        "POST",
        base + "/<job_id>/start",
        summary="Start the import",
        tag="imports",
        query=PartnerScope,
        body=ImportOptionsIn,
        response=ImportJobOut,
        status=202,
        name="start_import",
    )
    spec.describe(
        "GET",
        base + "/<job_id>/report",
        summary="The row report (CSV)",
        tag="imports",
        query=PartnerScope,
        produces="text/csv",
        name="import_report",
    )


def _exports_and_validation(spec: ApiSpec) -> None:
    spec.describe(
        "POST",
        "/api/v1/exports",
        summary="Start an export",
        tag="exports",
        query=PartnerScope,
        body=ExportIn,
        response=ExportJobOut,
        status=202,
        name="start_export",
    )
    spec.describe(
        "GET",
        "/api/v1/exports",
        summary="Export jobs",
        tag="exports",
        query=PartnerScope,
        response=ExportListOut,
        name="list_exports",
    )
    spec.describe(
        "GET",
        "/api/v1/exports/<job_id>",
        summary="One export's status and download URL",
        tag="exports",
        query=PartnerScope,
        response=ExportJobOut,
        name="get_export",
    )
    spec.describe(
        "GET",
        "/api/v1/releases/<release_id>/validation",
        summary="A release's "
        "findings, each pointing at the field to fix (the result is stored for the "
        "validation filter)",
        tag="validation",
        query=PartnerScope,
        response=ReleaseValidationOut,
        name="release_validation",
    )
    spec.describe(
        "POST",
        "/api/v1/validate",
        summary="Findings of a DDEX, CSV, JSON or CWR file "
        "(up to 16 MB; multipart 'file' or the raw body)",
        tag="validation",
        query=ValidateQuery,
        uploads=True,
        response=FileValidationOut,
        name="validate_file",
    )


def _operations(spec: ApiSpec) -> None:
    spec.describe(
        "GET",
        "/api/v1/retention/pending",
        summary="Audio about to be deleted",
        tag="retention",
        query=PartnerScope,
        response=PendingDeletionsOut,
        name="retention_pending",
    )
    spec.describe(
        "POST",
        "/api/v1/retention/extensions",
        summary="Extend audio retention (Enterprise)",
        tag="retention",
        roles=(Role.ADMIN, Role.LABEL),
        body=ExtensionRequest,
        response=ExtensionsOut,
        name="extend_retention",
    )
    spec.describe(
        "GET",
        "/api/v1/stats/dashboard",
        summary="The dashboard's numbers",
        tag="stats",
        query=DashboardQuery,
        response=DashboardOut,
        name="dashboard",
    )
    spec.describe(
        "GET",
        "/api/v1/releases/<uuid:release_id>/artwork",
        summary="A release's cover facts and signed URL",
        tag="stats",
        query=PartnerScope,
        response=ArtworkOut,
        name="release_artwork",
    )
    spec.describe(
        "GET",
        "/api/v1/tracks/<uuid:track_id>/audio",
        summary="A signed URL of a track's audio",
        tag="stats",
        query=PartnerScope,
        response=AudioOut,
        name="track_audio",
    )
