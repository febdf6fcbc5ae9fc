-- Ingestion (issue 3): what ingest records about each asset beyond the foundation's columns,
-- and merge proposals for an upload whose ISRC is already in the partner's catalog.

-- the upload that brought the asset, its original file name, its duration (to find fingerprint
-- candidates quickly) and the asset it probably duplicates (same recording, other encoding)
ALTER TABLE assets ADD COLUMN upload_id text;
ALTER TABLE assets ADD COLUMN original_filename text;
ALTER TABLE assets ADD COLUMN duration_ms integer CHECK (duration_ms >= 0);
ALTER TABLE assets ADD COLUMN duplicate_of uuid;
ALTER TABLE assets ADD COLUMN duplicate_similarity real
    CHECK (duplicate_similarity BETWEEN 0 AND 1);
CREATE INDEX assets_fingerprint_duration ON assets (partner_id, duration_ms)
    WHERE fingerprint IS NOT NULL;

-- an incoming track that carries an ISRC the catalog already has: kept, and proposed for a merge
-- (a person decides), never silently duplicated
CREATE TABLE merge_proposals (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    reason text NOT NULL CHECK (reason IN ('same_isrc')),
    isrc text,
    existing_track_id uuid NOT NULL,
    incoming_track_id uuid NOT NULL,
    incoming_asset_id uuid,
    upload_id text,
    differences jsonb NOT NULL DEFAULT '[]',
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'rejected')),
    created_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE merge_proposals_default PARTITION OF merge_proposals DEFAULT;
CREATE INDEX merge_proposals_open ON merge_proposals (partner_id, created_at)
    WHERE status = 'open';
CREATE INDEX merge_proposals_incoming ON merge_proposals (partner_id, incoming_track_id);
