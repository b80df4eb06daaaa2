-- Tracking: one instance per task and period (a one-off task has one), its progress and
-- history, evidence files, and the periodic reports units submit.

CREATE TABLE task_instances (
    id               BIGSERIAL PRIMARY KEY,
    task_id          BIGINT NOT NULL REFERENCES tasks(id),
    key              TEXT NOT NULL,
    label            TEXT NOT NULL,
    period_start     DATE,
    period_end       DATE,
    due              DATE,
    lead_unit_id     BIGINT REFERENCES units(id),
    state            TEXT NOT NULL DEFAULT 'not_started',
    percent          BIGINT,
    reported_done_on DATE,
    accepted_on      DATE,
    return_reason    TEXT,
    updated_on       DATE,
    completion       TEXT,
    event_on         DATE,
    version          BIGINT NOT NULL DEFAULT 0,
    UNIQUE (task_id, key, lead_unit_id)
);
CREATE INDEX task_instances_task ON task_instances(task_id);
CREATE INDEX task_instances_lead ON task_instances(lead_unit_id, state);
CREATE INDEX task_instances_due ON task_instances(due, state);

CREATE TABLE task_events (
    id          BIGSERIAL PRIMARY KEY,
    instance_id BIGINT NOT NULL REFERENCES task_instances(id),
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES users(id),
    actor       TEXT NOT NULL,
    unit_id     BIGINT REFERENCES units(id),
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    percent     BIGINT,
    outputs     TEXT NOT NULL DEFAULT '',
    state_after TEXT NOT NULL
);
CREATE INDEX task_events_instance ON task_events(instance_id);

CREATE TABLE evidence (
    id           BIGSERIAL PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,
    instance_id  BIGINT NOT NULL REFERENCES task_instances(id),
    event_id     BIGINT REFERENCES task_events(id),
    unit_id      BIGINT REFERENCES units(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX evidence_instance ON evidence(instance_id);

-- File contents live in the database so that every app node can serve them.
CREATE TABLE evidence_blobs (
    evidence_id BIGINT PRIMARY KEY REFERENCES evidence(id),
    content     BYTEA NOT NULL
);

-- A unit's periodic report (task progress is in the instances; this holds the narrative and
-- target values) and its review.
CREATE TABLE unit_reports (
    id            BIGSERIAL PRIMARY KEY,
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    period_key    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft',
    narrative     TEXT NOT NULL DEFAULT '',
    submitted_on  DATE,
    reviewed_on   DATE,
    return_reason TEXT,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0,
    UNIQUE (unit_id, period_key)
);

CREATE TABLE target_values (
    id          BIGSERIAL PRIMARY KEY,
    target_id   BIGINT NOT NULL REFERENCES targets(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    period_key  TEXT NOT NULL,
    value       DOUBLE PRECISION,
    numerator   DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (target_id, unit_id, period_key)
);
