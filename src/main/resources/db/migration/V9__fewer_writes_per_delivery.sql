-- Fewer index writes per delivery: every one of them is paid at intake and again on each of a
-- delivery's state changes (bench/run.sh; docs/benchmarks.md, "Where the time goes").
--
-- A delivery is written in the same statement as its run event, and a run event is deleted only
-- once none of its deliveries remain (RetentionTable), so the foreign key's check (a trigger and a
-- row lock on the run event, written to the WAL, per delivery) guarded nothing that can happen.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_event_sequence_fkey;

-- Only the retention sweep searches by time, and rows are appended in time order: a BRIN index
-- (a summary per range of pages, not an entry per row) finds the old ones as well.
DROP INDEX delivery_events_occurred_at;
CREATE INDEX delivery_events_occurred_at ON delivery_events USING brin (occurred_at);
DROP INDEX run_events_received_at;
CREATE INDEX run_events_received_at ON run_events USING brin (received_at);
