-- Claims take each connection's due deliveries up to what that connection can send now, in
-- order of due time: one index range per connection.
CREATE INDEX deliveries_due_by_connection ON deliveries (connection, next_attempt_at)
    WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING');
