-- Claims take each connection's due deliveries up to what that connection can send now, in
-- order of due time: one index range per connection. It replaces the index by due time alone
-- (the outbox-lag gauge reads the oldest due row per connection too), so each state change of a
-- delivery updates one due index, not two.
CREATE INDEX deliveries_due_by_connection ON deliveries (connection, next_attempt_at)
    WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING');
DROP INDEX deliveries_due;
