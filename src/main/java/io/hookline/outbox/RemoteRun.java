package io.hookline.outbox;

/**
 * The job a runner connection started for a delivery.
 *
 * @param id  the runner's id of it: a Polyaxon run uuid, {@code namespace/name} of a Kubernetes Job
 *            or Argo workflow, {@code dag_id/dag_run_id} of an Airflow DAG run
 * @param url where a person sees it in the runner's UI; empty when the runner has none
 */
public record RemoteRun(String id, String url) {

    public RemoteRun {
        url = url == null ? "" : url;
    }
}
