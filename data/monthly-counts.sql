-- Rebuilds monthly_counts from the loaded rows: one row per source x area x canonical category x month.
-- A source row counts toward every id the crosswalk gives its label (residential burglary -> burglary-residential,
-- burglary, mopac7); a label the crosswalk does not know counts under 'unmapped'.
DELETE FROM monthly_counts;
INSERT INTO monthly_counts
SELECT 'mps', m.area_code, coalesce(c.category_id, 'unmapped'), m.month, sum(m.count)
FROM mps_counts m LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
-- Each crime's current outcome: the latest outcome recorded for its Crime ID (by month; the later row of a file, then
-- the later file, on a tie). Outcomes for Crime IDs in no loaded street file stay in policeuk_outcomes, unused here.
DELETE FROM policeuk_current_outcomes;
INSERT INTO policeuk_current_outcomes
SELECT DISTINCT ON (crime_id) crime_id, month, outcome FROM policeuk_outcomes
ORDER BY crime_id, month DESC, file DESC, line DESC;
-- police.uk street rows: every area each row counts toward (data/schema.sql, policeuk_counted), grouped in one pass
-- into policeuk_cells by what the counts and the shares below read (data/policeuk-cells.sql, every row)
DELETE FROM policeuk_area_forces;
CREATE OR REPLACE TEMP VIEW policeuk_scope AS SELECT * FROM policeuk_incidents;
-- include: data/policeuk-cells.sql
-- counted by crime type first, then under every id of the crosswalk
INSERT INTO monthly_counts
SELECT 'policeuk', p.area_code, coalesce(c.category_id, 'unmapped'), p.month, sum(p.n)
FROM (SELECT area_code, label_key, month, sum(n) AS n FROM policeuk_cells GROUP BY ALL) p
LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
-- MPS dashboard: its Borough rows (boroughs and pseudo-areas; ward rows are not counted here), offences and victims,
-- each subtype under its own id (data/reference/mpsdash-crosswalk.csv: subtypes are never added together)
INSERT INTO monthly_counts
SELECT 'mpsdash', area_code, category_id, month, sum(count) FROM mpsdash_counts
WHERE area_type = 'borough' AND measure IN ('offences', 'victims')
GROUP BY ALL;
-- stop and search: every search under 'stop-search' and its object's / age's categories, in its London month
INSERT INTO monthly_counts
SELECT 'stopsearch', area_code, category_id, month, count(*) FROM stopsearch_categories GROUP BY ALL;
-- local: every crosswalk id the incident's category gives, plus every count indicator of data/outcomes.json that
-- is not a crosswalk id (domestic-abuse, hate-crime…, knife-crime…): an incident counts once per id.
INSERT INTO monthly_counts
SELECT 'local', area_code, category_id, month, count(*)
FROM (SELECT area_code, month, unnest(category_ids) AS category_id FROM local_incidents)
GROUP BY ALL;
-- An incident matches an indicator when it matches any clause of its filter (data/outcomes.json, written to
-- indicator_filters); a NULL column of a clause does not filter.
DELETE FROM local_indicator_members;
INSERT INTO local_indicator_members (indicator_id, kind, incident_id, area_code, date, victim_key, location_key)
SELECT id, kind, incident_id, area_code, date, victim_key, location_key FROM (
  -- every (incident, clause) pair that matches, once per indicator: a join, not a correlated EXISTS per row
  SELECT DISTINCT c.id, c.kind, i.incident_id, i.area_code, i.date, i.victim_key, i.location_key
  FROM local_incidents i
  JOIN indicator_filters c
    ON (c.categories IS NULL OR list_has_any(i.category_ids, c.categories))
    AND (c.type IS NULL OR i.type = c.type)
    AND (c.domestic_abuse IS NULL OR i.domestic_abuse = c.domestic_abuse)
    AND (c.knife IS NULL OR i.knife = c.knife)
    AND (c.injury IS NULL OR i.injury = c.injury)
    -- 'any' = any hate strand at all
    AND (c.hate_strand IS NULL OR (c.hate_strand = 'any' AND len(i.hate_strands) > 0)
         OR list_contains(i.hate_strands, c.hate_strand))
    -- an unknown victim age never matches an age band
    AND (c.age_min IS NULL OR i.victim_age >= c.age_min)
    AND (c.age_max IS NULL OR i.victim_age <= c.age_max)
)
-- by area, indicator and date, so one area's window reads only its row groups
ORDER BY area_code, id, date;
-- each member's previous incident of the same victim (location), indicator and area on an earlier day (another
-- incident on the same day is not "before" it): read by queries/engine-repeats.sql
UPDATE local_indicator_members m SET victim_before = b.victim_before, location_before = b.location_before
FROM (
  SELECT indicator_id, incident_id,
    CASE WHEN victim_key IS NOT NULL THEN max(date) OVER (PARTITION BY indicator_id, area_code, victim_key ORDER BY date
      RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) END AS victim_before,
    CASE WHEN location_key IS NOT NULL THEN max(date) OVER (PARTITION BY indicator_id, area_code, location_key ORDER BY date
      RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) END AS location_before
  FROM local_indicator_members WHERE kind = 'count'
) b
WHERE m.indicator_id = b.indicator_id AND m.incident_id = b.incident_id AND m.kind = 'count';
INSERT INTO monthly_counts
SELECT 'local', area_code, indicator_id, month, count(*)
FROM local_indicator_incidents
WHERE kind = 'count' AND indicator_id NOT IN (SELECT category_id FROM category_map)
GROUP BY ALL;

