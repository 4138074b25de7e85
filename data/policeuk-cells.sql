-- police.uk street rows in scope (the temp view policeuk_scope: every row for the full rebuild, data/monthly-counts.sql;
-- the rows of the months it rebuilds for the incremental one, data/incremental.sql), grouped into policeuk_cells:
-- one row per (area it counts toward, crime type label, month) with its rows (n), its crimes (rows with a Crime ID)
-- and how many of those have each outcome flag (the shares' k). Both scripts include this file (data/derived-key.ts),
-- so the two rebuilds place rows by one rule.
-- Every area each row counts toward (data/schema.sql, policeuk_counted), grouped in one pass by what the counts and
-- the shares of the including script read (the raw outcomes, not current_outcome() of every row: at 10M rows a
-- pass each with the outcome worked out per row took 9.6 CPU s against 5.3 for this; BENCHMARKS.md, issue 21).
-- (Rows grouped by LSOA before placing them were nearly as many as the rows: at 10M rows that took 8.7 s.)
-- The areas a row counts toward depend only on its (area_code, lsoa_code, reported_by): the placement rule itself
-- (policeuk_placed) places each distinct such key once (a few thousand), keys with the same areas share a class (a
-- few dozen), and the rows are read once, grouped by class, then each class's cells counted in each of its areas
-- (exactly the rows of policeuk_counted, as often: an area a key gets twice counts twice). Five passes over the rows
-- (one per branch of the rule) took 4.2 s of the 10M-row load; BENCHMARKS.md, issue 21 (branch load10).
CREATE OR REPLACE TEMP TABLE policeuk_keys AS
SELECT DISTINCT area_code, lsoa_code, reported_by, area_code AS own_area FROM policeuk_scope;
CREATE OR REPLACE TEMP TABLE policeuk_key_areas AS
SELECT own_area, lsoa_code, reported_by, list(area_code ORDER BY area_code) AS areas
FROM policeuk_placed('policeuk_keys') GROUP BY ALL;
-- every (area, force) pair of the scope's rows, added to policeuk_area_forces (data/schema.sql)
INSERT INTO policeuk_area_forces
SELECT DISTINCT unnest(areas) AS area_code, reported_by FROM policeuk_key_areas
EXCEPT SELECT area_code, reported_by FROM policeuk_area_forces;
CREATE OR REPLACE TEMP TABLE policeuk_classes AS
SELECT areas, row_number() OVER ()::INTEGER AS cls FROM (SELECT DISTINCT areas FROM policeuk_key_areas);
-- Inside a load DuckDB built the join's hash table on the rows just inserted (not yet committed) rather than on the
-- keys (EXPLAIN ANALYZE, 1M rows: 1.3 s against 0.4): the sides are kept as written for this one statement (a plan
-- choice only; the rows are the same).
SET disabled_optimizers = 'build_side_probe_side';
CREATE OR REPLACE TEMP TABLE policeuk_cells AS
WITH g AS (
  SELECT k.cls, p.label_key, p.month, p.crime_id IS NOT NULL AS crime, o.outcome AS recorded, p.outcome AS street,
         count(*) AS n
  FROM policeuk_scope p
  JOIN (SELECT k.own_area, k.lsoa_code, k.reported_by, c.cls FROM policeuk_key_areas k JOIN policeuk_classes c USING (areas)) k
    ON k.own_area = p.area_code AND k.lsoa_code IS NOT DISTINCT FROM p.lsoa_code AND k.reported_by = p.reported_by
  LEFT JOIN policeuk_current_outcomes o USING (crime_id)
  GROUP BY ALL
),
-- each (recorded, street) outcome pair's flags, worked out once (a few dozen pairs): current_outcome (the outcomes
-- files', else the street file's) is an outcome (not pending), a positive outcome, a sanction detection or a charge
-- (outcome_types; an unknown label is none)
f AS (
  SELECT o.recorded, o.street,
         (o.current_outcome IS NOT NULL AND NOT coalesce(t.pending, false))::INTEGER AS with_outcome,
         coalesce(t.positive_outcome, false)::INTEGER AS positive_outcome,
         coalesce(t.sanction_detection, false)::INTEGER AS sanction_detection,
         coalesce(t.charged, false)::INTEGER AS charged
  FROM (SELECT recorded, street, current_outcome(recorded, street) AS current_outcome
        FROM (SELECT DISTINCT recorded, street FROM g WHERE crime)) o
  LEFT JOIN outcome_types t ON t.label_key = lower(o.current_outcome)
),
-- per class, crime type and month: every row (n), the rows with a Crime ID (crimes: NULL when none) and, of those,
-- how many have each flag (summed before the rows are counted in each area of the class: fewer rows to join)
c AS (
  SELECT g.cls, g.label_key, g.month, sum(g.n) AS n, sum(g.n) FILTER (WHERE g.crime) AS crimes,
         sum(g.n * f.with_outcome) AS with_outcome, sum(g.n * f.positive_outcome) AS positive_outcome,
         sum(g.n * f.sanction_detection) AS sanction_detection, sum(g.n * f.charged) AS charged
  FROM g LEFT JOIN f ON g.crime AND f.recorded IS NOT DISTINCT FROM g.recorded AND f.street IS NOT DISTINCT FROM g.street
  GROUP BY ALL
)
SELECT a.area_code, c.label_key, c.month, sum(c.n)::BIGINT AS n, sum(c.crimes)::BIGINT AS crimes,
       sum(c.with_outcome)::BIGINT AS with_outcome, sum(c.positive_outcome)::BIGINT AS positive_outcome,
       sum(c.sanction_detection)::BIGINT AS sanction_detection, sum(c.charged)::BIGINT AS charged
FROM c
JOIN (SELECT cls, unnest(areas) AS area_code FROM policeuk_classes) a USING (cls)
GROUP BY ALL;
RESET disabled_optimizers;
DROP TABLE policeuk_keys;
DROP TABLE policeuk_key_areas;
DROP TABLE policeuk_classes;
DROP VIEW policeuk_scope;
