"""Status documents: what the UI shows as progress (Firestore in GCP, a table locally).

Each document is declared once, here, and written by one service: uploads by
``services.upload_status.UploadStatusBook``, import and export jobs by
``services.jobs.JobDocuments``, bulk edits by ``services.bulk_edits.BulkEditJobs``. The API serves
them through these same models, so /openapi.json describes them and the web UI's types are
generated from that document.

They are pydantic models rather than dataclasses because they are wire shapes: stored as JSON,
served as JSON, read back from documents older code wrote (``model_validate`` mends those).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.domain.uploads import UploadState

ANALYSIS_FAILED = "analysis_failed"  # the code of an analysis failure in an upload's errors


class StatusNotice(BaseModel):
    """One error or warning shown beside an upload: a stable code and a sentence."""

    model_config = ConfigDict(
        extra="allow", title="StatusNotice", json_schema_serialization_defaults_required=True
    )

    code: str
    message: str


def _notices(value: object) -> object:
    """Documents written before issue 14 held analysis errors as bare strings
    (``"analysis: ..."``); read them as notices so old uploads still show."""
    if not isinstance(value, list):
        return value
    return [
        {"code": ANALYSIS_FAILED, "message": item.removeprefix("analysis: ")}
        if isinstance(item, str)
        else item
        for item in value
    ]


class DuplicateOf(BaseModel):
    """The asset an upload turned out to duplicate, and why we think so."""

    model_config = ConfigDict(
        extra="allow", title="DuplicateOf", json_schema_serialization_defaults_required=True
    )

    asset_id: str
    track_id: str | None = None
    reason: Literal["same_content", "fingerprint"]
    similarity: float | None = None


class FoundSummary(BaseModel):
    """What ingest read from the file: format, technical facts and tags."""

    model_config = ConfigDict(
        extra="allow", title="FoundSummary", json_schema_serialization_defaults_required=True
    )

    format: str | None = None
    container: str | None = None
    codec: str | None = None
    duration_s: float | None = None
    sample_rate: int | None = None
    bit_depth: int | None = None
    channels: int | None = None
    bitrate: int | None = None
    vbr: bool | None = None
    lossless: bool | None = None
    size_bytes: int | None = None
    sha256: str | None = None
    fingerprint: bool | None = None
    tags: dict[str, Any] | None = None


class AnalysisSummary(BaseModel):
    """What the analysis found and which model said so (written once the analysis is done)."""

    model_config = ConfigDict(
        extra="allow", title="AnalysisSummary", json_schema_serialization_defaults_required=True
    )

    bpm: float | None = None
    key: str | None = None
    loudness_lufs: float | None = None
    genres: list[str] = Field(default_factory=list)
    moods: list[str] = Field(default_factory=list)
    model: str | None = None
    model_version: str | None = None
    confidence: float | None = None
    arm: str | None = None
    fallback_used: bool | None = None
    low_confidence: bool | None = None
    applied: list[str] = Field(default_factory=list)
    cost_usd: float | None = None
    reasons: dict[str, str] = Field(default_factory=dict)


class UploadStatus(BaseModel):
    """The live pipeline status of one upload (collection "uploads", doc id = upload id)."""

    model_config = ConfigDict(
        extra="ignore", title="UploadStatus", json_schema_serialization_defaults_required=True
    )

    upload_id: str
    partner_id: str | None = None
    filename: str | None = None
    source: str | None = Field(None, description="api, watch_folder or bucket")
    state: UploadState
    progress: float = 0.0
    errors: list[StatusNotice] = Field(default_factory=list, description="each in words")
    warnings: list[StatusNotice] = Field(default_factory=list)
    previous_errors: list[StatusNotice] = Field(default_factory=list)
    found: FoundSummary | None = Field(None, description="format, duration, tags... once known")
    asset_id: str | None = None
    track_id: str | None = None
    release_id: str | None = None
    merge_proposal_id: str | None = None
    duplicate_of: DuplicateOf | None = None
    duplicate_track_id: str | None = Field(
        None,
        description="a catalog track this upload's track probably duplicates (same ISRC "
        "or fingerprint): GET /api/v1/tracks/{it}/compare/{track_id} shows both",
    )
    queue: str | None = Field(None, description="analysis-high or analysis-low")
    analysis: AnalysisSummary | None = None
    expected_size_bytes: int | None = None
    size_bytes: int | None = None
    content_type: str | None = None
    object_generation: str | None = None
    object_name: str | None = Field(None, description="where its bytes are in the uploads bucket")
    object: str | None = None
    attempts: int | None = None
    retry_pending: bool = Field(False, description="a retry asked for these bytes to be read again")
    actor: dict[str, str | None] | None = Field(None, description="who started the upload")
    created_at: str | None = None
    updated_at: str | None = None

    _mend_errors = field_validator("errors", "warnings", "previous_errors", mode="before")(
        lambda value: _notices(value)
    )


UPLOAD_FIELDS = frozenset(UploadStatus.model_fields)

JobState = Literal[
    "awaiting_upload", "uploaded", "queued", "running", "succeeded", "failed", "expired"
]


class JobProgress(BaseModel):
    """How far a job is: rows (or releases) done, of a total or of the file's bytes."""

    model_config = ConfigDict(
        extra="allow", title="JobProgress", json_schema_serialization_defaults_required=True
    )

    rows: int | None = None
    total: int | None = None
    releases: int | None = None
    bytes: int | None = None
    bytes_total: int | None = None
    percent: float | None = None


class JobStatus(BaseModel):
    """An import or export job's status document (collections "imports" and "exports").

    A job's document grows as it runs: the fields clients rely on are named, the rest (the
    request, options, counts of each kind) are kept as they are.
    """

    model_config = ConfigDict(
        extra="allow", title="JobStatus", json_schema_serialization_defaults_required=True
    )

    id: str
    kind: Literal["import", "export"]
    state: JobState
    partner_id: str
    progress: JobProgress | None = None
    counts: dict[str, int] | None = None
    failure: str | None = None
    created_at: str
    updated_at: str
    started_at: str | None = None
    finished_at: str | None = None


BulkEditState = Literal["pending", "running", "done", "failed"]


class BulkEditStatus(BaseModel):
    """A bulk edit running as a job (collection "bulk_edits", doc id = its change id).

    ``done`` of ``total`` is its progress; ``attempts`` counts deliveries of its job message.
    """

    model_config = ConfigDict(
        extra="ignore", title="BulkEditStatus", json_schema_serialization_defaults_required=True
    )

    id: str
    partner_id: str
    entity_type: str
    action: Literal["bulk_update"] = "bulk_update"
    status: BulkEditState
    total: int
    done: int = 0
    attempts: int = 0
    created_at: str
    updated_at: str | None = None
    finished_at: str | None = None
    error: str | None = None
    actor: dict[str, str | None]
