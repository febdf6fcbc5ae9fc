-- Vocals (issue 18): whether a track is sung and by whom, AI values (musicnn) with provenance like
-- genre; a person's value is never overwritten (shared/services/analysis/applying.py).
ALTER TABLE tracks
    ADD COLUMN vocals text CHECK (vocals IN ('vocal', 'instrumental')),
    ADD COLUMN vocal_gender text CHECK (vocal_gender IN ('female', 'male', 'mixed'));
CREATE INDEX tracks_vocals ON tracks (partner_id, vocals, vocal_gender) WHERE vocals IS NOT NULL;
