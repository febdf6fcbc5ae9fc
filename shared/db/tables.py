"""SQLAlchemy Core tables mirroring migrations/*.sql (a test checks they agree).

The migrations own the DDL (partitions, trigram indexes); these definitions exist so queries are
composed safely (API filters, bulk updates) instead of concatenated.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, JSONB, UUID

metadata = sa.MetaData()

_TEXT_ARRAY = ARRAY(sa.Text)


def _timestamps(*, deletable: bool = True, versioned: bool = True) -> list[sa.Column[object]]:
    columns: list[sa.Column[object]] = [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]
    if deletable:
        columns.append(sa.Column("deleted_at", sa.DateTime(timezone=True)))
    if versioned:
        columns.append(sa.Column("version", sa.Integer, nullable=False))
    return columns


def _catalog_keys() -> list[sa.Column[object]]:
    return [
        sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
    ]


partners = sa.Table(
    "partners",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("tier", sa.Text, nullable=False),
    sa.Column("audio_retention_days", sa.Integer),
    sa.Column("legal_hold", sa.Boolean, nullable=False),
    sa.Column("dedicated_partition", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True)),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text),
    sa.Column("territories", _TEXT_ARRAY, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)

api_clients = sa.Table(
    "api_clients",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("client_id", sa.Text, nullable=False),
    sa.Column("secret_hash", sa.Text, nullable=False),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("territories", _TEXT_ARRAY, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

parties = sa.Table(
    "parties",
    metadata,
    *_catalog_keys(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("isni", sa.Text),
    sa.Column("ipi_name_number", sa.Text),
    sa.Column("ipi_base_number", sa.Text),
    sa.Column("dpid", sa.Text),
    sa.Column("provenance", JSONB, nullable=False),
    *_timestamps(),
)

releases = sa.Table(
    "releases",
    metadata,
    *_catalog_keys(),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("version_title", sa.Text),
    sa.Column("release_type", sa.Text, nullable=False),
    sa.Column("upc", sa.Text),
    sa.Column("grid", sa.Text),
    sa.Column("catalog_number", sa.Text),
    sa.Column("display_artist", sa.Text),
    sa.Column("label_name", sa.Text),
    sa.Column("release_date", sa.Date),
    sa.Column("original_release_date", sa.Date),
    sa.Column("p_line", JSONB),
    sa.Column("c_line", JSONB),
    sa.Column("genre", sa.Text),
    sa.Column("sub_genre", sa.Text),
    sa.Column("parental_advisory", sa.Text, nullable=False),
    sa.Column("territories", _TEXT_ARRAY, nullable=False),
    sa.Column("artwork", JSONB),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("provenance", JSONB, nullable=False),
    *_timestamps(),
)

release_artists = sa.Table(
    "release_artists",
    metadata,
    *_catalog_keys(),
    sa.Column("release_id", UUID(as_uuid=True), nullable=False),
    sa.Column("party_id", UUID(as_uuid=True), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
)

works = sa.Table(
    "works",
    metadata,
    *_catalog_keys(),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("iswc", sa.Text),
    sa.Column("alternate_titles", _TEXT_ARRAY, nullable=False),
    sa.Column("language", sa.Text),
    sa.Column("registration_status", sa.Text, nullable=False),
    sa.Column("provenance", JSONB, nullable=False),
    *_timestamps(),
)


def _share_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("controlled", sa.Boolean, nullable=False),
        sa.Column("pr_share", sa.Numeric(6, 3), nullable=False),
        sa.Column("mr_share", sa.Numeric(6, 3), nullable=False),
        sa.Column("sr_share", sa.Numeric(6, 3), nullable=False),
        # standards depth (0910): CISAC society per right, three digits
        sa.Column("pr_society", sa.Text),
        sa.Column("mr_society", sa.Text),
        sa.Column("sr_society", sa.Text),
    ]


work_writers = sa.Table(
    "work_writers",
    metadata,
    *_catalog_keys(),
    sa.Column("work_id", UUID(as_uuid=True), nullable=False),
    sa.Column("party_id", UUID(as_uuid=True), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    *_share_columns(),
    sa.Column("publisher_party_id", UUID(as_uuid=True)),
    sa.Column("sequence", sa.Integer, nullable=False),
)

work_publishers = sa.Table(
    "work_publishers",
    metadata,
    *_catalog_keys(),
    sa.Column("work_id", UUID(as_uuid=True), nullable=False),
    sa.Column("party_id", UUID(as_uuid=True), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    *_share_columns(),
    sa.Column("sequence", sa.Integer, nullable=False),
)

assets = sa.Table(
    "assets",
    metadata,
    *_catalog_keys(),
    sa.Column("bucket", sa.Text, nullable=False),
    sa.Column("object_name", sa.Text, nullable=False),
    sa.Column("generation", sa.BigInteger, nullable=False),
    sa.Column("sha256", sa.Text),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("format", sa.Text),
    sa.Column("technical", JSONB, nullable=False),
    sa.Column("fingerprint", sa.Text),
    sa.Column("fingerprint_error", sa.Text),
    sa.Column("audio_object", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    *_timestamps(versioned=False),
    # ingestion (0300)
    sa.Column("upload_id", sa.Text),
    sa.Column("original_filename", sa.Text),
    sa.Column("duration_ms", sa.Integer),
    sa.Column("duplicate_of", UUID(as_uuid=True)),
    sa.Column("duplicate_similarity", sa.REAL),
    # hostile inputs (0920): set only on assets the same-content race made twice before 0920
    sa.Column("same_content_of", UUID(as_uuid=True)),
)

tracks = sa.Table(
    "tracks",
    metadata,
    *_catalog_keys(),
    sa.Column("release_id", UUID(as_uuid=True)),
    sa.Column("work_id", UUID(as_uuid=True)),
    sa.Column("asset_id", UUID(as_uuid=True)),
    sa.Column("isrc", sa.Text),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("version_title", sa.Text),
    sa.Column("display_artist", sa.Text),
    sa.Column("duration_ms", sa.Integer),
    sa.Column("genre", sa.Text),
    sa.Column("sub_genre", sa.Text),
    sa.Column("moods", _TEXT_ARRAY, nullable=False),
    sa.Column("bpm", sa.Numeric(6, 2)),
    sa.Column("musical_key", sa.Text),
    sa.Column("explicit", sa.Boolean),
    sa.Column("language", sa.Text),
    sa.Column("p_line", JSONB),
    sa.Column("disc_number", sa.Integer),
    sa.Column("track_number", sa.Integer),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("provenance", JSONB, nullable=False),
    *_timestamps(),
    sa.Column("vocals", sa.Text),  # 1041 (issue 18)
    sa.Column("vocal_gender", sa.Text),
    sa.Column("era_hint", sa.Text),  # 1150 (issue 18)
    sa.Column("preview_start_s", sa.Float),  # 1050 (issue 18)
    sa.Column("master_splits", JSONB, nullable=False, server_default="[]"),  # 1100 (issue 17)
)

track_contributors = sa.Table(
    "track_contributors",
    metadata,
    *_catalog_keys(),
    sa.Column("track_id", UUID(as_uuid=True), nullable=False),
    sa.Column("party_id", UUID(as_uuid=True), nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("share", sa.Numeric(6, 3)),
    sa.Column("provenance", JSONB, nullable=False),
)

deals = sa.Table(
    "deals",
    metadata,
    *_catalog_keys(),
    sa.Column("release_id", UUID(as_uuid=True), nullable=False),
    sa.Column("territories", _TEXT_ARRAY, nullable=False),
    sa.Column("excluded_territories", _TEXT_ARRAY, nullable=False),
    sa.Column("commercial_models", _TEXT_ARRAY, nullable=False),
    sa.Column("use_types", _TEXT_ARRAY, nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date),
    sa.Column("provenance", JSONB, nullable=False),
    *_timestamps(),
    sa.Column("preorder_start_date", sa.Date),  # 1101 (issue 17)
    sa.Column(
        "instant_grat_track_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"
    ),
)

analyses = sa.Table(
    "analyses",
    metadata,
    *_catalog_keys(),
    sa.Column("asset_id", UUID(as_uuid=True)),
    sa.Column("track_id", UUID(as_uuid=True)),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("value", JSONB),
    sa.Column("confidence", sa.Float),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("model_version", sa.Text, nullable=False),
    sa.Column("arm", sa.Text),
    sa.Column("latency_ms", sa.Float),
    sa.Column("cost_usd", sa.Numeric(12, 6)),
    sa.Column("applied", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    # the API (issue 5): a person's verdict on the estimate
    sa.Column("review", sa.Text),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    sa.Column("reviewed_by", sa.Text),
)

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), primary_key=True),
    sa.Column("retention_class", sa.Text, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True)),
    sa.Column("actor_type", sa.Text, nullable=False),
    sa.Column("actor_id", sa.Text),
    sa.Column("client_id", sa.Text),
    sa.Column("request_id", sa.Text),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("entity_type", sa.Text),
    sa.Column("entity_id", UUID(as_uuid=True)),
    sa.Column("change_set_id", UUID(as_uuid=True)),
    sa.Column("changes", JSONB, nullable=False),
    sa.Column("detail", JSONB, nullable=False),
)

bus_messages = sa.Table(
    "bus_messages",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("message_id", UUID(as_uuid=True), nullable=False),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("subscription", sa.Text, nullable=False),
    sa.Column("data", BYTEA, nullable=False),
    sa.Column("attributes", JSONB, nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("delivery_attempt", sa.Integer, nullable=False),
    sa.Column("lease_token", UUID(as_uuid=True)),
    sa.Column("last_error", sa.Text),
    sa.Column("lease_holder", sa.Text),
)

dead_letters = sa.Table(
    "dead_letters",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("topic", sa.Text, nullable=False),
    sa.Column("source_subscription", sa.Text),
    sa.Column("message_id", sa.Text),
    sa.Column("data", BYTEA, nullable=False),
    sa.Column("attributes", JSONB, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("delivery_attempts", sa.Integer),
    sa.Column("partner_id", UUID(as_uuid=True)),
    sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("resolved_at", sa.DateTime(timezone=True)),
)

status_documents = sa.Table(
    "status_documents",
    metadata,
    sa.Column("collection", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True)),
    sa.Column("doc", JSONB, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

analytics_events = sa.Table(
    "analytics_events",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("table_name", sa.Text, nullable=False),
    sa.Column("row_data", JSONB, nullable=False),
    sa.Column("inserted_at", sa.DateTime(timezone=True), nullable=False),
)

merge_proposals = sa.Table(
    "merge_proposals",
    metadata,
    *_catalog_keys(),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("isrc", sa.Text),
    sa.Column("existing_track_id", UUID(as_uuid=True), nullable=False),
    sa.Column("incoming_track_id", UUID(as_uuid=True), nullable=False),
    sa.Column("incoming_asset_id", UUID(as_uuid=True)),
    sa.Column("upload_id", sa.Text),
    sa.Column("differences", JSONB, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("resolved_at", sa.DateTime(timezone=True)),
)

# ---------------------------------------------------------------- operations (0800)

retention_notices = sa.Table(
    "retention_notices",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("asset_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), primary_key=True),
    sa.Column("audio_object", sa.Text, nullable=False),
    sa.Column("notified_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("deletion_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True)),
)

retention_extensions = sa.Table(
    "retention_extensions",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("asset_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("retain_until", sa.DateTime(timezone=True), nullable=False),
    sa.Column("extended_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_id", sa.Text),
)

notification_targets = sa.Table(
    "notification_targets",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("webhook_url", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

metric_snapshots = sa.Table(
    "metric_snapshots",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("gauges", JSONB, nullable=False),
)

# Catalog tables partitioned by partner, in the order a dedicated partition is created.
PARTNER_PARTITIONED: tuple[sa.Table, ...] = (
    parties,
    releases,
    release_artists,
    works,
    work_writers,
    work_publishers,
    assets,
    tracks,
    track_contributors,
    deals,
    analyses,
    merge_proposals,
)

# ---------------------------------------------------------------- the API (issue 5)

signing_keys = sa.Table(
    "signing_keys",
    metadata,
    sa.Column("kid", sa.Text, primary_key=True),
    sa.Column("algorithm", sa.Text, nullable=False),
    sa.Column("private_pem", sa.Text, nullable=False),
    sa.Column("public_jwk", JSONB, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("retired_at", sa.DateTime(timezone=True)),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("family_id", UUID(as_uuid=True), nullable=False),
    sa.Column("user_id", UUID(as_uuid=True), nullable=False),
    sa.Column("token_hash", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

change_sets = sa.Table(
    "change_sets",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("entity_type", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("actor_type", sa.Text, nullable=False),
    sa.Column("actor_id", sa.Text),
    sa.Column("client_id", sa.Text),
    sa.Column("request_id", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("request", JSONB, nullable=False),
    sa.Column("undoes", UUID(as_uuid=True)),
    sa.Column("undone_by", UUID(as_uuid=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)


# standards and batch (issue 6)
work_registrations = sa.Table(
    "work_registrations",
    metadata,
    *_catalog_keys(),
    sa.Column("work_id", UUID(as_uuid=True), nullable=False),
    sa.Column("submitter_work_number", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text),
    sa.Column("transaction_type", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("status_code", sa.Text),
    sa.Column("society", sa.Text),
    sa.Column("society_work_number", sa.Text),
    sa.Column("iswc", sa.Text),
    sa.Column("messages", JSONB, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True)),
    sa.Column("acknowledged_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
PARTNER_PARTITIONED = (*PARTNER_PARTITIONED, work_registrations)

# the timeline (issue 18, migration 1051): genre and mood scores along each analysed asset
asset_timelines = sa.Table(
    "asset_timelines",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("asset_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("segments", JSONB, nullable=False),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("model_version", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
PARTNER_PARTITIONED = (*PARTNER_PARTITIONED, asset_timelines)
# AI enrichment (issue 4)
analysis_attempts = sa.Table(
    "analysis_attempts",
    metadata,
    sa.Column("message_key", sa.Text, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("asset_id", UUID(as_uuid=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

ai_cost_ledger = sa.Table(
    "ai_cost_ledger",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("asset_id", UUID(as_uuid=True)),
    sa.Column("model", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("cost_usd", sa.Numeric(12, 6), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

ab_assignments = sa.Table(
    "ab_assignments",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("asset_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("arm", sa.Text, nullable=False),
    sa.Column("backend", sa.Text, nullable=False),
    sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
)

# web UI (issue 7): each release's last validation, and releases whose result may be out of date
release_validations = sa.Table(
    "release_validations",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("release_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("valid", sa.Boolean, nullable=False),
    sa.Column("blocking", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
)

validation_dirty = sa.Table(
    "validation_dirty",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("release_id", UUID(as_uuid=True), nullable=False),
    sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
)


# identifier assignment (issue 17, item 3): migrations/1020_code_sources.sql
code_sources = sa.Table(
    "code_sources",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("isrc_stem", sa.Text),
    sa.Column("gtin_first", sa.Text),
    sa.Column("gtin_last", sa.Text),
    sa.Column("label", sa.Text),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
code_counters = sa.Table(
    "code_counters",
    metadata,
    sa.Column("source_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("used", sa.BigInteger, nullable=False),
)
issued_codes = sa.Table(
    "issued_codes",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("partner_id", UUID(as_uuid=True), nullable=False),
    sa.Column("source_id", UUID(as_uuid=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("subject_kind", sa.Text, nullable=False),
    sa.Column("subject_id", UUID(as_uuid=True), nullable=False),
    sa.Column("replaced", sa.Text),
    sa.Column("assigned_by", sa.Text, nullable=False),
    sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
)


# a partner's DDEX sender and stores (issue 17, item 3): migrations/1130_partner_ddex_parties.sql
partner_ddex_senders = sa.Table(
    "partner_ddex_senders",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("dpid", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
partner_ddex_stores = sa.Table(
    "partner_ddex_stores",
    metadata,
    sa.Column("partner_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("dpid", sa.Text, nullable=False),
    sa.Column("is_default", sa.Boolean, nullable=False),
)
