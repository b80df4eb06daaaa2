-- Reform initiatives (sáng kiến, giải pháp CCHC): evaluation criteria as versioned JSON (a
-- version used by an initiative is never changed), the initiatives units propose with their
-- state and the council's decision, their attachments, the evaluators the office assigns and
-- the points each gives per criterion, and the units that declare they applied a recognised
-- initiative.

CREATE TABLE initiative_criteria (
    id             BIGSERIAL PRIMARY KEY,
    code           TEXT NOT NULL,
    version        BIGINT NOT NULL,
    effective_from DATE NOT NULL,
    body           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE initiatives (
    id              BIGSERIAL PRIMARY KEY,
    unit_id         BIGINT NOT NULL REFERENCES units(id),
    year            BIGINT NOT NULL,
    title           TEXT NOT NULL,
    problem         TEXT NOT NULL,
    solution        TEXT NOT NULL,
    scope           TEXT NOT NULL,
    benefit         TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'draft',
    criteria_id     BIGINT REFERENCES initiative_criteria(id),
    return_reason   TEXT,
    decision_reason TEXT,
    results         TEXT NOT NULL DEFAULT '',
    submitted_on    DATE,
    decided_on      DATE,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX initiatives_unit ON initiatives(unit_id, year);
CREATE INDEX initiatives_state ON initiatives(state, year);

CREATE TABLE initiative_files (
    id            BIGSERIAL PRIMARY KEY,
    token         TEXT NOT NULL UNIQUE,
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX initiative_files_owner ON initiative_files(initiative_id);

CREATE TABLE initiative_evaluators (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    user_id       BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (initiative_id, user_id)
);

CREATE TABLE initiative_scores (
    initiative_id  BIGINT NOT NULL REFERENCES initiatives(id),
    user_id        BIGINT NOT NULL REFERENCES users(id),
    criterion_code TEXT NOT NULL,
    points         BIGINT NOT NULL,
    scored_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (initiative_id, user_id, criterion_code)
);

CREATE TABLE initiative_adoptions (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    adopted_on    DATE NOT NULL,
    result        TEXT NOT NULL DEFAULT '',
    declared_by   TEXT NOT NULL,
    PRIMARY KEY (initiative_id, unit_id)
);
CREATE INDEX initiative_adoptions_unit ON initiative_adoptions(unit_id);
