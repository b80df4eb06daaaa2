-- Evidence references typed with a progress record (document numbers and dates, links), one
-- per line: part of the record, shown to the reviewer and exported (they used to live only in
-- the audit entry).
ALTER TABLE task_events ADD COLUMN evidence_refs TEXT NOT NULL DEFAULT '';
