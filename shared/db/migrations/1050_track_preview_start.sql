-- Preview clip (issue 18 item 4): where a 30 s preview of the track starts, in seconds. An AI value
-- (inference/preview.py) with provenance like genre; a person's value is never overwritten.
ALTER TABLE tracks
    ADD COLUMN preview_start_s double precision CHECK (preview_start_s >= 0 AND preview_start_s < 86400);
