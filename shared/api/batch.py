"""REST endpoints of imports, exports and validation (the web UI's and API users').

/api/v1/imports: create a job (then upload to its signed URL, or post the file as multipart),
preview the detected mapping, start with a mapping and a mode, read status and the row report.
/api/v1/exports: start an export and get its status with a signed download URL.
/api/v1/releases/<id>/validation: findings for a release, each pointing at the field to fix.
/api/v1/validate: findings for a posted DDEX, CSV, JSON or CWR file.
Other partners' jobs and releases answer 404. Every route is a ``spec.operation``: bodies pass the
shared size, depth and duplicate-key checks, and job documents are served as ``JobStatus``.
"""

from __future__ import annotations

import io
from typing import Any, Literal
from uuid import UUID

import flask
from pydantic import BaseModel, ConfigDict, Field

from shared.api.auth import current_principal
from shared.api.bodies import UploadedFile
from shared.api.context import current_services, now
from shared.api.openapi import ApiSpec
from shared.domain.partners import Role
from shared.domain.status import JobStatus
from shared.errors import InvalidField, PayloadTooLarge
from shared.ports import JsonObject
from shared.services.exports import request_from_json
from shared.services.imports import options_from_json

_ROLES = (Role.ADMIN, Role.LABEL, Role.API)
MAX_VALIDATE_BYTES = 16 * 1024 * 1024


class _Open(BaseModel):
    """A document that may carry more fields than these."""

    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True)


class PartnerScope(BaseModel):
    """Admins name the partner; others act for their own."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None


class ValidateQuery(PartnerScope):
    """The file's name, when it is posted as the raw body (its extension helps detection)."""

    name: str | None = Field(None, max_length=255)


class NewImport(BaseModel):
    """Name the file to import (then PUT it to ``upload_url``), or post it as multipart."""

    model_config = ConfigDict(extra="forbid")

    file_name: str = Field(min_length=1, max_length=255)


class ImportFile(_Open):
    """The file an import reads: its name, where it is stored, its size once uploaded."""

    name: str
    object: str
    size_bytes: int | None = None


class RowProblem(_Open):
    """One invalid row of an import (the first ones; the report lists them all)."""

    row: int
    field: str | None = None
    problem: str


class ValueUpdateOut(_Open):
    """A value of the matching track the row would change; ``set_by_person``: a person set the
    old value, so it stays unless the import is started with person_set_values=overwrite."""

    field: str
    old: str | None
    new: str
    set_by_person: bool


class PreviewRow(_Open):
    """One row as it would import: the values per field, its problems, and the values of the
    track it matches that it would change."""

    row: int
    values: dict[str, Any] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=list)
    updates: list[ValueUpdateOut] = Field(default_factory=list)


class ColumnMapping(_Open):
    """Which column fills which field; columns left over; required fields no column fills."""

    columns: dict[str, str]
    unmapped: list[str] = Field(default_factory=list)
    missing_required: list[str] = Field(default_factory=list)


class PreviewOut(_Open):
    """The mapping that would apply and the first rows through it (``problem``: the file could
    not be read)."""

    format: str
    encoding: str | None = None
    delimiter: str | None = None
    mapping: ColumnMapping | None = None
    rows: list[PreviewRow] = Field(default_factory=list)
    problem: str | None = None


class ImportJobOut(JobStatus):
    """An import: ``upload_url`` to PUT the file to (when not posted as multipart),
    ``preview`` of the detected mapping, ``report_url`` of the row report once done,
    ``errors`` its first invalid rows."""

    model_config = ConfigDict(title="ImportJobOut")

    file: ImportFile
    upload_url: str | None = None
    report_url: str | None = None
    preview: PreviewOut | None = None
    errors: list[RowProblem] = Field(default_factory=list)


class ImportListOut(BaseModel):
    """Import jobs, newest first."""

    imports: list[ImportJobOut]


class ImportOptionsIn(_Open):
    """Column mapping and mode (the options `catalog import` takes)."""

    mapping: dict[str, str | None] | None = Field(None, description="column -> field")
    mode: Literal["all_or_nothing", "skip_invalid"] | None = None
    encoding: str | None = None
    delimiter: str | None = None
    person_set_values: Literal["keep", "overwrite"] | None = Field(
        None,
        description="values a person set on existing tracks: keep them (the default) or "
        "overwrite them with the file's",
    )


class FindingTarget(_Open):
    """The catalog field a finding is about, so the UI can jump to it."""

    entity: str
    id: str | None = None
    field: str | None = None


class FindingOut(_Open):
    """One problem, with the catalog field to fix when there is one."""

    layer: str
    severity: Literal["blocking", "warning"]
    location: str
    line: int | None = None
    message: str
    rule: str | None = None
    hint: str | None = None
    target: FindingTarget | None = None


