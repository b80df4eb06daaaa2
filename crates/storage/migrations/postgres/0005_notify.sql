-- Notifications and e-mail: in-app notifications for a unit or a user; the claims of daily
-- digests and immediate notices (one row per key: the unique key is what makes a digest go
-- out exactly once however many app nodes run the reminder job); the reminders each digest
-- carried; the outbox of e-mails with their delivery state and retries.

CREATE TABLE notifications (
    id         BIGSERIAL PRIMARY KEY,
    unit_id    BIGINT REFERENCES units(id),
    user_id    BIGINT REFERENCES users(id),
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    read_at    TIMESTAMPTZ,
    read_by    TEXT,
    CHECK (unit_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX notifications_unit ON notifications(unit_id, read_at);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE notify_claims (
    key             TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    unit_id         BIGINT REFERENCES units(id),
    day             DATE NOT NULL,
    claimed_at      TIMESTAMPTZ NOT NULL,
    notification_id BIGINT REFERENCES notifications(id)
);
CREATE INDEX notify_claims_unit ON notify_claims(unit_id, day);

CREATE TABLE reminders_sent (
    key       TEXT PRIMARY KEY,
    claim_key TEXT NOT NULL REFERENCES notify_claims(key),
    item_kind TEXT NOT NULL,
    item_id   BIGINT NOT NULL,
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    due       DATE NOT NULL,
    slot      TEXT NOT NULL,
    sent_on   DATE NOT NULL
);
CREATE INDEX reminders_sent_on ON reminders_sent(sent_on);

CREATE TABLE mail_outbox (
    id              BIGSERIAL PRIMARY KEY,
    claim_key       TEXT NOT NULL UNIQUE REFERENCES notify_claims(key),
    unit_id         BIGINT REFERENCES units(id),
    recipients      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    leased_until    TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
