-- Era hint (issue 18): the decade a track sounds like, read from musicnn's MSD decade tags
-- (60s..00s). An AI suggestion with provenance (model, version, confidence) shown beside the
-- release dates, never written into one; nobody sets it through the API (shared.services.
-- catalog_fields refuses it), and AI never replaces a value another source wrote.
ALTER TABLE tracks
    ADD COLUMN era_hint text CHECK (era_hint IN ('1960s', '1970s', '1980s', '1990s', '2000s'));
