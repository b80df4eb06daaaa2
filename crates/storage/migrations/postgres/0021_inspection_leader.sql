-- The head of an inspection team (trưởng đoàn), named in the minutes' signature block as the
-- decree on official documents requires. Inspections planned before have none.
ALTER TABLE inspections ADD COLUMN leader TEXT NOT NULL DEFAULT '';
