-- The due queue moves out of deliveries, so that a delivery's state changes are heap-only (HOT)
-- updates: none of deliveries' remaining B-tree indexes holds a column that a claim or an outcome
-- changes, so Postgres rewrites the row in its page and adds no index entry. Before, each of a
-- delivery's two updates (claim, outcome) added an entry to every one of its six indexes, the
-- largest part of Postgres's work per delivery (bench/run.sh; docs/benchmarks.md).
--
-- delivery_queue holds one row per delivery still to send (PENDING, RETRY_SCHEDULED, DELIVERING),
-- due at due_at (for a DELIVERING one, the end of its lease); a delivery leaves it when it reaches
-- a final state, and a redelivery puts it back. It is narrow, so its own updates are cheap.
CREATE TABLE delivery_queue (
    delivery_id uuid        PRIMARY KEY,
    connection  text        NOT NULL,
    queue       text        NOT NULL DEFAULT '',
    due_at      timestamptz NOT NULL
);
-- Claims read it per connection in order of due time, one index range per connection.
CREATE INDEX delivery_queue_due ON delivery_queue (connection, due_at);

INSERT INTO delivery_queue (delivery_id, connection, queue, due_at)
SELECT id, connection, queue, COALESCE(next_attempt_at, now())
  FROM deliveries WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING');

DROP INDEX deliveries_due_by_connection;
-- The retention sweep's search for old final deliveries: rows are updated soon after they are
-- written, so updated_at follows the table's order and a BRIN index (a summary per range of pages)
-- finds them. Postgres 16 and later never count a BRIN index against a HOT update.
DROP INDEX deliveries_final_updated;
CREATE INDEX deliveries_updated_at ON deliveries USING brin (updated_at);
-- Room in each page for a row's later versions: a HOT update needs free space in the same page.
ALTER TABLE deliveries SET (fillfactor = 60);

-- An attempt is written only by the statement that applies its outcome to its delivery (fenced on
-- the delivery's row), and retention deletes a delivery's attempts with it; the foreign key's check
-- (a trigger and a row lock on the delivery, per attempt) guarded nothing that can happen.
ALTER TABLE delivery_attempts DROP CONSTRAINT delivery_attempts_delivery_id_fkey;
