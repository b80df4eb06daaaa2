-- Tracking depth: the working-day calendar (public holidays, Tết and substitute working
-- days), one row per listed day; a missing table row means an ordinary Monday-to-Friday day.
-- The marker row in settings ('workdays.saved') tells a saved empty calendar from none.

CREATE TABLE work_calendar_days (
    day        DATE PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'working_day')),
    name       TEXT NOT NULL
);
