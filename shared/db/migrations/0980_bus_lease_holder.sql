-- The local bus records which process holds each lease, so a restarted `catalog run` hands
-- the messages its dead predecessor held straight back, instead of after the ack deadline.
ALTER TABLE bus_messages ADD COLUMN lease_holder text;
