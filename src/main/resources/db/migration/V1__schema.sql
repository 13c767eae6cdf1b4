-- Hookline schema, version 1. Never edit a released migration: add V2__..., V3__...

-- Every accepted RunCompletion, once. The event_id unique constraint is what makes a resent or
-- raced event a DUPLICATE; `sequence` is the position acked to the agent.
CREATE TABLE run_events (
    sequence        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        text        NOT NULL,
    run_uuid        text        NOT NULL,
    run_name        text        NOT NULL DEFAULT '',
    run_kind        text        NOT NULL DEFAULT '',
    project         text        NOT NULL DEFAULT '',
    status          text        NOT NULL,
    previous_status text,
    started_at      timestamptz,
    finished_at     timestamptz,
    -- The RunCompletion exactly as received (protobuf bytes), for replay and audit.
    payload         bytea       NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT run_events_event_id_key UNIQUE (event_id)
);
CREATE INDEX run_events_run_uuid ON run_events (run_uuid);
-- previous_status lookups: the latest final status of a run name in a project.
CREATE INDEX run_events_history ON run_events (project, run_name, sequence DESC);
CREATE INDEX run_events_received_at ON run_events (received_at);

-- The outbox: one row per (event, hook). Dispatchers claim due rows with FOR UPDATE SKIP LOCKED.
-- A claimed row is DELIVERING with next_attempt_at = the end of its lease, so a row whose worker
-- died becomes due again when the lease runs out, with no separate sweeper.
CREATE TABLE deliveries (
    id              uuid        PRIMARY KEY,
    event_sequence  bigint      NOT NULL REFERENCES run_events (sequence) ON DELETE CASCADE,
    event_id        text        NOT NULL,
    hook_index      int         NOT NULL,
    source          text        NOT NULL,
    run_uuid        text        NOT NULL,
    run_name        text        NOT NULL DEFAULT '',
    project         text        NOT NULL DEFAULT '',
    hub_ref         text        NOT NULL,
    connection      text        NOT NULL DEFAULT '',
    trigger         text        NOT NULL,
    queue           text        NOT NULL DEFAULT '',
    state           text        NOT NULL,
    reason          text,
    -- The rendered request without secrets: {"method","url","headers","body"}; the connection's
    -- secret parts are added at send time.
    request         jsonb,
    attempt_count   int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- The dispatcher that holds the delivery, or last held it.
    lease_owner     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT deliveries_event_hook_key UNIQUE (event_sequence, hook_index)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
    WHERE state IN ('PENDING', 'RETRY_SCHEDULED', 'DELIVERING');
CREATE INDEX deliveries_run_uuid ON deliveries (run_uuid);
CREATE INDEX deliveries_project_created ON deliveries (project, created_at DESC, id);
CREATE INDEX deliveries_created ON deliveries (created_at DESC, id);

-- Every HTTP attempt of a delivery.
CREATE TABLE delivery_attempts (
    delivery_id   uuid        NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    number        int         NOT NULL,
    started_at    timestamptz NOT NULL,
    latency_ms    bigint      NOT NULL DEFAULT 0,
    http_status   int         NOT NULL DEFAULT 0,
    response_body text,
    error         text,
    outcome       text        NOT NULL,
    PRIMARY KEY (delivery_id, number)
);

-- The status log: one row per delivery state change, in the transaction of the change.
-- Subscribe replays it by cursor and follows it live through LISTEN/NOTIFY.
CREATE TABLE delivery_events (
    cursor          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id     uuid        NOT NULL,
    event_id        text        NOT NULL DEFAULT '',
    run_uuid        text        NOT NULL,
    run_name        text        NOT NULL DEFAULT '',
    project         text        NOT NULL DEFAULT '',
    hub_ref         text        NOT NULL,
    connection      text        NOT NULL DEFAULT '',
    trigger         text        NOT NULL DEFAULT '',
    state           text        NOT NULL,
    attempt         int         NOT NULL DEFAULT 0,
    http_status     int         NOT NULL DEFAULT 0,
    error           text,
    next_attempt_at timestamptz,
    occurred_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_events_delivery ON delivery_events (delivery_id, cursor);
CREATE INDEX delivery_events_occurred_at ON delivery_events (occurred_at);

-- Definitions (Hibernate Reactive Panache).
CREATE TABLE components (
    hub_ref    text        PRIMARY KEY,
    owner      text        NOT NULL,
    name       text        NOT NULL,
    tag        text        NOT NULL,
    definition text        NOT NULL,
    builtin    boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE presets (
    name       text        PRIMARY KEY,
    definition text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE project_hooks (
    project    text        PRIMARY KEY,
    hooks_yaml text        NOT NULL,
    hook_count int         NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Agent credentials: only a hash of the token is kept.
CREATE TABLE agent_tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    token_hash text        NOT NULL UNIQUE,
    projects   text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

-- Targets disabled by a 410 Gone answer: (connection, target URL hash). A disabled target gets no
-- more deliveries until it is re-enabled.
CREATE TABLE disabled_targets (
    connection  text        NOT NULL,
    target_hash text        NOT NULL,
    reason      text        NOT NULL,
    disabled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (connection, target_hash)
);
