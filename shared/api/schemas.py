"""Request and response bodies of the REST API: the models that validate requests and from
which /openapi.json is generated. Shapes only; meaning (check digits, keys, references) is
checked by the services, which name the field the same way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.representations import ContributorOut as ContributorOut
from shared.representations import ProvenanceOut as ProvenanceOut
from shared.representations import TrackOut as TrackOut

Text = Field(default=None, max_length=500)


class Strict(BaseModel):
    """A request body: unknown fields refused (no mass assignment), strings bounded."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)


class CopyrightLineModel(Strict):
    """A P-line or C-line."""

    text: str = Field(max_length=500)
    year: int | None = Field(None, ge=1877, le=2200)


class ContributorIn(Strict):
    """A credit on a track: a party in a DDEX role, with an optional split."""

    party_id: UUID
    role: str = Field(max_length=60, examples=["MainArtist", "Producer", "Composer"])
    sequence: int | None = Field(None, ge=1, le=1000)
    share: float | None = Field(None, ge=0, le=100, description="split in percent")


class ArtistCreditIn(Strict):
    """An artist of a release in a DDEX DisplayArtistRole; the list's order is the credit order."""

    party_id: UUID
    role: str = Field("MainArtist", max_length=60, examples=["MainArtist", "FeaturedArtist"])


class ArtistCreditOut(BaseModel):
    """An artist credit of a release, with the party's name."""

    party_id: UUID
    name: str
    role: str
    sequence: int


class MasterSplitIn(Strict):
    """A rights holder of the master recording and their percentage."""

    party_id: UUID
    share: float = Field(gt=0, le=100, description="percent; a track's splits total 100")


class InterestedPartyIn(Strict):
    """A writer or publisher of a work with CWR role and shares in percent."""

    party_id: UUID
    role: str = Field(max_length=4, examples=["CA", "E"])
    pr_share: float = Field(0, ge=0, le=100)
    mr_share: float = Field(0, ge=0, le=100)
    sr_share: float = Field(0, ge=0, le=100)
    controlled: bool = True
    pr_society: str | None = Field(None, max_length=20, examples=["052", "PRS", "ASCAP"])
    mr_society: str | None = Field(None, max_length=20, examples=["044", "MCPS"])
    sr_society: str | None = Field(None, max_length=20)
    publisher_party_id: UUID | None = Field(
        None, description="writers: the work's publisher who represents them (CWR PWR)"
    )


class InterestedPartyOut(BaseModel):
    """A writer or publisher as stored."""

    party_id: UUID
    name: str
    role: str
    pr_share: float
    mr_share: float
    sr_share: float
    controlled: bool
    ipi_name_number: str | None
    pr_society: str | None = Field(None, description="CISAC society code (three digits)")
    mr_society: str | None = None
    sr_society: str | None = None
    publisher_party_id: UUID | None = None


# ---------------------------------------------------------------- tracks


class TrackFields(Strict):
    """Editable fields of a track (sound recording)."""

    title: str | None = Field(None, min_length=1, max_length=500)
    version_title: str | None = Field(None, max_length=500)
    display_artist: str | None = Field(None, max_length=1000)
    isrc: str | None = Field(None, max_length=20, examples=["USRC17607839"])
    duration_ms: int | None = Field(None, ge=0, le=86_400_000)
    genre: str | None = Field(None, max_length=100)
    sub_genre: str | None = Field(None, max_length=100)
    moods: list[str] | None = Field(None, max_length=20)
    bpm: float | None = Field(None, ge=20, le=400)
    key: str | None = Field(None, max_length=20, examples=["A minor"])
    vocals: Literal["vocal", "instrumental"] | None = None
    vocal_gender: Literal["female", "male", "mixed"] | None = None
    preview_start_s: float | None = Field(None, ge=0, lt=86400)
    explicit: bool | None = None
    language: str | None = Field(None, max_length=35)
    p_line: CopyrightLineModel | None = None
    disc_number: int | None = Field(None, ge=1, le=999)
    track_number: int | None = Field(None, ge=1, le=9999)
    status: str | None = Field(None, min_length=1, max_length=40)
    release_id: UUID | None = None
    work_id: UUID | None = None
    contributors: list[ContributorIn] | None = Field(None, max_length=200)
    master_splits: list[MasterSplitIn] | None = Field(
        None, max_length=100, description="who owns the recording; shares total exactly 100"
    )


