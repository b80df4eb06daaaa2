-- SIPAS (citizen satisfaction): questionnaires as versioned JSON documents, campaigns with the
-- units surveyed and their quotas, the anonymous responses (answers as JSON, a fingerprint
-- for duplicate detection, no personal data), and every rejected submission counted by reason.

CREATE TABLE sipas_questionnaires (
    id         BIGSERIAL PRIMARY KEY,
    code       TEXT NOT NULL,
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    frozen     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (code, version)
);

CREATE TABLE sipas_campaigns (
    id               BIGSERIAL PRIMARY KEY,
    name             TEXT NOT NULL,
    questionnaire_id BIGINT NOT NULL REFERENCES sipas_questionnaires(id),
    period_from      DATE NOT NULL,
    period_to        DATE NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    created_by       TEXT NOT NULL
);

CREATE TABLE sipas_campaign_units (
    campaign_id BIGINT NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    quota       BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE sipas_responses (
    id          BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    channel     TEXT NOT NULL,
    answers     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    entered_by  TEXT,
    UNIQUE (campaign_id, fingerprint)
);
CREATE INDEX sipas_responses_unit ON sipas_responses(campaign_id, unit_id);

CREATE TABLE sipas_rejections (
    id          BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     BIGINT REFERENCES units(id),
    reason      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sipas_rejections_campaign ON sipas_rejections(campaign_id, reason);