class ExportIn(_Open):
    """What to export (the options of `catalog export`)."""

    format: Literal["csv", "json", "ddex", "cwr"]
    release_ids: list[UUID] | None = None
    preset: str | None = None
    ai_unreviewed: bool | None = Field(
        None,
        description="CSV and JSON: end each row with ai_unreviewed, the names of its fields an "
        "AI set and no person reviewed (';'-separated in CSV, a list in JSON); default true",
    )


class ExportFindings(_Open):
    """How many findings of each severity the delivered file has, and the first ones."""

    blocking: int = 0
    warning: int = 0
    first: list[FindingOut] = Field(default_factory=list)


class ExportJobOut(JobStatus):
    """An export; ``download_url`` (signed) once it succeeded."""

    model_config = ConfigDict(title="ExportJobOut")

    format: str
    request: dict[str, Any]
    file_name: str | None = None
    folder: str | None = None  # a delivery package written as a folder: its exports-bucket prefix
    size_bytes: int | None = None
    findings: ExportFindings | None = None
    download_url: str | None = None


class ExportListOut(BaseModel):
    """Export jobs, newest first."""

    exports: list[ExportJobOut]


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


def _partner(query: PartnerScope) -> UUID:
    return current_principal().partner_scope(query.partner_id)


def _scope(query: PartnerScope) -> str | None:
    """The partner whose jobs the caller may see (None: an admin sees every partner's)."""
    if current_principal().is_admin and query.partner_id is None:
        return None
    return str(_partner(query))


def _with_import_links(doc: JsonObject) -> ImportJobOut:
    if doc.get("report_object"):
        doc = {**doc, "report_url": f"/api/v1/imports/{doc['id']}/report"}
    return ImportJobOut.model_validate(doc)


def _json(model: BaseModel | None) -> JsonObject:
    """A body as the services read options (only the fields the caller sent)."""
    return {} if model is None else model.model_dump(mode="json", exclude_unset=True)


def batch_blueprint(spec: ApiSpec) -> flask.Blueprint:
    """The imports, exports and validation routes."""
    bp = flask.Blueprint("batch", __name__)
    _imports(spec, bp)
    _exports(spec, bp)
    _validation(spec, bp)
    return bp


def _imports(spec: ApiSpec, bp: flask.Blueprint) -> None:
    base = "/api/v1/imports"

    @spec.operation(bp, "POST", base, summary="Create an import: post the file as multipart "
                    "'file', or send {file_name} and PUT the file to upload_url", tag="imports",
                    roles=_ROLES, query=PartnerScope, body=NewImport, upload="multipart",
                    response=ImportJobOut, status=201)  # fmt: skip
    def create_import(
        query: PartnerScope, body: NewImport | None, file: UploadedFile | None
    ) -> ImportJobOut:
        built, partner_id, actor = current_services(), _partner(query), current_principal().actor()
        if file is not None:  # multipart: the file comes with the request
            doc = built.imports.create_job(partner_id, file.name or "import", actor, now=now())
            doc = built.imports.store_file(
                partner_id, str(doc["id"]), io.BytesIO(file.data), now=now()
            )
            preview = built.imports.preview(partner_id, str(doc["id"]))
            return ImportJobOut.model_validate({**doc, "preview": preview})
        assert body is not None  # the operation reads one or the other
        doc = built.imports.create_job(partner_id, body.file_name, actor, now=now())
        return ImportJobOut.model_validate({**doc, "upload_url": built.imports.upload_url(doc)})

    @spec.operation(bp, "GET", base, summary="Import jobs", tag="imports", roles=_ROLES,
                    query=PartnerScope, response=ImportListOut)  # fmt: skip
    def list_imports(query: PartnerScope) -> ImportListOut:
        jobs = current_services().imports.jobs.list(_scope(query))
        return ImportListOut(imports=[_with_import_links(d) for d in jobs])

    @spec.operation(bp, "GET", base + "/<job_id>", summary="One import's status", tag="imports",
                    roles=_ROLES, query=PartnerScope, response=ImportJobOut)  # fmt: skip
    def get_import(job_id: str, query: PartnerScope) -> ImportJobOut:
        return _with_import_links(current_services().imports.jobs.get(job_id, _scope(query)))

    @spec.operation(bp, "DELETE", base + "/<job_id>", summary="Delete an import that is not "
                    "running (its file and report too); 409 while it runs", tag="imports",
                    roles=_ROLES, query=PartnerScope, status=204)  # fmt: skip
    def delete_import(job_id: str, query: PartnerScope) -> flask.Response:
        current_services().imports.delete_job(_scope(query), job_id)
        return flask.Response(status=204)

    @spec.operation(bp, "POST", base + "/<job_id>/preview", summary="The mapping and first rows "
                    "with these options", tag="imports", roles=_ROLES, query=PartnerScope,
                    body=ImportOptionsIn, optional_body=True, response=PreviewOut)  # fmt: skip
    def preview_import(job_id: str, query: PartnerScope, body: ImportOptionsIn) -> PreviewOut:
        options = options_from_json(_json(body))
        preview = current_services().imports.preview(_partner(query), job_id, options)
        return PreviewOut.model_validate(preview)

    @spec.operation(bp, "POST", base + "/<job_id>/start", summary="Start the import",
                    tag="imports", roles=_ROLES, query=PartnerScope, body=ImportOptionsIn,
                    optional_body=True, response=ImportJobOut, status=202)  # fmt: skip
    def start_import(job_id: str, query: PartnerScope, body: ImportOptionsIn) -> ImportJobOut:
        options = options_from_json(_json(body))
        doc = current_services().imports.start(_partner(query), job_id, options, now=now())
        return _with_import_links(doc)

    @spec.operation(bp, "GET", base + "/<job_id>/report", summary="The row report (CSV)",
                    tag="imports", roles=_ROLES, query=PartnerScope,
                    produces="text/csv")  # fmt: skip
    def import_report(job_id: str, query: PartnerScope) -> flask.Response:
        partner = _scope(query)
        stream = current_services().imports.read_report(UUID(partner) if partner else None, job_id)
        return flask.send_file(
            stream, mimetype="text/csv", as_attachment=True,
            download_name=f"import-{job_id}-report.csv",
        )  # fmt: skip


