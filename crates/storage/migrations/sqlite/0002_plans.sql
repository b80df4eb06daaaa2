-- Imported plans and conclusion notices: documents, areas, targets, tasks, and import drafts
-- waiting for review.

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    number      TEXT,
    doc_date    TEXT,
    issuer      TEXT,
    title       TEXT,
    plan_year   INTEGER,
    province_id INTEGER REFERENCES units(id),
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL UNIQUE,
    identity    TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    replaces_id INTEGER REFERENCES documents(id),
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    warnings    TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE INDEX documents_identity ON documents(identity);

CREATE TABLE plan_areas (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    parent_code TEXT,
    scope       TEXT NOT NULL
);
CREATE INDEX plan_areas_document ON plan_areas(document_id);

CREATE TABLE targets (
    id                INTEGER PRIMARY KEY,
    document_id       INTEGER NOT NULL REFERENCES documents(id),
    position          INTEGER NOT NULL,
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
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id),
    position       INTEGER NOT NULL,
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
    due_date       TEXT,
    budget         TEXT NOT NULL,
    budget_million REAL,
    source         TEXT NOT NULL DEFAULT '',
    needs_review   BOOLEAN NOT NULL DEFAULT FALSE,
    search_fold    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_due ON tasks(due_date);

-- Which units a task or target names, by role, for scoped lists ("tasks my unit leads").
CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    unit_id INTEGER NOT NULL REFERENCES units(id),
    role    TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')),
    PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX task_units_unit ON task_units(unit_id, role);

CREATE TABLE target_units (
    target_id INTEGER NOT NULL REFERENCES targets(id),
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    role      TEXT NOT NULL CHECK (role IN ('monitoring', 'implementing')),
    PRIMARY KEY (target_id, unit_id, role)
);
CREATE INDEX target_units_unit ON target_units(unit_id, role);

-- A parsed upload waiting for review and confirmation, owned by the user who uploaded it.
CREATE TABLE import_drafts (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES users(id),
    file_name  TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
