-- police.uk outcome shares from policeuk_cells (data/policeuk-cells.sql: the full rebuild's every row, the incremental
-- one's rebuilt months), into monthly_shares: per area x category x month of the crime, n = crimes (rows with a Crime
-- ID) and k = those whose current outcome (current_outcome: the outcomes files', else the street file's) is an outcome
-- (not pending), a positive outcome, a sanction detection or a charge (outcome_types). Both rebuilds include this file
-- (data/derived-key.ts), so they share one rule.
-- A cell's flags depend only on its (recorded, street) outcome pair, a few dozen distinct pairs: each pair's flags are
-- worked out once, and the cells summed by crime type before the crosswalk gives each type its ids (at 10M rows
-- 1.2 s -> 0.6 s against working out each cell's current outcome and joining it; the same rows: BENCHMARKS.md, issue 21).
INSERT INTO monthly_shares
SELECT 'policeuk', area_code, category_id, measure, month, k, n FROM (
  SELECT c.area_code, coalesce(m.category_id, 'unmapped') AS category_id, c.month, sum(c.n) AS n,
         sum(c.with_outcome) AS with_outcome, sum(c.positive_outcome) AS positive_outcome,
         sum(c.sanction_detection) AS sanction_detection, sum(c.charged) AS charged
  FROM (
    SELECT x.area_code, x.label_key, x.month, sum(x.n) AS n,
           sum(x.n * f.with_outcome) AS with_outcome, sum(x.n * f.positive_outcome) AS positive_outcome,
           sum(x.n * f.sanction_detection) AS sanction_detection, sum(x.n * f.charged) AS charged
    FROM policeuk_cells x
    JOIN (
      SELECT o.recorded, o.street,
             (o.current_outcome IS NOT NULL AND NOT coalesce(t.pending, false))::INTEGER AS with_outcome,
             coalesce(t.positive_outcome, false)::INTEGER AS positive_outcome,
             coalesce(t.sanction_detection, false)::INTEGER AS sanction_detection,
             coalesce(t.charged, false)::INTEGER AS charged
      FROM (SELECT recorded, street, current_outcome(recorded, street) AS current_outcome
            FROM (SELECT DISTINCT recorded, street FROM policeuk_cells WHERE crime)) o
      LEFT JOIN outcome_types t ON t.label_key = lower(o.current_outcome)
    ) f ON f.recorded IS NOT DISTINCT FROM x.recorded AND f.street IS NOT DISTINCT FROM x.street
    WHERE x.crime
    GROUP BY ALL
  ) c
  LEFT JOIN category_map m USING (label_key)
  GROUP BY ALL
) UNPIVOT (k FOR measure IN (with_outcome, positive_outcome, sanction_detection, charged));
