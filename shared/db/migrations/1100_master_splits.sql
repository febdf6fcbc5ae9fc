-- Master splits (issue 17 part 2): who owns the recording and in what percentage, kept apart from
-- the work's publishing shares. A list of {"party_id", "name", "share"}; a person's save totals
-- exactly 100 (shared/domain/recordings.py). ALTER on the partitioned parent reaches every
-- partner's partition.
ALTER TABLE tracks
    ADD COLUMN master_splits jsonb NOT NULL DEFAULT '[]'::jsonb;