def _exports(spec: ApiSpec, bp: flask.Blueprint) -> None:
    @spec.operation(bp, "POST", "/api/v1/exports", summary="Start an export", tag="exports",
                    roles=_ROLES, query=PartnerScope, body=ExportIn, response=ExportJobOut,
                    status=202)  # fmt: skip
    def start_export(query: PartnerScope, body: ExportIn) -> ExportJobOut:
        request = request_from_json(_json(body))
        doc = current_services().exports.start(
            _partner(query), request, current_principal().actor(), now=now()
        )
        return ExportJobOut.model_validate(doc)

    @spec.operation(bp, "GET", "/api/v1/exports", summary="Export jobs", tag="exports",
                    roles=_ROLES, query=PartnerScope, response=ExportListOut)  # fmt: skip
    def list_exports(query: PartnerScope) -> ExportListOut:
        jobs = current_services().exports.jobs.list(_scope(query))
        return ExportListOut(exports=[ExportJobOut.model_validate(d) for d in jobs])

    @spec.operation(bp, "GET", "/api/v1/exports/<job_id>", summary="One export's status and "
                    "download URL", tag="exports", roles=_ROLES, query=PartnerScope,
                    response=ExportJobOut)  # fmt: skip
    def get_export(job_id: str, query: PartnerScope) -> ExportJobOut:
        built, scope = current_services(), _scope(query)
        doc = built.exports.jobs.get(job_id, scope)
        if doc.get("state") == "succeeded":
            url = built.exports.download_url(UUID(scope) if scope else None, job_id)
            doc = {**doc, "download_url": url}
        return ExportJobOut.model_validate(doc)


def _validation(spec: ApiSpec, bp: flask.Blueprint) -> None:
    @spec.operation(bp, "GET", "/api/v1/releases/<release_id>/validation", summary="A release's "
                    "findings, each pointing at the field to fix (the result is stored for the "
                    "validation filter)", tag="validation", roles=_ROLES, query=PartnerScope,
                    response=ReleaseValidationOut)  # fmt: skip
    def release_validation(release_id: str, query: PartnerScope) -> ReleaseValidationOut:
        try:
            wanted = UUID(release_id)
        except ValueError:
            raise InvalidField("release_id", f"{release_id!r} is not an id") from None
        findings = current_services().validation.release_findings(
            _partner(query), wanted, now=now()
        )
        return ReleaseValidationOut.model_validate(findings)

    @spec.operation(bp, "POST", "/api/v1/validate", summary="Findings of a DDEX, CSV, JSON or "
                    "CWR file (up to 16 MB; multipart 'file' or the raw body)", tag="validation",
                    roles=_ROLES, query=ValidateQuery, upload="raw",
                    response=FileValidationOut)  # fmt: skip
    def validate_file(query: ValidateQuery, file: UploadedFile | None) -> FileValidationOut:
        _partner(query)  # the caller must be scoped to a partner like every other route
        if file is None or not file.data:
            raise InvalidField("file", "post the file as the body or as multipart 'file'")
        if len(file.data) > MAX_VALIDATE_BYTES:
            raise PayloadTooLarge(
                "validate files up to 16 MB here; use `catalog validate` for more"
            )
        name = (file.name if file.name is not None else query.name) or "upload"
        data = file.data
        result = current_services().validation.validate_file(lambda: io.BytesIO(data), name)
        return FileValidationOut(
            kind=result.kind,
            valid=result.exit_code == 0,
            unreadable=result.unreadable,
            findings=[FindingOut.model_validate(f.to_json()) for f in result.findings],
        )
