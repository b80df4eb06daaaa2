-- Index 766: which dossiers each import wrote, as one list per written part instead of an
-- index on `kpi_dossiers.rev`. Every upsert into the big table had to maintain that index
-- (its cost was half of a day's incremental import on ten million dossiers); a list per
-- part is one short append. App nodes read the lists written after their change number
-- and fetch those dossiers by code.

DROP INDEX kpi_dossiers_rev;

-- `codes`: a JSON array of the `n` dossier codes part `part` of import `rev` sent (stale
-- ones included: a reader keeps only rows whose `rev` is in the range it asks for).
CREATE TABLE kpi_changes (
    rev   BIGINT NOT NULL,
    part  INTEGER NOT NULL,
    n     INTEGER NOT NULL,
    codes TEXT NOT NULL,
    PRIMARY KEY (rev, part)
);

-- The imports made before this migration, one list per change number.
INSERT INTO kpi_changes (rev, part, n, codes)
SELECT rev, 0, COUNT(*), json_agg(code)::text FROM kpi_dossiers GROUP BY rev;
