-- Standards and batch (issue 6): CWR registrations and acknowledgements per work, and the
-- CSV-cell function exports use to neutralise spreadsheet formulas.

-- one row per work per CWR submission; acknowledgements update it
CREATE TABLE work_registrations (
    partner_id uuid NOT NULL,
    id uuid NOT NULL,
    work_id uuid NOT NULL,
    submitter_work_number text NOT NULL,
    file_name text,
    transaction_type text NOT NULL DEFAULT 'NWR',
    status text NOT NULL DEFAULT 'submitted',
    status_code text,
    society text,
    society_work_number text,
    iswc text,
    messages jsonb NOT NULL DEFAULT '[]',
    submitted_at timestamptz,
    acknowledged_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner_id, id)
) PARTITION BY LIST (partner_id);
CREATE TABLE work_registrations_default PARTITION OF work_registrations DEFAULT;
CREATE INDEX work_registrations_work ON work_registrations (partner_id, work_id, created_at DESC);
CREATE INDEX work_registrations_number ON work_registrations (partner_id, submitter_work_number);

-- A cell of a CSV export: a value a spreadsheet would run as a formula (= + - @ tab CR first)
-- gets a leading apostrophe, and so does one that already starts with an apostrophe followed by
-- such a character, so import can strip exactly one and get the value back.
CREATE FUNCTION catalog_csv_cell(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN left(value, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || value
        WHEN left(value, 1) = '''' AND substr(value, 2, 1) IN ('=', '+', '-', '@', chr(9), chr(13), '''')
            THEN '''' || value
        ELSE value
    END
$$;
