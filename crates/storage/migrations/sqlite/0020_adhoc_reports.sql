-- Ad-hoc reports (báo cáo đột xuất): the office requests a report from chosen units with its
-- own title, instruction, due date and optionally a template file. Each unit's answer is a
-- unit_reports row with period_key 'adhoc-<id>' and kind 'adhoc'.

CREATE TABLE adhoc_requests (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    instruction     TEXT NOT NULL DEFAULT '',
    due             TEXT NOT NULL,
    template_name   TEXT,
    template_type   TEXT,
    template_sha256 TEXT,
    template        BLOB,
    created_by      TEXT NOT NULL,
    created_on      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE adhoc_request_units (
    request_id INTEGER NOT NULL REFERENCES adhoc_requests(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (request_id, unit_id)
);
CREATE INDEX adhoc_request_units_unit ON adhoc_request_units(unit_id);
