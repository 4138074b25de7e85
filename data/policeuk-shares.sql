-- police.uk outcome shares from policeuk_cells (data/policeuk-cells.sql: the full rebuild's every row, the incremental
-- one's rebuilt months), into monthly_shares: per area x category x month of the crime, n = crimes (rows with a Crime
-- ID) and k = those whose current outcome (current_outcome: the outcomes files', else the street file's) is an outcome
-- (not pending), a positive outcome, a sanction detection or a charge (outcome_types). Both rebuilds include this file
-- (data/derived-key.ts), so they share one rule.
-- The cells hold each flag's count already (data/policeuk-cells.sql works out each (recorded, street) outcome pair's
-- flags once, a few dozen pairs, and sums them by class before counting them in each area: at 1M rows the shares
-- took 160-180 ms joining the pairs to every area's cells; BENCHMARKS.md, issue 21); a crime type counts toward every
-- id the crosswalk gives it.
INSERT INTO monthly_shares
SELECT 'policeuk', area_code, category_id, measure, month, k, n FROM (
  SELECT c.area_code, coalesce(m.category_id, 'unmapped') AS category_id, c.month, sum(c.crimes) AS n,
         sum(c.with_outcome) AS with_outcome, sum(c.positive_outcome) AS positive_outcome,
         sum(c.sanction_detection) AS sanction_detection, sum(c.charged) AS charged
  FROM policeuk_cells c
  LEFT JOIN category_map m USING (label_key)
  -- cells with a crime: those with none (no Crime ID: ASB) have no share
  WHERE c.crimes IS NOT NULL
  GROUP BY ALL
) UNPIVOT (k FOR measure IN (with_outcome, positive_outcome, sanction_detection, charged));
