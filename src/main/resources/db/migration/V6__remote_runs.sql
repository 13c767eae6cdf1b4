-- The job a runner connection started for a delivery (a Polyaxon run, a Kubernetes Job, an Argo
-- workflow, an Airflow DAG run): its id and, when the runner has a UI, its URL. Null for notifiers.
ALTER TABLE deliveries ADD COLUMN remote_run_id text, ADD COLUMN remote_run_url text;
