-- Rebuilds the derived tables of data/monthly-counts.sql, data/coverage.sql and data/classifications.sql only where a
-- load changed the rows they are made of, leaving them exactly as a full rebuild would (test/incremental-derived.test.ts).
-- The load writes what it touched (data/load.ts), from the slices it replaced or added:
--   touched_cells (source, area_code, month): MPS borough months and local (area, month)s, including the cells of
--     earlier rows a local file's incident_ids replaced;
--   touched_months (source, month): police.uk street months, stop and search months (of the rows replaced and added)
--     and police.uk outcomes months: their slices are a force's, whose rows fall in every area.
-- Derived rows keep their meaning: each statement deletes the rows of its touched keys and re-inserts them as the
-- full rebuild's statement does, restricted to those keys.

-- police.uk current outcomes: the crimes with an outcome row in a touched outcomes month, or whose current outcome was
-- one (a replaced row may have been it)
CREATE OR REPLACE TEMP TABLE touched_crimes AS
  SELECT crime_id FROM policeuk_current_outcomes WHERE month IN (SELECT month FROM touched_months WHERE source = 'outcomes')
  UNION SELECT crime_id FROM policeuk_outcomes WHERE month IN (SELECT month FROM touched_months WHERE source = 'outcomes');
DELETE FROM policeuk_current_outcomes WHERE crime_id IN (SELECT crime_id FROM touched_crimes);
INSERT INTO policeuk_current_outcomes
SELECT DISTINCT ON (crime_id) crime_id, month, outcome FROM policeuk_outcomes
WHERE crime_id IN (SELECT crime_id FROM touched_crimes)
ORDER BY crime_id, month DESC, file DESC, line DESC;
-- police.uk shares are by the crime's month: the touched street months and the months of crimes whose outcome changed
INSERT INTO touched_months
SELECT 'policeuk-shares', month FROM touched_months WHERE source = 'policeuk'
UNION SELECT 'policeuk-shares', month FROM policeuk_incidents WHERE crime_id IN (SELECT crime_id FROM touched_crimes);

-- local: the touched (area, month)s and their incidents, once: the statements below read them, not every incident
CREATE OR REPLACE TEMP TABLE touched_local AS SELECT DISTINCT area_code, month FROM touched_cells WHERE source = 'local';
CREATE OR REPLACE TEMP TABLE touched_incidents AS
  SELECT i.* FROM local_incidents i SEMI JOIN touched_local t ON t.area_code = i.area_code AND t.month = i.month;

-- monthly_counts
DELETE FROM monthly_counts c WHERE
  (c.source IN ('mps', 'local') AND EXISTS (
    SELECT 1 FROM touched_cells t WHERE t.source = c.source AND t.area_code = c.area_code AND t.month = c.month))
  OR (c.source IN ('policeuk', 'stopsearch', 'mpsdash') AND EXISTS (
    SELECT 1 FROM touched_months t WHERE t.source = c.source AND t.month = c.month));
