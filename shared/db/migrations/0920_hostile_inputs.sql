-- Issue 15: "same bytes: linked, not analysed again" must hold when identical files arrive at
-- the same moment. One live asset per (partner, sha256): the unique index makes the second
-- insert wait for the first's commit and then do nothing, and ingest links the loser's upload
-- to the winner's asset.
--
-- Assets the race created twice before this migration stay as they are (tracks point at them),
-- marked with the asset they repeat, and outside the index.
ALTER TABLE assets ADD COLUMN same_content_of uuid;

UPDATE assets a
SET same_content_of = first.id
FROM (
    SELECT DISTINCT ON (partner_id, sha256) partner_id, sha256, id
    FROM assets
    WHERE sha256 IS NOT NULL AND deleted_at IS NULL
    ORDER BY partner_id, sha256, created_at, id
) first
WHERE a.partner_id = first.partner_id
  AND a.sha256 = first.sha256
  AND a.id <> first.id
  AND a.deleted_at IS NULL;

CREATE UNIQUE INDEX assets_one_per_content ON assets (partner_id, sha256)
    WHERE sha256 IS NOT NULL AND deleted_at IS NULL AND same_content_of IS NULL;
