-- Index 766 (one-stop-shop service quality): dossier records, the procedure catalogue (TTHC),
-- methodology versions, the map from one-stop-shop unit codes to registry units, and the
-- figures typed in from the national portal for reconciliation.
-- Times of dossiers are local (Vietnam) wall-clock times stored as seconds since
-- 1970-01-01 00:00, exactly as the one-stop-shop system exports them (no zone).
-- Never edit a landed migration; add a new one.

-- Change counters. `rev` is bumped by every dossier import and written on every row it
-- inserts or updates, so an app node reloads only the rows changed since it last looked;
-- `setup_rev` is bumped when the catalogue or a methodology version changes (nodes rebuild).
CREATE TABLE kpi_head (
    id        BIGINT PRIMARY KEY CHECK (id = 1),
    rev       BIGINT NOT NULL,
    setup_rev BIGINT NOT NULL
);
INSERT INTO kpi_head (id, rev, setup_rev) VALUES (1, 0, 0);

-- One row per dossier (the newest version by `updated`), keyed by the dossier code.
CREATE TABLE kpi_dossiers (
    code              TEXT PRIMARY KEY,
    procedure_code    TEXT NOT NULL,
    unit_code         TEXT NOT NULL,
    received          BIGINT NOT NULL,
    due               BIGINT,
    finished          BIGINT,
    returned          BIGINT,
    updated           BIGINT,
    channel           BIGINT NOT NULL,
    online_level      BIGINT NOT NULL,
    has_fee           BOOLEAN NOT NULL,
    fee_amount        BIGINT,
    paid_online       BIGINT NOT NULL,
    digitised         BOOLEAN NOT NULL,
    electronic_result BOOLEAN NOT NULL,
    reused_data       BOOLEAN NOT NULL,
    from_data_store   BOOLEAN NOT NULL,
    supplements       BIGINT NOT NULL,
    supplement_secs   BIGINT NOT NULL,
    status            BIGINT NOT NULL,
    feedback          BIGINT NOT NULL,
    rating            BIGINT NOT NULL,
    apology           BOOLEAN NOT NULL,
    rev               BIGINT NOT NULL
);
CREATE INDEX kpi_dossiers_rev ON kpi_dossiers(rev);
-- Open dossiers by appointment: the "about to be late" list.
CREATE INDEX kpi_dossiers_open ON kpi_dossiers(due) WHERE finished IS NULL;

CREATE TABLE kpi_procedures (
    code                 TEXT PRIMARY KEY,
    name                 TEXT NOT NULL DEFAULT '',
    level                TEXT NOT NULL DEFAULT '',
    fee                  BOOLEAN NOT NULL,
    full_online_eligible BOOLEAN NOT NULL,
    online_levels        TEXT NOT NULL DEFAULT ''
);

-- Methodology versions: the whole version as JSON; the one in force on the first day of a
-- period computes that period.
CREATE TABLE kpi_methodologies (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,
    body           TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

-- One-stop-shop unit code → registry unit code, for systems whose unit codes differ from
-- the registry's. Dossiers whose unit equals a registry code need no row here.
CREATE TABLE kpi_unit_codes (
    code      TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units(code) ON UPDATE CASCADE
);

-- The last set of figures typed in from the national portal.
CREATE TABLE kpi_portal_uploads (
    id         BIGSERIAL PRIMARY KEY,
    file_name  TEXT NOT NULL,
    actor      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE kpi_portal_figures (
    upload_id   BIGINT NOT NULL REFERENCES kpi_portal_uploads(id),
    line        BIGINT NOT NULL,
    unit_code   TEXT NOT NULL,
    period      TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    numerator   BIGINT NOT NULL,
    denominator BIGINT NOT NULL,
    PRIMARY KEY (upload_id, line)
);
