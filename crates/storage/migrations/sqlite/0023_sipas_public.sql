-- SIPAS public side: one-time survey tokens printed per unit (only their SHA-256 is kept; the
-- token itself is shown once, on the printed slips), and the optional link of a public
-- response to a dossier of the index-766 records (one response per dossier code and campaign;
-- the code is never shown back).

CREATE TABLE sipas_tokens (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES sipas_campaigns(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    batch       INTEGER NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    expires_on  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX sipas_tokens_unit ON sipas_tokens(campaign_id, unit_id);

ALTER TABLE sipas_responses ADD COLUMN dossier_code TEXT;
CREATE UNIQUE INDEX sipas_responses_dossier ON sipas_responses(campaign_id, dossier_code);
