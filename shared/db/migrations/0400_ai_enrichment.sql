-- AI enrichment (issue 4): the app's own attempt record per analysis message, the cost ledger
-- behind the fallback's per-partner daily cap, and the stable A/B assignment of each asset.

-- One row per analysis message (Pub/Sub message id), committed before any work starts, so a
-- crash counts as an attempt too; the third failure sends the message to analysis-dlq.
CREATE TABLE analysis_attempts (
    message_key text PRIMARY KEY,
    partner_id uuid NOT NULL,
    asset_id uuid NOT NULL,
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    state text NOT NULL DEFAULT 'running'
        CHECK (state IN ('running', 'done', 'failed', 'dead_lettered')),
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX analysis_attempts_asset ON analysis_attempts (partner_id, asset_id);

-- What each model call cost, by partner and UTC day (the fallback's cap reads it).
CREATE TABLE ai_cost_ledger (
    id bigserial PRIMARY KEY,
    partner_id uuid NOT NULL,
    day date NOT NULL,
    asset_id uuid,
    model text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('primary', 'challenger', 'fallback')),
    cost_usd numeric(12, 6) NOT NULL CHECK (cost_usd >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_cost_ledger_partner_day ON ai_cost_ledger (partner_id, day, kind);

-- The arm an asset was first assigned to: re-analysis stays in it even if the split changes.
CREATE TABLE ab_assignments (
    partner_id uuid NOT NULL,
    asset_id uuid NOT NULL,
    arm text NOT NULL CHECK (arm IN ('primary', 'challenger')),
    backend text NOT NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, asset_id)
);