INSERT INTO monthly_counts
SELECT 'mps', m.area_code, coalesce(c.category_id, 'unmapped'), m.month, sum(m.count)
FROM mps_counts m LEFT JOIN category_map c USING (label_key)
WHERE EXISTS (SELECT 1 FROM touched_cells t WHERE t.source = 'mps' AND t.area_code = m.area_code AND t.month = m.month)
GROUP BY ALL;
-- police.uk street rows of the months the shares rebuild (the counts' months and more), grouped once as in the full
-- rebuild (data/policeuk-cells.sql, the same statements over these months' rows)
CREATE OR REPLACE TEMP VIEW policeuk_scope AS
  SELECT * FROM policeuk_incidents WHERE month IN (SELECT month FROM touched_months WHERE source = 'policeuk-shares');
-- include: data/policeuk-cells.sql
INSERT INTO monthly_counts
SELECT 'policeuk', p.area_code, coalesce(c.category_id, 'unmapped'), p.month, sum(p.n)
FROM (SELECT area_code, label_key, month, sum(n) AS n FROM policeuk_cells
      WHERE month IN (SELECT month FROM touched_months WHERE source = 'policeuk') GROUP BY ALL) p
LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
INSERT INTO monthly_counts
SELECT 'stopsearch', area_code, category_id, month, count(*) FROM stopsearch_categories
WHERE month IN (SELECT month FROM touched_months WHERE source = 'stopsearch')
GROUP BY ALL;
-- MPS dashboard: the months of the (family, month) slices the load replaced or added, every family's
INSERT INTO monthly_counts
SELECT 'mpsdash', area_code, category_id, month, sum(count) FROM mpsdash_counts
WHERE area_type = 'borough' AND measure IN ('offences', 'victims')
  AND month IN (SELECT month FROM touched_months WHERE source = 'mpsdash')
GROUP BY ALL;
INSERT INTO monthly_counts
SELECT 'local', area_code, category_id, month, count(*)
FROM (SELECT area_code, month, unnest(category_ids) AS category_id FROM touched_incidents)
GROUP BY ALL;

-- local indicator members of the touched cells. victim_before / location_before look back without limit along a
-- (indicator, area, victim) partition, so they are recomputed for every member of a partition a changed member is in
-- (the members removed and the members added), wherever in time it lies.
CREATE OR REPLACE TEMP TABLE touched_members AS
  SELECT m.indicator_id, m.kind, m.area_code, m.victim_key, m.location_key FROM local_indicator_members m
  SEMI JOIN touched_local t ON t.area_code = m.area_code AND t.month = date_trunc('month', m.date)::DATE;
DELETE FROM local_indicator_members m USING touched_local t
WHERE t.area_code = m.area_code AND t.month = date_trunc('month', m.date)::DATE;
INSERT INTO local_indicator_members (indicator_id, kind, incident_id, area_code, date, victim_key, location_key)
SELECT id, kind, incident_id, area_code, date, victim_key, location_key FROM (
  SELECT DISTINCT c.id, c.kind, i.incident_id, i.area_code, i.date, i.victim_key, i.location_key
  FROM touched_incidents i
  JOIN indicator_filters c
    ON (c.categories IS NULL OR list_has_any(i.category_ids, c.categories))
    AND (c.type IS NULL OR i.type = c.type)
    AND (c.domestic_abuse IS NULL OR i.domestic_abuse = c.domestic_abuse)
    AND (c.knife IS NULL OR i.knife = c.knife)
    AND (c.injury IS NULL OR i.injury = c.injury)
    AND (c.hate_strand IS NULL OR (c.hate_strand = 'any' AND len(i.hate_strands) > 0)
         OR list_contains(i.hate_strands, c.hate_strand))
    AND (c.age_min IS NULL OR i.victim_age >= c.age_min)
    AND (c.age_max IS NULL OR i.victim_age <= c.age_max)
)
ORDER BY area_code, id, date;
INSERT INTO touched_members
  SELECT m.indicator_id, m.kind, m.area_code, m.victim_key, m.location_key FROM local_indicator_members m
  SEMI JOIN touched_local t ON t.area_code = m.area_code AND t.month = date_trunc('month', m.date)::DATE;
CREATE OR REPLACE TEMP TABLE touched_victims AS
  SELECT DISTINCT indicator_id, area_code, victim_key FROM touched_members WHERE kind = 'count' AND victim_key IS NOT NULL;
CREATE OR REPLACE TEMP TABLE touched_locations AS
  SELECT DISTINCT indicator_id, area_code, location_key FROM touched_members WHERE kind = 'count' AND location_key IS NOT NULL;
UPDATE local_indicator_members m SET victim_before = b.victim_before
FROM (
  SELECT indicator_id, incident_id,
    max(date) OVER (PARTITION BY indicator_id, area_code, victim_key ORDER BY date
      RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS victim_before
  FROM local_indicator_members x SEMI JOIN touched_victims v USING (indicator_id, area_code, victim_key)
  WHERE kind = 'count'
) b
WHERE m.indicator_id = b.indicator_id AND m.incident_id = b.incident_id AND m.kind = 'count';
UPDATE local_indicator_members m SET location_before = b.location_before
FROM (
  SELECT indicator_id, incident_id,
    max(date) OVER (PARTITION BY indicator_id, area_code, location_key ORDER BY date
      RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS location_before
  FROM local_indicator_members x SEMI JOIN touched_locations v USING (indicator_id, area_code, location_key)
  WHERE kind = 'count'
) b
WHERE m.indicator_id = b.indicator_id AND m.incident_id = b.incident_id AND m.kind = 'count';
INSERT INTO monthly_counts
SELECT 'local', i.area_code, m.indicator_id, i.month, count(*)
FROM local_indicator_members m JOIN touched_incidents i USING (incident_id)
WHERE m.kind = 'count' AND m.indicator_id NOT IN (SELECT category_id FROM category_map)
GROUP BY ALL;

-- monthly_shares
DELETE FROM monthly_shares s WHERE
  (s.source = 'local' AND EXISTS (
    SELECT 1 FROM touched_cells t WHERE t.source = 'local' AND t.area_code = s.area_code AND t.month = s.month))
  OR (s.source = 'policeuk' AND s.month IN (SELECT month FROM touched_months WHERE source = 'policeuk-shares'))
  OR (s.source IN ('stopsearch', 'mpsdash') AND s.month IN (SELECT month FROM touched_months WHERE source = s.source));
INSERT INTO monthly_shares
SELECT 'mpsdash', area_code, category_id, 'positive-outcome', month,
       coalesce(sum(count) FILTER (WHERE measure = 'positive-outcomes'), 0), coalesce(sum(count) FILTER (WHERE measure = 'offences'), 0)
FROM mpsdash_counts
WHERE area_type = 'borough' AND measure IN ('offences', 'positive-outcomes')
  AND category_id IN (SELECT category_id FROM mpsdash_map WHERE measure = 'positive-outcomes')
  AND month IN (SELECT month FROM touched_months WHERE source = 'mpsdash')
GROUP BY ALL;
-- include: data/policeuk-shares.sql
DROP TABLE policeuk_cells;
INSERT INTO monthly_shares
SELECT 'stopsearch', area_code, category_id, 'arrest', month,
       count(*) FILTER (WHERE outcome IN ('Arrest', 'Suspect arrested')), count(outcome)
FROM stopsearch_categories WHERE month IN (SELECT month FROM touched_months WHERE source = 'stopsearch') GROUP BY ALL;
INSERT INTO monthly_shares
SELECT 'stopsearch', area_code, category_id, 'find', month,
       count(*) FILTER (WHERE outcome_linked), count(outcome_linked)
FROM stopsearch_categories WHERE month IN (SELECT month FROM touched_months WHERE source = 'stopsearch') GROUP BY ALL;
INSERT INTO monthly_shares
SELECT 'local', area_code, indicator_id, measure, month, k, n FROM (
  SELECT m.area_code, m.indicator_id, i.month, count(*) AS n,
         count(nullif(trim(i.outcome), '')) AS with_outcome,
         count(*) FILTER (WHERE o.sanction_detection) AS sanction_detection,
         count(*) FILTER (WHERE o.positive_outcome) AS positive_outcome,
         count(*) FILTER (WHERE o.charged) AS charged
  FROM local_indicator_members m
  JOIN touched_incidents i USING (incident_id)
  LEFT JOIN outcome_types o ON o.label_key = lower(trim(i.outcome))
  WHERE m.kind = 'share'
  GROUP BY ALL
) UNPIVOT (k FOR measure IN (with_outcome, sanction_detection, positive_outcome, charged));