class TrackCreate(TrackFields):
    """A new track."""

    title: str = Field(min_length=1, max_length=500)


class TrackPatch(TrackFields):
    """Fields to change (absent: unchanged; null: cleared)."""


# ---------------------------------------------------------------- releases


class ReleaseFields(Strict):
    """Editable fields of a release."""

    title: str | None = Field(None, min_length=1, max_length=500)
    version_title: str | None = Field(None, max_length=500)
    release_type: str | None = Field(None, max_length=60, examples=["Album", "Single", "EP"])
    upc: str | None = Field(None, max_length=20)
    grid: str | None = Field(None, max_length=30)
    catalog_number: str | None = Field(None, max_length=100)
    display_artist: str | None = Field(None, max_length=1000)
    label_name: str | None = Field(None, max_length=500)
    release_date: date | None = None
    original_release_date: date | None = None
    p_line: CopyrightLineModel | None = None
    c_line: CopyrightLineModel | None = None
    genre: str | None = Field(None, max_length=100)
    sub_genre: str | None = Field(None, max_length=100)
    parental_advisory: str | None = Field(None, max_length=40)
    territories: list[str] | None = Field(None, max_length=300)
    status: str | None = Field(None, min_length=1, max_length=40)
    artists: list[ArtistCreditIn] | None = Field(
        None, max_length=100, description="credited artists in order (ERN DisplayArtist)"
    )


class ReleaseCreate(ReleaseFields):
    """A new release."""

    title: str = Field(min_length=1, max_length=500)


class ReleasePatch(ReleaseFields):
    """Fields to change."""


class ReleaseOut(BaseModel):
    """A release."""

    id: UUID
    partner_id: UUID
    title: str
    version_title: str | None
    release_type: str
    upc: str | None
    grid: str | None
    catalog_number: str | None
    display_artist: str | None
    label_name: str | None
    release_date: date | None
    original_release_date: date | None
    p_line: dict[str, Any] | None
    c_line: dict[str, Any] | None
    genre: str | None
    sub_genre: str | None
    parental_advisory: str
    territories: list[str]
    status: str
    provenance: dict[str, ProvenanceOut]
    artists: list[ArtistCreditOut] = []


# ---------------------------------------------------------------- works


class WorkFields(Strict):
    """Editable fields of a musical work."""

    title: str | None = Field(None, min_length=1, max_length=500)
    iswc: str | None = Field(None, max_length=20, examples=["T-034.524.680-1"])
    alternate_titles: list[str] | None = Field(None, max_length=50)
    language: str | None = Field(None, max_length=35)
    registration_status: str | None = Field(None, min_length=1, max_length=40)
    writers: list[InterestedPartyIn] | None = Field(None, max_length=100)
    publishers: list[InterestedPartyIn] | None = Field(None, max_length=100)


class WorkCreate(WorkFields):
    """A new work."""

    title: str = Field(min_length=1, max_length=500)


class WorkPatch(WorkFields):
    """Fields to change."""


class WorkOut(BaseModel):
    """A musical work with its writers and publishers."""

    id: UUID
    partner_id: UUID
    title: str
    iswc: str | None
    alternate_titles: list[str]
    language: str | None
    registration_status: str
    writers: list[InterestedPartyOut]
    publishers: list[InterestedPartyOut]
    provenance: dict[str, ProvenanceOut]


# ---------------------------------------------------------------- parties


class PartyFields(Strict):
    """Editable fields of a party."""

    name: str | None = Field(None, min_length=1, max_length=500)
    kind: Literal["person", "organization", "unknown"] | None = None
    isni: str | None = Field(None, max_length=25)
    ipi_name_number: str | None = Field(None, max_length=20)
    ipi_base_number: str | None = Field(None, max_length=20)
    dpid: str | None = Field(None, max_length=30)


class PartyCreate(PartyFields):
    """A new party."""

    name: str = Field(min_length=1, max_length=500)


class PartyPatch(PartyFields):
    """Fields to change."""


class PartyOut(BaseModel):
    """A person or organisation."""

    id: UUID
    partner_id: UUID
    name: str
    kind: str
    isni: str | None
    ipi_name_number: str | None
    ipi_base_number: str | None
    dpid: str | None
    provenance: dict[str, ProvenanceOut]


