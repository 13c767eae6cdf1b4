-- One write fewer per attempt (docs/benchmarks.md, "delivery_attempts' foreign key"). An attempt
-- row is written only by the statement that applies its outcome to its delivery (fenced on the
-- delivery's row, in the same statement), and retention deletes a delivery's attempts in the
-- statement that deletes the delivery, so the foreign key's check (a trigger, a query and a row
-- lock on the delivery, per attempt) guarded nothing that can happen.
ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_delivery_id_fkey;
