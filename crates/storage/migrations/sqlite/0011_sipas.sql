-- SIPAS (citizen satisfaction): questionnaires as versioned JSON documents, campaigns with the
-- units surveyed and their quotas, the anonymous responses (answers as JSON, a fingerprint
-- for duplicate detection, no personal data), and every rejected submission counted by reason.

CREATE TABLE sipas_questionnaires (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    frozen     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE sipas_campaigns (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL,
    questionnaire_id INTEGER NOT NULL REFERENCES sipas_questionnaires(id),
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL
);

CREATE TABLE sipas_campaign_units (
    campaign_id INTEGER NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    quota       INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE sipas_responses (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    channel     TEXT NOT NULL,
    answers     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    entered_by  TEXT,
    UNIQUE (campaign_id, fingerprint)
);
CREATE INDEX sipas_responses_unit ON sipas_responses(campaign_id, unit_id);

CREATE TABLE sipas_rejections (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     INTEGER REFERENCES units(id),
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX sipas_rejections_campaign ON sipas_rejections(campaign_id, reason);
