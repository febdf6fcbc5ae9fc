-- DDEX parties as a partner setting (issue 17 "Release builder", item 3): the partner's own DPID and
-- name as MessageSender, and the stores it delivers to, each with its DPID as MessageRecipient;
-- one store may be the default. The ERN exporter prefers these to the DDEX_* environment
-- variables. Small settings tables, not partitioned (as code_sources in 1020). The CHECKs repeat
-- the shape only (PADPIDA + 11); the API checks the MOD 37-36 character before saving.
CREATE TABLE partner_ddex_senders (
    partner_id uuid PRIMARY KEY REFERENCES partners (id) ON DELETE CASCADE,
    dpid text CHECK (dpid ~ '^PADPIDA[0-9A-Z]{11}$'),
    name text,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE partner_ddex_stores (
    partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    name text NOT NULL CHECK (length(btrim(name)) > 0),
    dpid text NOT NULL CHECK (dpid ~ '^PADPIDA[0-9A-Z]{11}$'),
    is_default boolean NOT NULL,
    PRIMARY KEY (partner_id, position)
);
CREATE UNIQUE INDEX partner_ddex_stores_name ON partner_ddex_stores (partner_id, lower(name));
CREATE UNIQUE INDEX partner_ddex_stores_one_default ON partner_ddex_stores (partner_id)
    WHERE is_default;
