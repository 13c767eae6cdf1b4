-- Retention (io.hookline.retention): final deliveries, their attempts and status-log rows, and
-- run events without deliveries are deleted once older than hookline.retention.age.

-- The sweep finds final deliveries by age without reading the live ones.
CREATE INDEX deliveries_final_updated ON deliveries (updated_at)
    WHERE state IN ('DELIVERED', 'SKIPPED', 'FAILED', 'DEAD', 'DISABLED');

-- One row: every change up to deleted_up_to may have been deleted, every later one is kept. A
-- Subscribe with a smaller after_cursor (other than 0) gets OUT_OF_RANGE naming it.
CREATE TABLE status_log_retention (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    deleted_up_to bigint  NOT NULL DEFAULT 0
);
INSERT INTO status_log_retention DEFAULT VALUES;
