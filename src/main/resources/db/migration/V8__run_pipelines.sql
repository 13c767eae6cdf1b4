-- The pipeline run (DAG, matrix, ...) a run is an operation of, as its agent reports it, so a
-- hook's `ref: ops.<name>` param finds the run of that name in the same pipeline (the latest one).
ALTER TABLE run_events ADD COLUMN pipeline_uuid text;
CREATE INDEX run_events_pipeline_ops ON run_events (pipeline_uuid, run_name, sequence DESC)
    WHERE pipeline_uuid IS NOT NULL;
