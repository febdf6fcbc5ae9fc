-- Standards depth (issue 16).

-- CWR society affiliations: each writer's and publisher's society per right on the work
-- (performing, mechanical, synchronisation), as CISAC three-digit society codes (SPU, SWR).
ALTER TABLE work_writers
    ADD COLUMN pr_society text CHECK (pr_society ~ '^[0-9]{3}$'),
    ADD COLUMN mr_society text CHECK (mr_society ~ '^[0-9]{3}$'),
    ADD COLUMN sr_society text CHECK (sr_society ~ '^[0-9]{3}$');
ALTER TABLE work_publishers
    ADD COLUMN pr_society text CHECK (pr_society ~ '^[0-9]{3}$'),
    ADD COLUMN mr_society text CHECK (mr_society ~ '^[0-9]{3}$'),
    ADD COLUMN sr_society text CHECK (sr_society ~ '^[0-9]{3}$');
