-- Sign-off of a unit's report by its head: who sent it for sign-off is submitted_by; who
-- signed it off and when; the head's reason when sending it back to the draft.

ALTER TABLE unit_reports ADD COLUMN signed_by TEXT;
ALTER TABLE unit_reports ADD COLUMN signed_on DATE;
ALTER TABLE unit_reports ADD COLUMN signoff_note TEXT;
CREATE INDEX unit_reports_unit_status ON unit_reports(unit_id, status);
