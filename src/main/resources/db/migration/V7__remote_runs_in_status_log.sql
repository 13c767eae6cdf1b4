-- The job a runner started, on the status-log row of the outcome that started it, so Subscribe
-- shows it like GetDelivery does (V6 put it on deliveries).
ALTER TABLE delivery_events
    ADD COLUMN remote_run_id text,
    ADD COLUMN remote_run_url text;
