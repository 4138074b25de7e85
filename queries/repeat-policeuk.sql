-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- Repeat locations in data.police.uk street-level data: a HOTSPOT PROXY, not victims. A location is the pair
-- (LSOA code, Location): police.uk snaps every crime to an anonymised point ("On or near ..."), so one "location"
-- may be many addresses. Rows without an LSOA or location are incidents but not locations.
-- police.uk gives months, not dates: an incident's date is the first of its month, so the year before a month is
-- the 12 months before it, and incidents at one place in the same month are not repeats of each other.
-- $min_incidents read once here: inline in the last SELECT, DuckDB leaves its type unresolved when preparing, and
-- re-plans the prepared statement at every run (test/prepared.test.ts)
WITH prm AS (SELECT CAST($min_incidents AS INTEGER) AS min_incidents),
inc AS (
  SELECT row_number() OVER () AS rid, month AS date,
         CASE WHEN lsoa_code IS NOT NULL AND nullif(trim(location), '') IS NOT NULL THEN lsoa_code || '|' || location END AS who
  FROM policeuk_incidents p
  WHERE area_code = CAST($area AS VARCHAR)
    AND label_key IN (SELECT label_key FROM category_map WHERE category_id = CAST($category AS VARCHAR))
),
win AS (
  SELECT * FROM inc WHERE date BETWEEN ym(CAST($from AS VARCHAR)) AND ym(CAST($to AS VARCHAR))
),
places AS (SELECT who, count(*) AS n FROM win WHERE who IS NOT NULL GROUP BY who),
repeats AS (
  SELECT count(*) AS n FROM win w
  WHERE w.who IS NOT NULL AND EXISTS (
    SELECT 1 FROM inc p WHERE p.who = w.who AND p.rid <> w.rid AND p.date >= w.date - INTERVAL 1 YEAR AND p.date < w.date)
)
SELECT (SELECT count(*) FROM places)::INTEGER AS victims,
       (SELECT count(*) FROM places WHERE n >= (SELECT min_incidents FROM prm))::INTEGER AS repeat_victims,
       (SELECT count(*) FROM win)::INTEGER AS incidents,
       (SELECT n FROM repeats)::INTEGER AS repeat_incidents;
