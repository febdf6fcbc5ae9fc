-- The API (issue 5): JWT signing keys, refresh tokens, change sets (for undo and bulk progress),
-- and the indexes the list endpoints sort and filter by.

-- Signing keys for access tokens. The newest active key signs; every key not yet retired is
-- published in the JWKS so tokens signed before a rotation stay valid until they expire.
CREATE TABLE signing_keys (
    kid text PRIMARY KEY,
    algorithm text NOT NULL CHECK (algorithm IN ('EdDSA', 'RS256')),
    private_pem text NOT NULL,
    public_jwk jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
);

-- Refresh tokens of signed-in users: stored as sha256, rotated on every use; reusing a spent
-- token revokes its whole family (a stolen token is then worthless to both holders).
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id),
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

-- One row per change (a create, an edit, a bulk edit, a delete, an undo): audit events carry its
-- id as change_set_id, so a whole bulk edit is undone as one.
CREATE TABLE change_sets (
    id uuid PRIMARY KEY,
    partner_id uuid NOT NULL,
    entity_type text NOT NULL,
    action text NOT NULL,
    actor_type text NOT NULL,
    actor_id text,
    client_id text,
    request_id text,
    status text NOT NULL DEFAULT 'done' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    total integer NOT NULL DEFAULT 0,
    done integer NOT NULL DEFAULT 0,
    error text,
    request jsonb NOT NULL DEFAULT '{}',
    undoes uuid,
    undone_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);
CREATE INDEX change_sets_partner ON change_sets (partner_id, created_at DESC);

-- keyset pagination: (partner, sort key, id) for the list endpoints' sorts
CREATE INDEX tracks_partner_created ON tracks (partner_id, created_at, id);
CREATE INDEX tracks_partner_updated ON tracks (partner_id, updated_at, id);
CREATE INDEX tracks_partner_title ON tracks (partner_id, title, id);
CREATE INDEX releases_partner_created ON releases (partner_id, created_at, id);
CREATE INDEX works_partner_created ON works (partner_id, created_at, id);
CREATE INDEX parties_partner_created ON parties (partner_id, created_at, id);
CREATE INDEX deals_partner_created ON deals (partner_id, created_at, id);
CREATE INDEX tracks_work ON tracks (partner_id, work_id) WHERE work_id IS NOT NULL;
CREATE INDEX audit_events_entity_time ON audit_events (entity_id, occurred_at);

-- a person's verdict on an AI estimate (accepting one sets the track's value)
ALTER TABLE analyses ADD COLUMN review text CHECK (review IN ('accepted', 'rejected'));
ALTER TABLE analyses ADD COLUMN reviewed_at timestamptz;
ALTER TABLE analyses ADD COLUMN reviewed_by text;

-- identifier checks for the "invalid" list filter (rows written by COPY imports skip the domain)
CREATE FUNCTION catalog_gtin_valid(code text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN code ~ '^([0-9]{8}|[0-9]{12,14})$' THEN
        (10 - (SELECT sum(substr(code, length(code) - i, 1)::int * CASE WHEN i % 2 = 1 THEN 3 ELSE 1 END)
               FROM generate_series(1, length(code) - 1) AS i) % 10) % 10 = right(code, 1)::int
    ELSE false END
$$;
CREATE FUNCTION catalog_iswc_valid(code text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN code ~ '^T[0-9]{10}$' THEN
        (10 - (1 + (SELECT sum(i * substr(code, 1 + i, 1)::int) FROM generate_series(1, 9) AS i)) % 10) % 10
            = substr(code, 11, 1)::int
    ELSE false END
$$;
