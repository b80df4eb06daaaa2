-- Units' own annual CCHC plans (seed 001, 003): a document may belong to a unit (NULL for the
-- province's plans and notices), and each task of a unit plan may name the province tasks it
-- implements (the coverage check lists the province tasks no unit-plan task names).
ALTER TABLE documents ADD COLUMN owner_unit_id BIGINT REFERENCES units(id);
CREATE INDEX documents_owner_unit ON documents(owner_unit_id, plan_year);

CREATE TABLE unit_plan_links (
    task_id          BIGINT NOT NULL REFERENCES tasks(id),
    province_task_id BIGINT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (task_id, province_task_id)
);
CREATE INDEX unit_plan_links_province ON unit_plan_links(province_task_id);
