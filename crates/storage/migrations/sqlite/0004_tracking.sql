-- Tracking: one instance per task and period (a one-off task has one), its progress and
-- history, evidence files, and the periodic reports units submit.

CREATE TABLE task_instances (
    id               INTEGER PRIMARY KEY,
    task_id          INTEGER NOT NULL REFERENCES tasks(id),
    key              TEXT NOT NULL,
    label            TEXT NOT NULL,
    period_start     TEXT,
    period_end       TEXT,
    due              TEXT,
    lead_unit_id     INTEGER REFERENCES units(id),
    state            TEXT NOT NULL DEFAULT 'not_started',
    percent          INTEGER,
    reported_done_on TEXT,
    accepted_on      TEXT,
    return_reason    TEXT,
    updated_on       TEXT,
    completion       TEXT,
    event_on         TEXT,
    version          INTEGER NOT NULL DEFAULT 0,
    UNIQUE (task_id, key, lead_unit_id)
);
CREATE INDEX task_instances_task ON task_instances(task_id);
CREATE INDEX task_instances_lead ON task_instances(lead_unit_id, state);
CREATE INDEX task_instances_due ON task_instances(due, state);

CREATE TABLE task_events (
    id          INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES task_instances(id),
    at          TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor       TEXT NOT NULL,
    unit_id     INTEGER REFERENCES units(id),
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    percent     INTEGER,
    outputs     TEXT NOT NULL DEFAULT '',
    state_after TEXT NOT NULL
);
CREATE INDEX task_events_instance ON task_events(instance_id);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,
    instance_id  INTEGER NOT NULL REFERENCES task_instances(id),
    event_id     INTEGER REFERENCES task_events(id),
    unit_id      INTEGER REFERENCES units(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX evidence_instance ON evidence(instance_id);

-- File contents live in the database so that every app node can serve them.
CREATE TABLE evidence_blobs (
    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id),
    content     BLOB NOT NULL
);

-- A unit's periodic report (task progress is in the instances; this holds the narrative and
-- target values) and its review.
CREATE TABLE unit_reports (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    period_key    TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft',
    narrative     TEXT NOT NULL DEFAULT '',
    submitted_on  TEXT,
    reviewed_on   TEXT,
    return_reason TEXT,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (unit_id, period_key)
);

CREATE TABLE target_values (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES targets(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    period_key  TEXT NOT NULL,
    value       REAL,
    numerator   REAL,
    denominator REAL,
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    UNIQUE (target_id, unit_id, period_key)
);
