-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- Hotspots: one area's incidents of one category per LSOA, from $source ('policeuk' or 'local'), for the window
-- $from..$to (first days of months) and the same months a year earlier, with repeat locations in the window.
-- police.uk: a place is the (LSOA, "On or near ...") pair; locations are anonymised snap points, so a repeat
-- location is a hotspot proxy, not a repeat victim. local: a place is the extract's pseudonymised location_id, and
-- the LSOA is the extract's `lsoa` (an LSOA code or name; a value the boundary file does not know is kept as
-- written and counted as not drawn; incidents with no LSOA are one row with a NULL code; no coordinates).
-- Only months the source covers for this category count (queries/hotspots-coverage.sql): a file that does not hold
-- the category adds nothing, and the route reports those months as missing.
WITH covered AS (
  SELECT month FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
    CAST(ymd(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AS DATE), ymd(CAST($to AS VARCHAR)))
  WHERE area_code = CAST($area AS VARCHAR)
),
inc_all AS (
  SELECT p.lsoa_code, p.lsoa_name, p.location AS place, p.longitude, p.latitude, p.month
  FROM policeuk_incidents p
  WHERE CAST($source AS VARCHAR) = 'policeuk' AND p.area_code = $area
    -- a label counts toward every canonical id the crosswalk gives it (e.g. burglary-residential and burglary)
    AND p.label_key IN (SELECT label_key FROM category_map WHERE category_id = $category)
    AND p.month BETWEEN ymd(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AND ymd(CAST($to AS VARCHAR))
  UNION ALL
  SELECT coalesce(c.lsoa_code, n.lsoa_code, nullif(trim(i.lsoa), '')), coalesce(c.lsoa_name, n.lsoa_name),
         i.location_key, NULL::DOUBLE, NULL::DOUBLE, i.month
  FROM local_incidents i
  LEFT JOIN lsoas c ON c.lsoa_code = upper(trim(i.lsoa))
  LEFT JOIN lsoas n ON c.lsoa_code IS NULL AND lower(n.lsoa_name) = lower(trim(i.lsoa))
  WHERE CAST($source AS VARCHAR) = 'local' AND i.area_code = $area
    AND list_contains(i.category_ids, CAST($category AS VARCHAR))
    AND i.month BETWEEN ymd(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AND ymd(CAST($to AS VARCHAR))
),
inc AS (SELECT * FROM inc_all WHERE month IN (SELECT month FROM covered)),
cur AS (SELECT * FROM inc WHERE month >= ymd(CAST($from AS VARCHAR))),
prev AS (
  SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n
  FROM inc WHERE month <= ymd(CAST($to AS VARCHAR)) - INTERVAL 12 MONTH GROUP BY lsoa_code
),
places AS (SELECT lsoa_code, place, count(*) AS n FROM cur WHERE place IS NOT NULL GROUP BY ALL),
per AS (
  SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n,
    avg(longitude) AS longitude, avg(latitude) AS latitude
  FROM cur GROUP BY lsoa_code
)
SELECT
  coalesce(per.lsoa_code, prev.lsoa_code) AS lsoa_code,
  coalesce(per.lsoa_name, prev.lsoa_name) AS lsoa_name,
  coalesce(per.n, 0)::INTEGER AS count,
  coalesce(prev.n, 0)::INTEGER AS previous_count,
  -- an LSOA with incidents only a year before has no repeat locations in the period
  CASE WHEN per.n IS NULL THEN 0
       ELSE (SELECT count(*) FROM places l WHERE l.lsoa_code IS NOT DISTINCT FROM per.lsoa_code AND l.n >= 2)
  END::INTEGER AS repeat_locations,
  -- codes not in the 2021 boundary file (2011 codes that changed in 2021): the map draws them by their coordinates
  coalesce(coalesce(per.lsoa_code, prev.lsoa_code) IN (SELECT lsoa_code FROM lsoas), false) AS in_boundaries,
  round(per.longitude, 5)::DOUBLE AS longitude,
  round(per.latitude, 5)::DOUBLE AS latitude
FROM per FULL OUTER JOIN prev ON per.lsoa_code IS NOT DISTINCT FROM prev.lsoa_code
ORDER BY count DESC, previous_count DESC, lsoa_code
