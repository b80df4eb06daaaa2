-- Notifications and e-mail: in-app notifications for a unit or a user; the claims of daily
-- digests and immediate notices (one row per key: the unique key is what makes a digest go
-- out exactly once however many app nodes run the reminder job); the reminders each digest
-- carried; the outbox of e-mails with their delivery state and retries.

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER REFERENCES units(id),
    user_id    INTEGER REFERENCES users(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    read_at    TEXT,
    read_by    TEXT,
    CHECK (unit_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX notifications_unit ON notifications(unit_id, read_at);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE notify_claims (
    key             TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    unit_id         INTEGER REFERENCES units(id),
    day             TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    notification_id INTEGER REFERENCES notifications(id)
);
CREATE INDEX notify_claims_unit ON notify_claims(unit_id, day);

CREATE TABLE reminders_sent (
    key       TEXT PRIMARY KEY NOT NULL,
    claim_key TEXT NOT NULL REFERENCES notify_claims(key),
    item_kind TEXT NOT NULL,
    item_id   INTEGER NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    due       TEXT NOT NULL,
    slot      TEXT NOT NULL,
    sent_on   TEXT NOT NULL
);
CREATE INDEX reminders_sent_on ON reminders_sent(sent_on);

CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    claim_key       TEXT NOT NULL UNIQUE REFERENCES notify_claims(key),
    unit_id         INTEGER REFERENCES units(id),
    recipients      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    leased_until    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
