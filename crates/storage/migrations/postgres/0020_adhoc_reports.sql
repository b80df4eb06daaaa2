-- Ad-hoc reports (báo cáo đột xuất): the office requests a report from chosen units with its
-- own title, instruction, due date and optionally a template file. Each unit's answer is a
-- unit_reports row with period_key 'adhoc-<id>' and kind 'adhoc'.

CREATE TABLE adhoc_requests (
    id              BIGSERIAL PRIMARY KEY,
    title           TEXT NOT NULL,
    instruction     TEXT NOT NULL DEFAULT '',
    due             DATE NOT NULL,
    template_name   TEXT,
    template_type   TEXT,
    template_sha256 TEXT,
    template        BYTEA,
    created_by      TEXT NOT NULL,
    created_on      DATE NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE adhoc_request_units (
    request_id BIGINT NOT NULL REFERENCES adhoc_requests(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (request_id, unit_id)
);
CREATE INDEX adhoc_request_units_unit ON adhoc_request_units(unit_id);
