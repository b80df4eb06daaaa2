-- Index 766 reference computation (SQLite), the same rules as bench/duckdb/kpi766.sql.
-- Input tables, created by bench/duckdb/run.py --engine sqlite: raw (every column TEXT as
-- in the CSV), catalogue, params(as_of INTEGER), periods(g, pkey, start_s, end_s).
-- Output table: result(unit, period, indicator, numerator, denominator).

DROP TABLE IF EXISTS d;
CREATE TEMP TABLE d AS
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY code ORDER BY nullif(updated, '') DESC NULLS FIRST, rowid DESC) AS rn
    FROM raw
), base AS (
    SELECT r.code, r.procedure, r.unit,
        unixepoch(r.received) AS rec_s,
        unixepoch(nullif(r.due, '')) AS due_s,
        unixepoch(nullif(r.finished, '')) AS fin_s,
        CAST(coalesce(nullif(r.supplements, ''), 0) AS INTEGER) AS nsupp,
        CAST(round(CAST(coalesce(nullif(r.supplement_hours, ''), 0) AS REAL) * 3600) AS INTEGER) AS supp_s,
        CAST(r.channel AS INTEGER) AS channel, r.online_level,
        CAST(r.fee AS INTEGER) AS fee, CAST(r.paid_online AS INTEGER) AS paid_online,
        CAST(r.digitised AS INTEGER) AS digitised, CAST(r.electronic_result AS INTEGER) AS electronic_result,
        CAST(r.reused_data AS INTEGER) AS reused_data, CAST(r.from_data_store AS INTEGER) AS from_data_store,
        CAST(r.feedback AS INTEGER) AS feedback, CAST(nullif(r.rating, '') AS INTEGER) AS rating,
        CAST(r.apology AS INTEGER) AS apology,
        coalesce(CAST(c.full_online_eligible AS INTEGER), 0) = 1 AS proc_full,
        (coalesce(CAST(c.full_online_eligible AS INTEGER), 0) = 1 OR coalesce(c.online_levels, '') <> '') AS proc_online
    FROM ranked r LEFT JOIN catalogue c ON c.code = r.procedure
    WHERE r.rn = 1 AND CAST(r.status AS INTEGER) <> 4
)
SELECT *,
    CASE WHEN fin_s IS NULL THEN NULL
         WHEN nsupp > 1 THEN 'late'
         WHEN due_s IS NULL THEN 'nodue'
         WHEN fin_s > due_s + supp_s THEN 'late'
         WHEN fin_s / 86400 < (due_s + supp_s) / 86400 THEN 'early'
         ELSE 'ontime' END AS outcome,
    CASE WHEN nsupp > 1 THEN rec_s
         WHEN due_s IS NULL THEN NULL
         ELSE max(due_s + supp_s, rec_s) END AS overdue_after
FROM base;

DROP VIEW IF EXISTS occ;
CREATE TEMP VIEW occ AS
WITH g(g) AS (VALUES ('M'), ('Q'), ('H'), ('Y'))
SELECT d.*, 'R' AS kind, g.g,
    CASE g.g WHEN 'M' THEN strftime('%Y-%m', rec_s, 'unixepoch')
             WHEN 'Q' THEN strftime('%Y', rec_s, 'unixepoch') || '-Q' || ((CAST(strftime('%m', rec_s, 'unixepoch') AS INTEGER) + 2) / 3)
             WHEN 'H' THEN strftime('%Y', rec_s, 'unixepoch') || '-H' || CASE WHEN CAST(strftime('%m', rec_s, 'unixepoch') AS INTEGER) <= 6 THEN 1 ELSE 2 END
             ELSE strftime('%Y', rec_s, 'unixepoch') END AS pkey
FROM d, g
UNION ALL
SELECT d.*, 'F' AS kind, g.g,
    CASE g.g WHEN 'M' THEN strftime('%Y-%m', fin_s, 'unixepoch')
             WHEN 'Q' THEN strftime('%Y', fin_s, 'unixepoch') || '-Q' || ((CAST(strftime('%m', fin_s, 'unixepoch') AS INTEGER) + 2) / 3)
             WHEN 'H' THEN strftime('%Y', fin_s, 'unixepoch') || '-H' || CASE WHEN CAST(strftime('%m', fin_s, 'unixepoch') AS INTEGER) <= 6 THEN 1 ELSE 2 END
             ELSE strftime('%Y', fin_s, 'unixepoch') END AS pkey
FROM d, g WHERE d.fin_s IS NOT NULL
UNION ALL
SELECT d.*, 'O' AS kind, p.g, p.pkey
FROM d, params, periods p
WHERE d.overdue_after IS NOT NULL AND d.overdue_after < params.as_of
  AND p.end_s > d.overdue_after AND p.start_s < params.as_of
  AND min(p.end_s, params.as_of) > d.overdue_after
  AND d.rec_s < min(p.end_s, params.as_of)
  AND (d.fin_s IS NULL OR d.fin_s > min(p.end_s, params.as_of));

