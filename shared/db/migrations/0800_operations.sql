-- Operations: retention notices and Enterprise extensions, where partners want notices,
-- recorded metric snapshots (the local series `catalog alerts` evaluates), and the dropping side
-- of the audit log's monthly partitions.

-- One row per asset and announced expiry: a notice is sent once; an extension (a new expiry)
-- earns a new one. deleted_at is set when the audio went.
CREATE TABLE retention_notices (
    partner_id uuid NOT NULL REFERENCES partners (id),
    asset_id uuid NOT NULL,
    expires_at timestamptz NOT NULL,
    audio_object text NOT NULL,
    notified_at timestamptz NOT NULL,
    deletion_at timestamptz NOT NULL,
    channel text NOT NULL,
    deleted_at timestamptz,
    PRIMARY KEY (asset_id, expires_at)
);
CREATE INDEX retention_notices_partner ON retention_notices (partner_id, deletion_at);

-- An Enterprise partner's extension of one asset's audio retention (only ever later).
CREATE TABLE retention_extensions (
    partner_id uuid NOT NULL REFERENCES partners (id),
    asset_id uuid NOT NULL,
    retain_until timestamptz NOT NULL,
    extended_at timestamptz NOT NULL,
    actor_id text,
    PRIMARY KEY (partner_id, asset_id)
);

CREATE TABLE notification_targets (
    partner_id uuid PRIMARY KEY REFERENCES partners (id),
    webhook_url text CHECK (webhook_url ~ '^https?://'),
    email text CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    updated_at timestamptz NOT NULL
);

-- Metric snapshots recorded once a minute by the metrics function (Cloud Monitoring keeps the
-- series in GCP); `catalog alerts` evaluates the alert rules over them.
CREATE TABLE metric_snapshots (
    id bigserial PRIMARY KEY,
    taken_at timestamptz NOT NULL,
    gauges jsonb NOT NULL
);
CREATE INDEX metric_snapshots_taken ON metric_snapshots (taken_at);

-- The monthly partitions of the audit log, with their class and bounds, read from the catalog.
CREATE VIEW audit_partitions AS
SELECT child.relname::text AS name,
       substring(parent.relname FROM 'audit_events_(.*)')::text AS retention_class,
       to_date(right(child.relname, 6), 'YYYYMM') AS month_start
FROM pg_inherits
JOIN pg_class child ON child.oid = pg_inherits.inhrelid
JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
WHERE parent.relname IN ('audit_events_ddex', 'audit_events_ai', 'audit_events_operational')
  AND child.relname ~ '_[0-9]{6}$';

-- Drops one month of one retention class. Rows of partners under legal hold survive: the
-- partition is detached, their rows re-inserted (landing in the class's DEFAULT partition),
-- and only then the partition is dropped. Returns how many rows were kept for legal hold.
CREATE FUNCTION catalog_drop_audit_partition(part_name text, held uuid[])
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    parent_name text;
    kept integer;
BEGIN
    SELECT parent.relname INTO parent_name
    FROM pg_inherits
    JOIN pg_class child ON child.oid = pg_inherits.inhrelid
    JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
    WHERE child.relname = part_name AND parent.relname LIKE 'audit_events_%';
    IF parent_name IS NULL THEN
        RETURN 0;  -- already dropped by an earlier run
    END IF;
    EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent_name, part_name);
    EXECUTE format(
        'INSERT INTO audit_events SELECT * FROM %I WHERE partner_id = ANY(%L::uuid[])',
        part_name, held);
    GET DIAGNOSTICS kept = ROW_COUNT;
    EXECUTE format('DROP TABLE %I', part_name);
    RETURN kept;
END;
$$;
