-- Foundation: settings, organisation registry, accounts, sessions, login throttling, audit log.
-- Never edit a landed migration; add a new one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    id             BIGSERIAL PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    parent_id      BIGINT REFERENCES units(id),
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    abbreviations  TEXT NOT NULL DEFAULT '',
    aliases        TEXT NOT NULL DEFAULT '',
    search_fold    TEXT NOT NULL DEFAULT '',
    valid_from     DATE,
    valid_to       DATE,
    note           TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_kind ON units(kind);

CREATE TABLE unit_changes (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    effective  DATE NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE unit_change_links (
    change_id BIGINT NOT NULL REFERENCES unit_changes(id),
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    side      TEXT NOT NULL CHECK (side IN ('from', 'to')),
    PRIMARY KEY (change_id, unit_id, side)
);
CREATE INDEX unit_change_links_unit ON unit_change_links(unit_id);

CREATE TABLE users (
    id                   BIGSERIAL PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL,
    unit_id              BIGINT REFERENCES units(id),
    active               BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    first_at     TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at_ms     BIGINT NOT NULL,
    actor_id  BIGINT,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_at ON audit_log(at_ms);

-- The chain head. Every audited write transaction updates this row first: the row lock
-- serialises appends from every app node, so the chain never forks.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the application never updates or deletes audit rows.
CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
