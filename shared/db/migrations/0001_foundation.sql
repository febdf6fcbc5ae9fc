-- Foundation: tenants, the catalog (partitioned by partner), the audit log (partitioned by
-- retention class and month), and the local adapters' tables (bus, status, analytics).
--
-- Catalog tables are LIST-partitioned on partner_id: a DEFAULT partition holds most partners;
-- `catalog admin dedicate-partition` moves a large partner into its own partition. Because rows
-- move between partitions, catalog tables reference each other by id without foreign keys
-- (PostgreSQL cannot detach or re-attach a referenced partition while keys point at it);
-- repositories keep the links consistent inside one transaction.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE partners (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    tier text NOT NULL CHECK (tier IN ('free', 'pro', 'enterprise')),
    audio_retention_days integer CHECK (audio_retention_days > 0),
    legal_hold boolean NOT NULL DEFAULT false,
    dedicated_partition boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE UNIQUE INDEX partners_name_key ON partners (lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE users (
    id uuid PRIMARY KEY,
    partner_id uuid REFERENCES partners (id),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    display_name text NOT NULL DEFAULT '',
    role text NOT NULL CHECK (role IN ('admin', 'label', 'api')),
    password_hash text,
    territories text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CHECK (role = 'admin' OR partner_id IS NOT NULL)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE api_clients (
    id uuid PRIMARY KEY,
    client_id text NOT NULL UNIQUE,
    secret_hash text NOT NULL,
    partner_id uuid NOT NULL REFERENCES partners (id),
    role text NOT NULL CHECK (role IN ('label', 'api')),
    name text NOT NULL DEFAULT '',
    territories text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- ---------------------------------------------------------------- catalog (per partner)

CREATE TABLE parties (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    name text NOT NULL,
    kind text NOT NULL DEFAULT 'unknown' CHECK (kind IN ('person', 'organization', 'unknown')),
    isni text,
    ipi_name_number text,
    ipi_base_number text,
    dpid text,
    provenance jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE parties_default PARTITION OF parties DEFAULT;
CREATE INDEX parties_name_trgm ON parties USING gin (name gin_trgm_ops);
CREATE INDEX parties_isni ON parties (partner_id, isni) WHERE isni IS NOT NULL;
CREATE INDEX parties_ipi ON parties (partner_id, ipi_name_number) WHERE ipi_name_number IS NOT NULL;

CREATE TABLE releases (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    title text NOT NULL,
    version_title text,
    release_type text NOT NULL DEFAULT 'Album',
    upc text,
    grid text,
    catalog_number text,
    display_artist text,
    label_name text,
    release_date date,
    original_release_date date,
    p_line jsonb,
    c_line jsonb,
    genre text,
    sub_genre text,
    parental_advisory text NOT NULL DEFAULT 'NoAdviceAvailable',
    territories text[] NOT NULL DEFAULT '{Worldwide}',
    artwork jsonb,
    status text NOT NULL DEFAULT 'draft',
    provenance jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE releases_default PARTITION OF releases DEFAULT;
CREATE INDEX releases_upc ON releases (partner_id, upc) WHERE upc IS NOT NULL;
CREATE INDEX releases_title_trgm ON releases USING gin (title gin_trgm_ops);
CREATE INDEX releases_artist_trgm ON releases USING gin (display_artist gin_trgm_ops);

CREATE TABLE release_artists (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    release_id uuid NOT NULL,
    party_id uuid NOT NULL,
    role text NOT NULL DEFAULT 'MainArtist',
    sequence integer NOT NULL DEFAULT 1,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE release_artists_default PARTITION OF release_artists DEFAULT;
CREATE INDEX release_artists_release ON release_artists (partner_id, release_id);

CREATE TABLE works (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    title text NOT NULL,
    iswc text,
    alternate_titles text[] NOT NULL DEFAULT '{}',
    language text,
    registration_status text NOT NULL DEFAULT 'unregistered',
    provenance jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE works_default PARTITION OF works DEFAULT;
CREATE INDEX works_iswc ON works (partner_id, iswc) WHERE iswc IS NOT NULL;
CREATE INDEX works_title_trgm ON works USING gin (title gin_trgm_ops);

-- writers and publishers of a work, with CWR role codes and percentage shares
CREATE TABLE work_writers (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    work_id uuid NOT NULL,
    party_id uuid NOT NULL,
    role text NOT NULL DEFAULT 'CA',
    controlled boolean NOT NULL DEFAULT true,
    pr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (pr_share BETWEEN 0 AND 100),
    mr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (mr_share BETWEEN 0 AND 100),
    sr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (sr_share BETWEEN 0 AND 100),
    publisher_party_id uuid,
    sequence integer NOT NULL DEFAULT 1,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE work_writers_default PARTITION OF work_writers DEFAULT;
CREATE INDEX work_writers_work ON work_writers (partner_id, work_id);

CREATE TABLE work_publishers (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    work_id uuid NOT NULL,
    party_id uuid NOT NULL,
    role text NOT NULL DEFAULT 'E',
    controlled boolean NOT NULL DEFAULT true,
    pr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (pr_share BETWEEN 0 AND 100),
    mr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (mr_share BETWEEN 0 AND 100),
    sr_share numeric(6, 3) NOT NULL DEFAULT 0 CHECK (sr_share BETWEEN 0 AND 100),
    sequence integer NOT NULL DEFAULT 1,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE work_publishers_default PARTITION OF work_publishers DEFAULT;
CREATE INDEX work_publishers_work ON work_publishers (partner_id, work_id);

CREATE TABLE assets (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    bucket text NOT NULL,
    object_name text NOT NULL,
    generation bigint NOT NULL,
    sha256 text,
    size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
    format text,
    technical jsonb NOT NULL DEFAULT '{}',
    fingerprint text,
    fingerprint_error text,
    audio_object text,  -- the kept copy in the audio bucket (uploads are purged after 24 h)
    status text NOT NULL DEFAULT 'received',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE assets_default PARTITION OF assets DEFAULT;
CREATE UNIQUE INDEX assets_object_generation ON assets (partner_id, bucket, object_name, generation);
CREATE INDEX assets_sha256 ON assets (partner_id, sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE tracks (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    release_id uuid,
    work_id uuid,
    asset_id uuid,
    isrc text,
    title text NOT NULL,
    version_title text,
    display_artist text,
    duration_ms integer CHECK (duration_ms >= 0),
    genre text,
    sub_genre text,
    moods text[] NOT NULL DEFAULT '{}',
    bpm numeric(6, 2) CHECK (bpm > 0 AND bpm < 1000),
    musical_key text,
    explicit boolean,
    language text,
    p_line jsonb,
    disc_number integer CHECK (disc_number > 0),
    track_number integer CHECK (track_number > 0),
    status text NOT NULL DEFAULT 'draft',
    provenance jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE tracks_default PARTITION OF tracks DEFAULT;
CREATE INDEX tracks_isrc ON tracks (partner_id, isrc) WHERE isrc IS NOT NULL;
CREATE INDEX tracks_release ON tracks (partner_id, release_id, disc_number, track_number);
CREATE INDEX tracks_asset ON tracks (partner_id, asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX tracks_title_trgm ON tracks USING gin (title gin_trgm_ops);
CREATE INDEX tracks_artist_trgm ON tracks USING gin (display_artist gin_trgm_ops);

CREATE TABLE track_contributors (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    track_id uuid NOT NULL,
    party_id uuid NOT NULL,
    role text NOT NULL,
    sequence integer NOT NULL DEFAULT 1,
    share numeric(6, 3) CHECK (share BETWEEN 0 AND 100),
    provenance jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE track_contributors_default PARTITION OF track_contributors DEFAULT;
CREATE INDEX track_contributors_track ON track_contributors (partner_id, track_id);

CREATE TABLE deals (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    release_id uuid NOT NULL,
    territories text[] NOT NULL DEFAULT '{Worldwide}',
    excluded_territories text[] NOT NULL DEFAULT '{}',
    commercial_models text[] NOT NULL,
    use_types text[] NOT NULL,
    start_date date NOT NULL,
    end_date date,
    provenance jsonb NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    PRIMARY KEY (partner_id, id),
    CHECK (end_date IS NULL OR end_date >= start_date)
) PARTITION BY LIST (partner_id);
CREATE TABLE deals_default PARTITION OF deals DEFAULT;
CREATE INDEX deals_release ON deals (partner_id, release_id);

-- every AI (or DSP) estimate, kept whether or not it was applied to the track
CREATE TABLE analyses (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    asset_id uuid,
    track_id uuid,
    field text NOT NULL,
    value jsonb,
    confidence double precision CHECK (confidence BETWEEN 0 AND 1),
    model text NOT NULL,
    model_version text NOT NULL,
    arm text,
    latency_ms double precision,
    cost_usd numeric(12, 6),
    applied boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE analyses_default PARTITION OF analyses DEFAULT;
CREATE INDEX analyses_track ON analyses (partner_id, track_id, field, created_at DESC);

-- ---------------------------------------------------------------- audit log
-- LIST by retention class, then RANGE by month, so retention is a partition drop:
-- DDEX deliveries 7 years, AI metadata 3 years, operational 6 months.

CREATE TABLE audit_events (
    id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    retention_class text NOT NULL CHECK (retention_class IN ('ddex', 'ai', 'operational')),
    partner_id uuid,
    actor_type text NOT NULL CHECK (actor_type IN ('user', 'client', 'system')),
    actor_id text,
    client_id text,
    request_id text,
    action text NOT NULL,
    entity_type text,
    entity_id uuid,
    change_set_id uuid,
    changes jsonb NOT NULL DEFAULT '[]',
    detail jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (retention_class, occurred_at, id)
) PARTITION BY LIST (retention_class);
CREATE TABLE audit_events_ddex PARTITION OF audit_events
    FOR VALUES IN ('ddex') PARTITION BY RANGE (occurred_at);
CREATE TABLE audit_events_ai PARTITION OF audit_events
    FOR VALUES IN ('ai') PARTITION BY RANGE (occurred_at);
CREATE TABLE audit_events_operational PARTITION OF audit_events
    FOR VALUES IN ('operational') PARTITION BY RANGE (occurred_at);
-- a DEFAULT per class so a write outside the prepared months is never lost
CREATE TABLE audit_events_ddex_default PARTITION OF audit_events_ddex DEFAULT;
CREATE TABLE audit_events_ai_default PARTITION OF audit_events_ai DEFAULT;
CREATE TABLE audit_events_operational_default PARTITION OF audit_events_operational DEFAULT;
CREATE INDEX audit_events_partner ON audit_events (partner_id, occurred_at DESC);
CREATE INDEX audit_events_entity ON audit_events (entity_id, occurred_at DESC);
CREATE INDEX audit_events_change_set ON audit_events (change_set_id) WHERE change_set_id IS NOT NULL;

-- Creates the monthly partitions from the month of `start_month` for `months` months.
-- Rows already in the DEFAULT partition for such a month are moved into it first.
CREATE FUNCTION catalog_ensure_audit_partitions(start_month date, months integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    class text;
    month_start date;
    part_name text;
    created integer := 0;
BEGIN
    FOREACH class IN ARRAY ARRAY['ddex', 'ai', 'operational'] LOOP
        FOR i IN 0 .. months - 1 LOOP
            month_start := (date_trunc('month', start_month) + make_interval(months => i))::date;
            part_name := format('audit_events_%s_%s', class, to_char(month_start, 'YYYYMM'));
            CONTINUE WHEN to_regclass(part_name) IS NOT NULL;
            EXECUTE format(
                'CREATE TABLE %I (LIKE audit_events_%s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                part_name, class);
            EXECUTE format(
                'WITH moved AS (DELETE FROM audit_events_%s_default WHERE occurred_at >= %L '
                'AND occurred_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                class, month_start, (month_start + interval '1 month')::date, part_name);
            EXECUTE format(
                'ALTER TABLE audit_events_%s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                class, part_name, month_start, (month_start + interval '1 month')::date);
            created := created + 1;
        END LOOP;
    END LOOP;
    RETURN created;
END;
$$;

SELECT catalog_ensure_audit_partitions((current_date - interval '1 month')::date, 4);

-- ---------------------------------------------------------------- local adapters

-- the durable local bus: one row per message per subscription (Pub/Sub's fan-out)
CREATE TABLE bus_messages (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL,
    topic text NOT NULL,
    subscription text NOT NULL,
    data bytea NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{}',
    published_at timestamptz NOT NULL DEFAULT now(),
    available_at timestamptz NOT NULL DEFAULT now(),
    delivery_attempt integer NOT NULL DEFAULT 0,
    lease_token uuid,
    last_error text
);
CREATE INDEX bus_messages_ready ON bus_messages (subscription, available_at, id);

-- what reached a dead-letter topic: kept until someone resolves or replays it
CREATE TABLE dead_letters (
    id uuid PRIMARY KEY,
    topic text NOT NULL,
    source_subscription text,
    message_id text,
    data bytea NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{}',
    reason text NOT NULL,
    delivery_attempts integer,
    partner_id uuid,
    failed_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
);
CREATE INDEX dead_letters_open ON dead_letters (recorded_at) WHERE resolved_at IS NULL;

-- status documents (Firestore's role locally): uploads, imports, exports
CREATE TABLE status_documents (
    collection text NOT NULL,
    id text NOT NULL,
    partner_id uuid,
    doc jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, id)
);
CREATE INDEX status_documents_partner ON status_documents (collection, partner_id, updated_at DESC);

-- analytics events (BigQuery's role locally)
CREATE TABLE analytics_events (
    id bigserial PRIMARY KEY,
    table_name text NOT NULL,
    row_data jsonb NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analytics_events_table ON analytics_events (table_name, inserted_at);
