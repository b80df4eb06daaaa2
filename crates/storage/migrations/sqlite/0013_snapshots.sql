-- Published snapshots: what the office explicitly publishes for the public site (a table per
-- snapshot, stored as JSON at the moment of publication, never a live query over drafts).
-- A new publication of a kind supersedes the previous one; an unpublished snapshot is kept
-- for the record but no longer shown.

CREATE TABLE snapshots (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    superseded_by  INTEGER REFERENCES snapshots(id),
    unpublished_at TEXT
);
CREATE INDEX snapshots_kind ON snapshots(kind, superseded_by, unpublished_at);
