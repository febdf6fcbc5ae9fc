-- Identifier assignment (issue 17, item 3): a partner's ISRC prefixes and UPC/EAN ranges, their
-- counters, and every code issued from them. "Never twice" is the database's to enforce: the
-- counter row is bumped with one INSERT .. ON CONFLICT DO UPDATE (a row lock until commit, so two
-- transactions cannot read the same value), and issued_codes holds each code once (primary key).
CREATE TABLE code_sources (
    id uuid PRIMARY KEY,
    partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('isrc', 'upc')),
    isrc_stem text CHECK (isrc_stem ~ '^[A-Z]{2}[A-Z0-9]{3}$'),
    gtin_first text CHECK (gtin_first ~ '^[0-9]{12,13}$'),
    gtin_last text CHECK (gtin_last ~ '^[0-9]{12,13}$'),
    label text,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK ((kind = 'isrc') = (isrc_stem IS NOT NULL)),
    CHECK ((kind = 'upc') = (gtin_first IS NOT NULL AND gtin_last IS NOT NULL))
);
-- an ISRC prefix belongs to one registrant: registered once, by one partner
CREATE UNIQUE INDEX code_sources_isrc_stem ON code_sources (isrc_stem) WHERE kind = 'isrc';
CREATE INDEX code_sources_partner ON code_sources (partner_id, kind, created_at);

CREATE TABLE code_counters (
    source_id uuid NOT NULL REFERENCES code_sources (id) ON DELETE CASCADE,
    year integer NOT NULL,  -- the ISRC year of reference; 0 for a UPC/EAN range
    used bigint NOT NULL CHECK (used >= 0),
    PRIMARY KEY (source_id, year)
);

CREATE TABLE issued_codes (
    kind text NOT NULL CHECK (kind IN ('isrc', 'upc')),
    code text NOT NULL,
    partner_id uuid NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    source_id uuid NOT NULL REFERENCES code_sources (id) ON DELETE CASCADE,
    source text NOT NULL,
    subject_kind text NOT NULL CHECK (subject_kind IN ('track', 'release')),
    subject_id uuid NOT NULL,
    replaced text,
    assigned_by text NOT NULL,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (kind, code)
);
CREATE INDEX issued_codes_subject ON issued_codes (partner_id, subject_id, assigned_at);