-- Shares (k of n) per month: outcome measures of police.uk crimes by the crime's month, arrest and find rates of searches.
DELETE FROM monthly_shares;
-- include: data/policeuk-shares.sql
DROP TABLE policeuk_cells;
INSERT INTO monthly_shares
SELECT 'stopsearch', area_code, category_id, 'arrest', month,
       count(*) FILTER (WHERE outcome IN ('Arrest', 'Suspect arrested')), count(outcome)
FROM stopsearch_categories GROUP BY ALL;
INSERT INTO monthly_shares
SELECT 'stopsearch', area_code, category_id, 'find', month,
       count(*) FILTER (WHERE outcome_linked), count(outcome_linked)
FROM stopsearch_categories GROUP BY ALL;

-- MPS dashboard: measure 'positive-outcome', per borough row area x category x month: k = the MPS's positive outcomes,
-- n = offences of the same category and month (the MPS's measure, not a sanction-detection rate)
INSERT INTO monthly_shares
SELECT 'mpsdash', area_code, category_id, 'positive-outcome', month,
       coalesce(sum(count) FILTER (WHERE measure = 'positive-outcomes'), 0), coalesce(sum(count) FILTER (WHERE measure = 'offences'), 0)
FROM mpsdash_counts
WHERE area_type = 'borough' AND measure IN ('offences', 'positive-outcomes')
  AND category_id IN (SELECT category_id FROM mpsdash_map WHERE measure = 'positive-outcomes')
GROUP BY ALL;

-- local share indicators: per area x indicator x incident month, n = the indicator's incidents and k = those with an
-- outcome recorded, a sanction detection, a positive outcome or a charge (outcome-types.csv; an unknown label is none)
INSERT INTO monthly_shares
SELECT 'local', area_code, indicator_id, measure, month, k, n FROM (
  SELECT m.area_code, m.indicator_id, i.month, count(*) AS n,
         count(nullif(trim(i.outcome), '')) AS with_outcome,
         count(*) FILTER (WHERE o.sanction_detection) AS sanction_detection,
         count(*) FILTER (WHERE o.positive_outcome) AS positive_outcome,
         count(*) FILTER (WHERE o.charged) AS charged
  FROM local_indicator_members m
  JOIN local_incidents i USING (incident_id)
  LEFT JOIN outcome_types o ON o.label_key = lower(trim(i.outcome))
  WHERE m.kind = 'share'
  GROUP BY ALL
) UNPIVOT (k FOR measure IN (with_outcome, sanction_detection, positive_outcome, charged));

-- monthly_counts ordered by month, so a window's queries read only its months' row groups
CREATE OR REPLACE TEMP TABLE monthly_counts_sorted AS SELECT * FROM monthly_counts ORDER BY month, source, category_id, area_code;
DELETE FROM monthly_counts;
INSERT INTO monthly_counts SELECT * FROM monthly_counts_sorted;
DROP TABLE monthly_counts_sorted;
