-- Web UI (issue 7): a stored validation result per release, so the catalog grid can filter
-- "failed validation" without running the DDEX and CWR checks for every row it lists.
--
-- Findings come from Python (XSD, CWR layouts), so the database cannot compute them; it can
-- notice that a result went out of date. Statement-level triggers on every table a release's
-- findings read append the releases a write may have changed to validation_dirty; the
-- validation sweep (a scheduled function) re-checks them and deletes exactly the queue rows it
-- saw before reading the release. Appending (no upsert, no row locks) keeps concurrent writers
-- from waiting on one another or deadlocking over a shared release.

CREATE TABLE release_validations (
    partner_id uuid NOT NULL,
    release_id uuid NOT NULL,
    valid boolean NOT NULL,
    blocking integer NOT NULL CHECK (blocking >= 0),
    warnings integer NOT NULL CHECK (warnings >= 0),
    checked_at timestamptz NOT NULL,
    PRIMARY KEY (partner_id, release_id)
);
CREATE INDEX release_validations_failed ON release_validations (partner_id, release_id)
    WHERE NOT valid;

CREATE TABLE validation_dirty (
    id bigserial PRIMARY KEY,
    partner_id uuid NOT NULL,
    release_id uuid NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX validation_dirty_release ON validation_dirty (partner_id, release_id);

-- the triggers below reach releases through these
CREATE INDEX track_contributors_party ON track_contributors (partner_id, party_id);
CREATE INDEX release_artists_party ON release_artists (partner_id, party_id);
CREATE INDEX work_writers_party ON work_writers (partner_id, party_id);
CREATE INDEX work_publishers_party ON work_publishers (partner_id, party_id);

-- TG_ARGV[0] names how a changed row reaches its releases:
--   id          the row is a release
--   release_id  the row names its release (tracks, deals, release artists)
--   track_id    through the track it belongs to (contributors)
--   work        the row is a work; work_id: the row names its work (writers, publishers)
--   asset       the row is an audio asset (its technical facts are delivery checks')
--   party       the row is a party credited on tracks, releases or works
-- Transition tables exist only for the trigger's own event, so the query is built per TG_OP.
CREATE FUNCTION catalog_mark_validation_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text;
    releases text;
BEGIN
    changed := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM changed_new'
        WHEN 'DELETE' THEN 'SELECT * FROM changed_old'
        ELSE 'SELECT * FROM changed_new UNION ALL SELECT * FROM changed_old' END;
    releases := CASE TG_ARGV[0]
        WHEN 'id' THEN 'SELECT partner_id, id AS release_id FROM changed'
        WHEN 'release_id' THEN 'SELECT partner_id, release_id FROM changed'
        WHEN 'track_id' THEN
            'SELECT t.partner_id, t.release_id FROM changed c JOIN tracks t'
            ' ON t.partner_id = c.partner_id AND t.id = c.track_id'
        WHEN 'work' THEN
            'SELECT t.partner_id, t.release_id FROM changed c JOIN tracks t'
            ' ON t.partner_id = c.partner_id AND t.work_id = c.id'
        WHEN 'asset' THEN
            'SELECT t.partner_id, t.release_id FROM changed c JOIN tracks t'
            ' ON t.partner_id = c.partner_id AND t.asset_id = c.id'
        WHEN 'work_id' THEN
            'SELECT t.partner_id, t.release_id FROM changed c JOIN tracks t'
            ' ON t.partner_id = c.partner_id AND t.work_id = c.work_id'
        WHEN 'party' THEN
            'SELECT t.partner_id, t.release_id FROM changed c'
            ' JOIN track_contributors x ON x.partner_id = c.partner_id AND x.party_id = c.id'
            ' JOIN tracks t ON t.partner_id = x.partner_id AND t.id = x.track_id'
            ' UNION SELECT a.partner_id, a.release_id FROM changed c'
            ' JOIN release_artists a ON a.partner_id = c.partner_id AND a.party_id = c.id'
            ' UNION SELECT t.partner_id, t.release_id FROM changed c'
            ' JOIN work_writers w ON w.partner_id = c.partner_id'
            '  AND c.id IN (w.party_id, w.publisher_party_id)'
            ' JOIN tracks t ON t.partner_id = w.partner_id AND t.work_id = w.work_id'
            ' UNION SELECT t.partner_id, t.release_id FROM changed c'
            ' JOIN work_publishers p ON p.partner_id = c.partner_id AND p.party_id = c.id'
            ' JOIN tracks t ON t.partner_id = p.partner_id AND t.work_id = p.work_id'
        END;
    EXECUTE format(
        'WITH changed AS (%s) INSERT INTO validation_dirty (partner_id, release_id)'
        ' SELECT DISTINCT partner_id, release_id FROM (%s) r WHERE release_id IS NOT NULL',
        changed, releases);
    RETURN NULL;
END
$$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE PROCEDURE catalog_watch_for_validation(target regclass, reach text, events text[])
LANGUAGE plpgsql AS $$
DECLARE
    event text;
    tables text;
BEGIN
    FOREACH event IN ARRAY events LOOP
        tables := CASE event
            WHEN 'INSERT' THEN 'NEW TABLE AS changed_new'
            WHEN 'DELETE' THEN 'OLD TABLE AS changed_old'
            ELSE 'NEW TABLE AS changed_new OLD TABLE AS changed_old' END;
        EXECUTE format(
            'CREATE TRIGGER %I AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT'
            ' EXECUTE FUNCTION catalog_mark_validation_dirty(%L)',
            'validation_dirty_' || lower(event), event, target, tables, reach);
    END LOOP;
END
$$;

CALL catalog_watch_for_validation('releases', 'id', '{INSERT,UPDATE}');
CALL catalog_watch_for_validation('tracks', 'release_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('deals', 'release_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('release_artists', 'release_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('track_contributors', 'track_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('works', 'work', '{UPDATE}');
CALL catalog_watch_for_validation('work_writers', 'work_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('work_publishers', 'work_id', '{INSERT,UPDATE,DELETE}');
CALL catalog_watch_for_validation('parties', 'party', '{UPDATE}');
CALL catalog_watch_for_validation('assets', 'asset', '{UPDATE}');
DROP PROCEDURE catalog_watch_for_validation;

-- every release that exists now is checked once by the first sweeps
INSERT INTO validation_dirty (partner_id, release_id)
SELECT partner_id, id FROM releases WHERE deleted_at IS NULL;
