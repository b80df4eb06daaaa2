-- PAR index (Chỉ số CCHC): criteria sets as versioned JSON documents; rounds (đợt đánh giá)
-- with their dates; one assessment per unit and round (its review state, the set that applies,
-- the appraiser assigned); per-criterion scores (self, appraised, explanation); evidence files
-- stored once and linked to any number of criteria.

CREATE TABLE par_criteria_sets (
    id             BIGSERIAL PRIMARY KEY,
    code           TEXT NOT NULL,
    version        BIGINT NOT NULL,
    group_code     TEXT NOT NULL,
    name           TEXT NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,
    status         TEXT NOT NULL,
    frozen         BOOLEAN NOT NULL DEFAULT FALSE,
    body           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE par_rounds (
    id              BIGSERIAL PRIMARY KEY,
    year            BIGINT NOT NULL,
    name            TEXT NOT NULL,
    self_due        DATE NOT NULL,
    appraisal_due   DATE NOT NULL,
    explanation_due DATE NOT NULL,
    approval_due    DATE NOT NULL,
    approved_on     DATE,
    approved_by     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE par_assessments (
    id            BIGSERIAL PRIMARY KEY,
    round_id      BIGINT NOT NULL REFERENCES par_rounds(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    set_id        BIGINT NOT NULL REFERENCES par_criteria_sets(id),
    status        TEXT NOT NULL DEFAULT 'draft',
    appraiser_id  BIGINT REFERENCES users(id),
    submitted_on  DATE,
    submitted_by  TEXT,
    reviewed_on   DATE,
    return_reason TEXT,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 0,
    UNIQUE (round_id, unit_id)
);
CREATE INDEX par_assessments_appraiser ON par_assessments(appraiser_id);

CREATE TABLE par_scores (
    assessment_id     BIGINT NOT NULL REFERENCES par_assessments(id),
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
    id            BIGSERIAL PRIMARY KEY,
    token         TEXT NOT NULL UNIQUE,
    assessment_id BIGINT NOT NULL REFERENCES par_assessments(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX par_evidence_assessment ON par_evidence(assessment_id);

CREATE TABLE par_evidence_links (
    evidence_id BIGINT NOT NULL REFERENCES par_evidence(id),
    code        TEXT NOT NULL,
    PRIMARY KEY (evidence_id, code)
);