DROP TABLE IF EXISTS agg;
CREATE TEMP TABLE agg AS
SELECT unit, pkey,
  sum(CASE WHEN kind = 'R' THEN 1 ELSE 0 END) AS ck1_d,
  sum(CASE WHEN kind = 'R' AND due_s IS NOT NULL THEN 1 ELSE 0 END) AS ck1_n,
  sum(CASE WHEN (kind = 'F' AND outcome = 'late') OR kind = 'O' THEN 1 ELSE 0 END) AS ck2_d,
  sum(CASE WHEN ((kind = 'F' AND outcome = 'late') OR kind = 'O') AND apology = 1 THEN 1 ELSE 0 END) AS ck2_n,
  sum(CASE WHEN (kind = 'F' AND due_s IS NOT NULL) OR kind = 'O' THEN 1 ELSE 0 END) AS td1_d,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL AND outcome IN ('early', 'ontime') THEN 1 ELSE 0 END) AS td1_n,
  count(DISTINCT CASE WHEN kind = 'R' AND proc_full = 1 THEN procedure END) AS tt1_d,
  count(DISTINCT CASE WHEN kind = 'R' AND proc_full = 1 AND channel = 2 AND online_level = 'full' THEN procedure END) AS tt1_n,
  sum(CASE WHEN kind = 'R' AND proc_online = 1 THEN 1 ELSE 0 END) AS tt2_d,
  sum(CASE WHEN kind = 'R' AND proc_online = 1 AND channel = 2 THEN 1 ELSE 0 END) AS tt2_n,
  count(DISTINCT CASE WHEN kind = 'R' AND fee = 1 THEN procedure END) AS tttt1_d,
  count(DISTINCT CASE WHEN kind = 'R' AND fee = 1 AND paid_online <> 0 THEN procedure END) AS tttt1_n,
  sum(CASE WHEN kind = 'R' AND fee = 1 THEN 1 ELSE 0 END) AS tttt2_d,
  sum(CASE WHEN kind = 'R' AND fee = 1 AND paid_online <> 0 THEN 1 ELSE 0 END) AS tttt2_n,
  sum(CASE WHEN kind = 'F' THEN 1 ELSE 0 END) AS sh1_d,
  sum(CASE WHEN kind = 'F' AND electronic_result = 1 THEN 1 ELSE 0 END) AS sh1_n,
  sum(CASE WHEN kind = 'R' THEN 1 ELSE 0 END) AS sh2_d,
  sum(CASE WHEN kind = 'R' AND digitised = 1 THEN 1 ELSE 0 END) AS sh2_n,
  sum(CASE WHEN kind = 'R' THEN 1 ELSE 0 END) AS sh3_d,
  sum(CASE WHEN kind = 'R' AND (reused_data = 1 OR from_data_store = 1) THEN 1 ELSE 0 END) AS sh3_n,
  sum(CASE WHEN kind = 'R' AND feedback <> 0 THEN 1 ELSE 0 END) AS hl1_d,
  sum(CASE WHEN kind = 'R' AND feedback = 2 THEN 1 ELSE 0 END) AS hl1_n,
  sum(CASE WHEN kind = 'F' AND rating IS NOT NULL THEN 1 ELSE 0 END) AS hl2_d,
  sum(CASE WHEN kind = 'F' AND rating >= 4 THEN 1 ELSE 0 END) AS hl2_n,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL THEN 1 ELSE 0 END) AS th_d,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL AND outcome = 'early' THEN 1 ELSE 0 END) AS th_n,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL AND outcome = 'ontime' THEN 1 ELSE 0 END) AS dh_n,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL AND outcome = 'late' THEN 1 ELSE 0 END) AS qh_n,
  sum(CASE WHEN kind = 'O' THEN 1 ELSE 0 END) AS dxlqh_n
FROM occ GROUP BY unit, pkey;

DROP TABLE IF EXISTS result;
CREATE TEMP TABLE result AS
SELECT * FROM (
  SELECT unit, pkey AS period, 'CK1' AS indicator, ck1_n AS numerator, ck1_d AS denominator FROM agg
  UNION ALL SELECT unit, pkey, 'CK2', ck2_n, ck2_d FROM agg
  UNION ALL SELECT unit, pkey, 'TD1', td1_n, td1_d FROM agg
  UNION ALL SELECT unit, pkey, 'TT1', tt1_n, tt1_d FROM agg
  UNION ALL SELECT unit, pkey, 'TT2', tt2_n, tt2_d FROM agg
  UNION ALL SELECT unit, pkey, 'TTTT1', tttt1_n, tttt1_d FROM agg
  UNION ALL SELECT unit, pkey, 'TTTT2', tttt2_n, tttt2_d FROM agg
  UNION ALL SELECT unit, pkey, 'SH1', sh1_n, sh1_d FROM agg
  UNION ALL SELECT unit, pkey, 'SH2', sh2_n, sh2_d FROM agg
  UNION ALL SELECT unit, pkey, 'SH3', sh3_n, sh3_d FROM agg
  UNION ALL SELECT unit, pkey, 'HL1', hl1_n, hl1_d FROM agg
  UNION ALL SELECT unit, pkey, 'HL2', hl2_n, hl2_d FROM agg
  UNION ALL SELECT unit, pkey, 'TH', th_n, th_d FROM agg
  UNION ALL SELECT unit, pkey, 'DH', dh_n, th_d FROM agg
  UNION ALL SELECT unit, pkey, 'QH', qh_n, th_d FROM agg
  UNION ALL SELECT unit, pkey, 'DXLQH', dxlqh_n, td1_d FROM agg
) WHERE denominator > 0;
