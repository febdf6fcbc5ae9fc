-- Timeline (issue 18 item 3): genre and mood scores along each analysed asset, one row per
-- (partner, asset) with its segments as JSON ([{start_s, end_s, genres: [{label, score}], moods}]),
-- replaced by each analysis; partitioned by partner like the rest of the catalog.
CREATE TABLE asset_timelines (
    partner_id uuid NOT NULL,
    asset_id uuid NOT NULL,
    segments jsonb NOT NULL,
    model text NOT NULL,
    model_version text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, asset_id)
) PARTITION BY LIST (partner_id);
CREATE TABLE asset_timelines_default PARTITION OF asset_timelines DEFAULT;
