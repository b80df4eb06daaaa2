-- PAR index (Chỉ số CCHC): criteria sets as versioned JSON documents; rounds (đợt đánh giá)
-- with their dates; one assessment per unit and round (its review state, the set that applies,
-- the appraiser assigned); per-criterion scores (self, appraised, explanation); evidence files
-- stored once and linked to any number of criteria.

CREATE TABLE par_criteria_sets (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    version        INTEGER NOT NULL,
    group_code     TEXT NOT NULL,
    name           TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    status         TEXT NOT NULL,
    frozen         BOOLEAN NOT NULL DEFAULT FALSE,
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE par_rounds (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    name            TEXT NOT NULL,
    self_due        TEXT NOT NULL,
    appraisal_due   TEXT NOT NULL,
    explanation_due TEXT NOT NULL,
    approval_due    TEXT NOT NULL,
    approved_on     TEXT,
    approved_by     TEXT,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE par_assessments (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES par_rounds(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    set_id        INTEGER NOT NULL REFERENCES par_criteria_sets(id),
    status        TEXT NOT NULL DEFAULT 'draft',
    appraiser_id  INTEGER REFERENCES users(id),
    submitted_on  TEXT,
    submitted_by  TEXT,
    reviewed_on   TEXT,
    return_reason TEXT,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (round_id, unit_id)
);
CREATE INDEX par_assessments_appraiser ON par_assessments(appraiser_id);

CREATE TABLE par_scores (
    assessment_id     INTEGER NOT NULL REFERENCES par_assessments(id),
    code              TEXT NOT NULL,
    self_mark         TEXT,
    self_note         TEXT NOT NULL DEFAULT '',
    appraised_mark    TEXT,
    appraisal_reason  TEXT NOT NULL DEFAULT '',
    explain_requested BOOLEAN NOT NULL DEFAULT FALSE,
    explanation       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, code)
);

CREATE TABLE par_evidence (
    id            INTEGER PRIMARY KEY,
    token         TEXT NOT NULL UNIQUE,
    assessment_id INTEGER NOT NULL REFERENCES par_assessments(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX par_evidence_assessment ON par_evidence(assessment_id);

CREATE TABLE par_evidence_links (
    evidence_id INTEGER NOT NULL REFERENCES par_evidence(id),
    code        TEXT NOT NULL,
    PRIMARY KEY (evidence_id, code)
);
