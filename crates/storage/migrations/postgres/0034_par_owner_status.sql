-- The province's own index (QĐ 876) followed by the departments owning its criteria: each
-- quarter the owning department reports what it achieved and, when a criterion is not
-- achieved, why (seed 004). One row per criterion and quarter; a later report of the same
-- quarter replaces the row (the audit log keeps what it said before).

CREATE TABLE par_owner_status (
    id         BIGSERIAL PRIMARY KEY,
    set_id     BIGINT NOT NULL REFERENCES par_criteria_sets(id),
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    code       TEXT NOT NULL,
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    achieved   BOOLEAN NOT NULL,
    objective  BOOLEAN NOT NULL,
    result     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (year, quarter, code)
);

CREATE INDEX par_owner_status_unit ON par_owner_status (unit_id, year);
