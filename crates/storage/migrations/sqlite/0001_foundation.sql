-- Foundation: settings, organisation registry, accounts, sessions, login throttling, audit log.
-- Never edit a landed migration; add a new one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE units (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    parent_id      INTEGER REFERENCES units(id),
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    abbreviations  TEXT NOT NULL DEFAULT '',
    aliases        TEXT NOT NULL DEFAULT '',
    search_fold    TEXT NOT NULL DEFAULT '',
    valid_from     TEXT,
    valid_to       TEXT,
    note           TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_kind ON units(kind);

CREATE TABLE unit_changes (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    effective  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE unit_change_links (
    change_id INTEGER NOT NULL REFERENCES unit_changes(id),
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    side      TEXT NOT NULL CHECK (side IN ('from', 'to')),
    PRIMARY KEY (change_id, unit_id, side)
);
CREATE INDEX unit_change_links_unit ON unit_change_links(unit_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    full_name            TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,
    role                 TEXT NOT NULL,
    unit_id              INTEGER REFERENCES units(id),
    active               BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    key          TEXT PRIMARY KEY NOT NULL,
    failures     INTEGER NOT NULL,
    first_at     TEXT NOT NULL,
    locked_until TEXT
);

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at_ms     INTEGER NOT NULL,
    actor_id  INTEGER,
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

-- The chain head: the last sequence number and hash. Every audited write transaction updates
-- this single row first, which serialises writers (and takes SQLite's write lock up front).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: the application never updates or deletes audit rows.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