# ---------------------------------------------------------------- deals


class DealFields(Strict):
    """Editable fields of a deal."""

    release_id: UUID | None = None
    territories: list[str] | None = Field(None, max_length=300)
    excluded_territories: list[str] | None = Field(None, max_length=300)
    commercial_models: list[str] | None = Field(None, max_length=50)
    use_types: list[str] | None = Field(None, max_length=50)
    start_date: date | None = None
    end_date: date | None = None
    preorder_start_date: date | None = Field(
        None,
        description="buyers may order from this day (before start_date; a PayAsYouGoModel"
        " deal): ERN 4.3 IsPreOrderDeal",
    )
    instant_grat_track_ids: list[UUID] | None = Field(
        None, max_length=500, description="tracks pre-orderers get at once (needs a pre-order)"
    )


class DealCreate(DealFields):
    """A new deal."""

    release_id: UUID
    commercial_models: list[str] = Field(min_length=1, max_length=50)
    use_types: list[str] = Field(min_length=1, max_length=50)
    start_date: date


class DealPatch(DealFields):
    """Fields to change."""


class DealOut(BaseModel):
    """Where, when and how a release may be sold or streamed."""

    id: UUID
    partner_id: UUID
    release_id: UUID
    territories: list[str]
    excluded_territories: list[str]
    commercial_models: list[str]
    use_types: list[str]
    start_date: date
    end_date: date | None
    provenance: dict[str, ProvenanceOut]
    preorder_start_date: date | None = None
    instant_grat_track_ids: list[UUID] = []


# ---------------------------------------------------------------- lists and changes


ValidationState = Literal["failed", "valid", "unchecked"]


_GRID_COLUMNS = ("release_title", "updated_at")


def _optional(schema: dict[str, Any], names: tuple[str, ...]) -> None:
    """Leave ``names`` out of a schema's required fields (they are only sent when asked for)."""
    required = schema.get("required")
    if isinstance(required, list):
        schema["required"] = [name for name in required if name not in names]


class TrackListItem(TrackOut):
    """A track as a list shows it; with ``grid_columns=true``, also its release's title and
    when it last changed (the web grid's release and updated columns)."""

    model_config = ConfigDict(json_schema_extra=lambda schema: _optional(schema, _GRID_COLUMNS))

    # absent unless asked for, so a plain list answers exactly what GET /tracks/{id} does
    release_title: str | None = Field(None, exclude_if=lambda value: value is None)
    updated_at: datetime | None = Field(None, exclude_if=lambda value: value is None)


class ListQuery(BaseModel):
    """Filters, sort and cursor of a list."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = Field(None, description="admins: the partner to list")
    q: str | None = Field(None, max_length=200, description="fuzzy title / artist / name search")
    isrc: str | None = Field(None, max_length=20)
    upc: str | None = Field(None, max_length=20)
    iswc: str | None = Field(None, max_length=20)
    genre: str | None = Field(None, max_length=100)
    bpm_min: float | None = Field(None, ge=0, le=1000)
    bpm_max: float | None = Field(None, ge=0, le=1000)
    key: str | None = Field(None, max_length=20)
    vocals: Literal["vocal", "instrumental"] | None = None
    vocal_gender: Literal["female", "male", "mixed"] | None = None
    status: str | None = Field(None, max_length=40)
    release_id: UUID | None = None
    work_id: UUID | None = None
    missing: list[str] | None = Field(None, description="fields that must be empty")
    invalid: list[str] | None = Field(None, description="identifiers that fail their check")
    low_confidence: bool | None = Field(None, description="an AI value below the threshold")
    validation: ValidationState | None = Field(
        None, description="tracks and releases: the release's last validation result"
    )
    sort: str | None = Field(None, max_length=40, description="a field; -field for descending")
    limit: int = Field(50, ge=1, le=500)
    after: str | None = Field(None, max_length=400, description="next_cursor of the last page")
    grid_columns: bool | None = Field(
        None, description="tracks: also each track's release_title and updated_at (one query)"
    )


class PartnerQuery(BaseModel):
    """Admins name the partner they act on (others act on their own)."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None


class HistoryQuery(PartnerQuery):
    """History of one field, or of the whole object."""

    field: str | None = Field(None, max_length=60)


class ChangeRef(BaseModel):
    """A change you can undo."""

    change_id: UUID


