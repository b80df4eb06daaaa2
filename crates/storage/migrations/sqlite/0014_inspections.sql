-- Inspections of agencies' reform work: checklists per unit group as versioned JSON, the
-- inspections planned for a year (team, dates, what to prepare), the checklist answers and
-- files of each, findings with their recommendation (from an inspection, an outside
-- inspection or a state audit) and the remedy's progress (the task lifecycle's columns, plus
-- resolved / waived with a reason), and the remedy's evidence files.

CREATE TABLE inspection_checklists (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    group_code     TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE inspections (
    id           INTEGER PRIMARY KEY,
    year         INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    checklist_id INTEGER NOT NULL REFERENCES inspection_checklists(id),
    team         TEXT NOT NULL,
    date_from    TEXT NOT NULL,
    date_to      TEXT NOT NULL,
    prepare      TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'planned',
    conclusion   TEXT NOT NULL DEFAULT '',
    recorded_on  TEXT,
    closed_on    TEXT,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (year, unit_id)
);
CREATE INDEX inspections_unit ON inspections(unit_id);

CREATE TABLE inspection_answers (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    item_code     TEXT NOT NULL,
    answer        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, item_code)
);

CREATE TABLE inspection_files (
    id            INTEGER PRIMARY KEY,
    token         TEXT NOT NULL UNIQUE,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX inspection_files_owner ON inspection_files(inspection_id);

CREATE TABLE findings (
    id                INTEGER PRIMARY KEY,
    inspection_id     INTEGER REFERENCES inspections(id),
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    source            TEXT NOT NULL,
    source_ref        TEXT NOT NULL DEFAULT '',
    severity          TEXT NOT NULL,
    area              TEXT NOT NULL DEFAULT '',
    text              TEXT NOT NULL,
    recommendation    TEXT NOT NULL,
    due               TEXT,
    evidence_required BOOLEAN NOT NULL DEFAULT TRUE,
    raised_on         TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'open',
    waive_reason      TEXT,
    task_state        TEXT NOT NULL DEFAULT 'not_started',
    percent           INTEGER,
    reported_done_on  TEXT,
    accepted_on       TEXT,
    return_reason     TEXT,
    updated_on        TEXT,
    last_note         TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX findings_inspection ON findings(inspection_id);
CREATE INDEX findings_unit ON findings(unit_id, state);

CREATE TABLE finding_files (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,
    finding_id   INTEGER NOT NULL REFERENCES findings(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX finding_files_owner ON finding_files(finding_id);
