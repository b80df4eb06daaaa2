-- Periodic reports: the kind of report (a period's report, or a unit's own annual plan), who
-- submitted, and the files attached to a report.

ALTER TABLE unit_reports ADD COLUMN kind TEXT NOT NULL DEFAULT 'period';
ALTER TABLE unit_reports ADD COLUMN submitted_by TEXT;
ALTER TABLE unit_reports ADD COLUMN search_fold TEXT NOT NULL DEFAULT '';

CREATE TABLE report_files (
    id           INTEGER PRIMARY KEY,
    token        TEXT NOT NULL UNIQUE,
    report_id    INTEGER NOT NULL REFERENCES unit_reports(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_by  TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX report_files_report ON report_files(report_id);
CREATE INDEX unit_reports_period ON unit_reports(period_key, status);
