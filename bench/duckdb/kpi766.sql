-- Index 766 reference computation (DuckDB), default methodology of cchc
-- (crates/domain/data/kpi/766-default.toml). Input tables, created by bench/duckdb/run.py:
--   raw(code, procedure, unit, received TIMESTAMP, due, finished, returned TIMESTAMP,
--       channel, online_level, fee, fee_amount, paid_online, digitised, electronic_result,
--       reused_data, from_data_store, supplements, supplement_hours, status, feedback,
--       rating, apology, updated TIMESTAMP)
--   catalogue(code, name, level, fee, full_online_eligible, online_levels)
--   params(as_of BIGINT)                      -- data cut-off, seconds since 1970 (naive)
--   periods(g, pkey, start_s BIGINT, end_s BIGINT)
-- Output table: result(unit, period, indicator, numerator, denominator), non-empty cells.

CREATE OR REPLACE TEMP TABLE d AS
WITH ranked AS (
    SELECT *, row_number() OVER (PARTITION BY code ORDER BY updated DESC NULLS FIRST) AS rn
    FROM raw
), base AS (
    SELECT r.*,
        epoch(r.received)::BIGINT AS rec_s,
        epoch(r.due)::BIGINT AS due_s,
        epoch(r.finished)::BIGINT AS fin_s,
        coalesce(r.supplements, 0) AS nsupp,
        CAST(round(coalesce(r.supplement_hours, 0) * 3600) AS BIGINT) AS supp_s,
        coalesce(c.full_online_eligible, 0) = 1 AS proc_full,
        (coalesce(c.full_online_eligible, 0) = 1 OR coalesce(c.online_levels, '') <> '') AS proc_online
    FROM ranked r LEFT JOIN catalogue c ON c.code = r.procedure
    WHERE r.rn = 1 AND r.status <> 4
)
SELECT *,
    CASE WHEN fin_s IS NULL THEN NULL
         WHEN nsupp > 1 THEN 'late'
         WHEN due_s IS NULL THEN 'nodue'
         WHEN fin_s > due_s + supp_s THEN 'late'
         WHEN fin_s // 86400 < (due_s + supp_s) // 86400 THEN 'early'
         ELSE 'ontime' END AS outcome,
    CASE WHEN nsupp > 1 THEN rec_s
         WHEN due_s IS NULL THEN NULL
         ELSE greatest(due_s + supp_s, rec_s) END AS overdue_after
FROM base;

CREATE OR REPLACE TEMP VIEW occ AS
WITH g(g) AS (VALUES ('M'), ('Q'), ('H'), ('Y'))
SELECT d.*, 'R' AS kind, g.g,
    CASE g.g WHEN 'M' THEN strftime(d.received, '%Y-%m')
             WHEN 'Q' THEN strftime(d.received, '%Y') || '-Q' || quarter(d.received)
             WHEN 'H' THEN strftime(d.received, '%Y') || '-H' || CASE WHEN month(d.received) <= 6 THEN 1 ELSE 2 END
             ELSE strftime(d.received, '%Y') END AS pkey
FROM d, g
UNION ALL
SELECT d.*, 'F' AS kind, g.g,
    CASE g.g WHEN 'M' THEN strftime(d.finished, '%Y-%m')
             WHEN 'Q' THEN strftime(d.finished, '%Y') || '-Q' || quarter(d.finished)
             WHEN 'H' THEN strftime(d.finished, '%Y') || '-H' || CASE WHEN month(d.finished) <= 6 THEN 1 ELSE 2 END
             ELSE strftime(d.finished, '%Y') END AS pkey
FROM d, g WHERE d.fin_s IS NOT NULL
UNION ALL
SELECT d.*, 'O' AS kind, p.g, p.pkey
FROM d, params, periods p
WHERE d.overdue_after IS NOT NULL AND d.overdue_after < params.as_of
  AND p.end_s > d.overdue_after AND p.start_s < params.as_of
  AND least(p.end_s, params.as_of) > d.overdue_after
  AND d.rec_s < least(p.end_s, params.as_of)
  AND (d.fin_s IS NULL OR d.fin_s > least(p.end_s, params.as_of));

CREATE OR REPLACE TEMP TABLE agg AS
SELECT unit, pkey,
  sum(CASE WHEN kind = 'R' THEN 1 ELSE 0 END) AS ck1_d,
  sum(CASE WHEN kind = 'R' AND due_s IS NOT NULL THEN 1 ELSE 0 END) AS ck1_n,
  sum(CASE WHEN (kind = 'F' AND outcome = 'late') OR kind = 'O' THEN 1 ELSE 0 END) AS ck2_d,
  sum(CASE WHEN ((kind = 'F' AND outcome = 'late') OR kind = 'O') AND apology = 1 THEN 1 ELSE 0 END) AS ck2_n,
  sum(CASE WHEN (kind = 'F' AND due_s IS NOT NULL) OR kind = 'O' THEN 1 ELSE 0 END) AS td1_d,
  sum(CASE WHEN kind = 'F' AND due_s IS NOT NULL AND outcome IN ('early', 'ontime') THEN 1 ELSE 0 END) AS td1_n,
  count(DISTINCT CASE WHEN kind = 'R' AND proc_full THEN procedure END) AS tt1_d,
  count(DISTINCT CASE WHEN kind = 'R' AND proc_full AND channel = 2 AND online_level = 'full' THEN procedure END) AS tt1_n,
  sum(CASE WHEN kind = 'R' AND proc_online THEN 1 ELSE 0 END) AS tt2_d,
  sum(CASE WHEN kind = 'R' AND proc_online AND channel = 2 THEN 1 ELSE 0 END) AS tt2_n,
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

CREATE OR REPLACE TEMP TABLE result AS
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
