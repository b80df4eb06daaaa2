-- Actors outside the province that a task names (ministries, state groups and corporations,
-- other provinces' committees), as the document wrote them, with the national registry code
-- when one matched. A task led by "Bộ Tư pháp" keeps that lead although no unit of the
-- province's registry matches it; the task list shows it in the lead column.
CREATE TABLE task_actors (
    task_id  INTEGER NOT NULL REFERENCES tasks(id),
    role     TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')),
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    code     TEXT,
    name     TEXT,
    kind     TEXT,
    PRIMARY KEY (task_id, role, position)
);
CREATE INDEX task_actors_code ON task_actors(code);
