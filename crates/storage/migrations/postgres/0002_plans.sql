-- Imported plans and conclusion notices: documents, areas, targets, tasks, and import drafts
-- waiting for review.

CREATE TABLE documents (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    number      TEXT,
    doc_date    DATE,
    issuer      TEXT,
    title       TEXT,
    plan_year   BIGINT,
    province_id BIGINT REFERENCES units(id),
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    identity    TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    replaces_id BIGINT REFERENCES documents(id),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    warnings    TEXT NOT NULL DEFAULT '[]',
    imported_at TIMESTAMPTZ NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX documents_identity ON documents(identity);

CREATE TABLE plan_areas (
    id          BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    position    BIGINT NOT NULL,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    parent_code TEXT,
    scope       TEXT NOT NULL
);
CREATE INDEX plan_areas_document ON plan_areas(document_id);

CREATE TABLE targets (
    id                BIGSERIAL PRIMARY KEY,
    document_id       BIGINT NOT NULL REFERENCES documents(id),
    position          BIGINT NOT NULL,
    code              TEXT NOT NULL,
    area_code         TEXT,
    text              TEXT NOT NULL,
    target_text       TEXT,
    target_values     TEXT NOT NULL DEFAULT '[]',
    monitoring        TEXT NOT NULL,
    implementing      TEXT NOT NULL,
    source            TEXT NOT NULL DEFAULT '',
    search_fold       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX targets_document ON targets(document_id);

CREATE TABLE tasks (
    id             BIGSERIAL PRIMARY KEY,
    document_id    BIGINT NOT NULL REFERENCES documents(id),
    position       BIGINT NOT NULL,
    code           TEXT NOT NULL,
    parent_code    TEXT,
    area_code      TEXT,
    objective      TEXT,
    title          TEXT NOT NULL,
    activities     TEXT NOT NULL DEFAULT '[]',
    outputs        TEXT NOT NULL DEFAULT '[]',
    lead           TEXT NOT NULL,
    coordinating   TEXT NOT NULL,
    deadline       TEXT NOT NULL,
    deadline_kind  TEXT NOT NULL,
    due_date       DATE,
    budget         TEXT NOT NULL,
    budget_million DOUBLE PRECISION,
    source         TEXT NOT NULL DEFAULT '',
    needs_review   BOOLEAN NOT NULL DEFAULT FALSE,
    search_fold    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_due ON tasks(due_date);

-- Which units a task or target names, by role, for scoped lists ("tasks my unit leads").
CREATE TABLE task_units (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role    TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')),
    PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX task_units_unit ON task_units(unit_id, role);

CREATE TABLE target_units (
    target_id BIGINT NOT NULL REFERENCES targets(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    role      TEXT NOT NULL CHECK (role IN ('monitoring', 'implementing')),
    PRIMARY KEY (target_id, unit_id, role)
);
CREATE INDEX target_units_unit ON target_units(unit_id, role);

-- A parsed upload waiting for review and confirmation, owned by the user who uploaded it.
CREATE TABLE import_drafts (
    id         BIGSERIAL PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users(id),
    file_name  TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
