-- Deal pre-order (issue 17): the day buyers may order a release before it is available, and the
-- tracks pre-orderers get at once (ERN 4.3 IsPreOrderDeal, InstantGratificationResourceList).
-- ALTER on the partitioned parent reaches every partner's partition.
ALTER TABLE deals
    ADD COLUMN preorder_start_date date CHECK (preorder_start_date < start_date),
    ADD COLUMN instant_grat_track_ids uuid[] NOT NULL DEFAULT '{}';