class FindReplaceIn(Strict):
    """Replace text in a field."""

    field: str = Field(max_length=60)
    find: str = Field(min_length=1, max_length=500)
    replace: str = Field(max_length=500)


class BulkFilter(Strict):
    """Select by filter instead of ids (the same filters as the list)."""

    q: str | None = Field(None, max_length=200)
    isrc: str | None = Field(None, max_length=20)
    upc: str | None = Field(None, max_length=20)
    iswc: str | None = Field(None, max_length=20)
    genre: str | None = Field(None, max_length=100)
    bpm_min: float | None = Field(None, ge=0, le=1000)
    bpm_max: float | None = Field(None, ge=0, le=1000)
    key: str | None = Field(None, max_length=20)
    vocals: Literal["vocal", "instrumental"] | None = None
    vocal_gender: Literal["female", "male", "mixed"] | None = None
    status: str | None = Field(None, max_length=40)
    release_id: UUID | None = None
    work_id: UUID | None = None
    missing: list[str] | None = None
    invalid: list[str] | None = None
    low_confidence: bool | None = None
    validation: ValidationState | None = None


class BulkEditIn(Strict):
    """A bulk edit: which objects (ids or filter, at most 10,000) and what to do to each."""

    partner_id: UUID | None = Field(None, description="admins: the partner to act on")
    ids: list[UUID] | None = Field(None, max_length=10_000)
    filter: BulkFilter | None = None
    set: dict[str, Any] | None = Field(None, description="field -> new value for every object")
    find_replace: list[FindReplaceIn] | None = Field(None, max_length=20)
    scale_bpm: Literal["double", "halve"] | None = None
    accept_estimates: list[str] | None = Field(None, max_length=10)
    run_async: bool | None = Field(
        None,
        description="answer 202 at once and show progress at GET /api/v1/changes/{id} "
        "(default: for more than 1,000 objects)",
    )


class ChangeOut(BaseModel):
    """A change set: one create, edit, bulk edit, delete or undo."""

    id: UUID
    partner_id: UUID
    entity_type: str
    action: str
    status: str
    total: int
    done: int
    created_at: datetime
    finished_at: datetime | None
    error: str | None
    undoes: UUID | None
    undone_by: UUID | None
    actor: dict[str, str | None]


class FieldChangeOut(BaseModel):
    """One field's value before and after."""

    field: str
    before: Any
    after: Any


class UndoneByOut(BaseModel):
    """The change that undid this one: its id, who (by name when a person) and when."""

    change_id: UUID
    actor_id: str | None
    actor_name: str | None
    at: datetime


class AuditEventOut(BaseModel):
    """One audit record; ``actor.name`` is the person's display name (or e-mail)."""

    id: UUID
    occurred_at: datetime
    action: str
    retention_class: str
    partner_id: UUID | None
    entity_type: str | None
    entity_id: UUID | None
    change_id: UUID | None
    actor: dict[str, str | None]
    changes: list[FieldChangeOut]
    detail: dict[str, Any] | None
    undoes: UUID | None = None  # this record's change undid that change
    undone_by: UndoneByOut | None = None  # this record's change was undone


class AuditPage(BaseModel):
    """A page of audit records, newest first."""

    items: list[AuditEventOut]
    next_before: datetime | None


class AuditQuery(BaseModel):
    """Audit filters."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = None
    entity_type: str | None = Field(None, max_length=40)
    retention_class: Literal["ddex", "ai", "operational"] | None = None
    before: datetime | None = None
    limit: int = Field(100, ge=1, le=1000)


class EstimateOut(BaseModel):
    """An AI (or DSP) estimate of a track's field."""

    id: UUID
    track_id: UUID | None
    field: str
    value: Any
    confidence: float | None
    model: str
    model_version: str
    arm: str | None
    applied: bool
    review: str | None
    reviewed_at: datetime | None
    created_at: datetime
    reviewable: bool = Field(
        description="a track field takes this value, so a person accepts or rejects it; false "
        "for measurements such as loudness_lufs, shown but not offered for review"
    )


class SimilarQuery(BaseModel):
    """How many similar tracks, and what they must match."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = Field(None, description="admins: the partner of the track")
    limit: int = Field(10, ge=1, le=100)
    bpm_min: float | None = Field(None, ge=0, le=1000)
    bpm_max: float | None = Field(None, ge=0, le=1000)
    key: str | None = Field(None, max_length=20, examples=["A minor"])
    genre: str | None = Field(None, max_length=100)


class SimilarItem(BaseModel):
    """A similar track and its cosine similarity to the reference (1: the same sound)."""

    track: TrackOut
    score: float


class SimilarPage(BaseModel):
    """Similar tracks, most similar first."""

    items: list[SimilarItem]


class TimelineQuery(BaseModel):
    """Whose track (admins)."""

    model_config = ConfigDict(extra="forbid")

    partner_id: UUID | None = Field(None, description="admins: the partner of the track")


class ScoredLabel(BaseModel):
    """A taxonomy label and its raw model score (0..1)."""

    label: str
    score: float


class TimelineSegmentOut(BaseModel):
    """Genre and mood scores over one stretch of the track (seconds from its start)."""

    start_s: float
    end_s: float
    genres: list[ScoredLabel]
    moods: list[ScoredLabel]


class TimelineOut(BaseModel):
    """Genre and mood along the track, in order; no segments before its audio is analysed."""

    segments: list[TimelineSegmentOut]
    model: str | None
    model_version: str | None


class EstimateList(BaseModel):
    """A track's estimates, newest first."""

    items: list[EstimateOut]


class AnalysisErrorOut(BaseModel):
    """Why an analysis failed: a stable code and a sentence for the user (as uploads say it)."""

    model_config = ConfigDict(title="AnalysisErrorOut")

    code: str = Field(description="analysis_failed or analysis_dead_lettered")
    message: str


class TrackAnalysisOut(BaseModel):
    """Where the analysis of a track's audio stands."""

    model_config = ConfigDict(title="TrackAnalysisOut")

    state: Literal["none", "queued", "running", "analysed", "failed"] = Field(
        description="none: no audio or never analysed; failed: see error"
    )
    attempts: int = Field(description="tries of the latest analysis request")
    error: AnalysisErrorOut | None = None
    updated_at: datetime | None = None


class DeletedOut(BaseModel):
    """A soft-deleted object an admin may restore."""

    id: UUID
    deleted_at: datetime


class DeletedList(BaseModel):
    """Soft-deleted objects, newest first."""

    items: list[DeletedOut]


# ---------------------------------------------------------------- admin


class PartnerIn(Strict):
    """A new partner."""

    name: str = Field(min_length=1, max_length=200)
    tier: Literal["free", "pro", "enterprise"]
    audio_retention_days: int | None = Field(None, ge=1, le=36500)


class PartnerOut(BaseModel):
    """A partner (tenant)."""

    id: UUID
    name: str
    tier: str
    audio_retention_days: int | None
    legal_hold: bool
    created_at: datetime


class PartnerList(BaseModel):
    """Every partner."""

    items: list[PartnerOut]


class UserIn(Strict):
    """A new user."""

    email: str = Field(min_length=3, max_length=320)
    role: Literal["admin", "label", "api"]
    partner_id: UUID | None = None
    password: str = Field(min_length=12, max_length=1024)
    display_name: str = Field("", max_length=200)
    territories: list[str] = Field(default_factory=list, max_length=300)


class UserPatch(Strict):
    """Fields of a user to change."""

    display_name: str | None = Field(None, max_length=200)
    role: Literal["admin", "label", "api"] | None = None
    territories: list[str] | None = Field(None, max_length=300)
    password: str | None = Field(None, min_length=12, max_length=1024)


class UserOut(BaseModel):
    """A user (never their password hash)."""

    id: UUID
    email: str
    role: str
    partner_id: UUID | None
    display_name: str
    territories: list[str]
    created_at: datetime


class UserList(BaseModel):
    """Users."""

    items: list[UserOut]


class ClientIn(Strict):
    """A new API client of a partner."""

    partner_id: UUID
    role: Literal["api", "label"] = "api"
    name: str = Field("", max_length=200)
    territories: list[str] = Field(default_factory=list, max_length=300)


class ClientOut(BaseModel):
    """An API client (its secret only once, when created)."""

    client_id: str
    partner_id: UUID
    role: str
    name: str
    territories: list[str]
    created_at: datetime
    client_secret: str | None = None


class ClientList(BaseModel):
    """API clients."""

    items: list[ClientOut]
