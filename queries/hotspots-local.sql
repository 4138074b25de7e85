-- Hotspots from a local extract: one area's incidents of one category per LSOA, for the window $from..$to (first
-- days of months) and the same months a year earlier, with repeat locations (a pseudonymised location_id with at
-- least two of the window's incidents in that LSOA). The extract's `lsoa` may hold an LSOA code or an LSOA name;
-- a value the boundary file does not know is kept as written and counted as not drawn. Incidents with no LSOA are
-- one row with a NULL code. Local extracts carry no coordinates.
WITH inc AS (
  SELECT coalesce(c.lsoa_code, n.lsoa_code, nullif(trim(i.lsoa), '')) AS lsoa_code,
         coalesce(c.lsoa_name, n.lsoa_name) AS lsoa_name,
         i.location_key, i.month
  FROM local_incidents i
  LEFT JOIN lsoas c ON c.lsoa_code = upper(trim(i.lsoa))
  LEFT JOIN lsoas n ON c.lsoa_code IS NULL AND lower(n.lsoa_name) = lower(trim(i.lsoa))
  WHERE i.area_code = $area
    AND list_contains(i.category_ids, CAST($category AS VARCHAR))
    AND i.month BETWEEN CAST($from AS DATE) - INTERVAL 12 MONTH AND CAST($to AS DATE)
),
cur AS (SELECT * FROM inc WHERE month >= CAST($from AS DATE)),
prev AS (
  SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n
  FROM inc WHERE month <= CAST($to AS DATE) - INTERVAL 12 MONTH GROUP BY lsoa_code
),
places AS (SELECT lsoa_code, location_key, count(*) AS n FROM cur WHERE location_key IS NOT NULL GROUP BY ALL),
per AS (SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n FROM cur GROUP BY lsoa_code)
SELECT
  coalesce(per.lsoa_code, prev.lsoa_code) AS lsoa_code,
  coalesce(per.lsoa_name, prev.lsoa_name) AS lsoa_name,
  coalesce(per.n, 0)::INTEGER AS count,
  coalesce(prev.n, 0)::INTEGER AS previous_count,
  -- an LSOA with incidents only a year before has no repeat locations in the period
  CASE WHEN per.n IS NULL THEN 0
       ELSE (SELECT count(*) FROM places l WHERE l.lsoa_code IS NOT DISTINCT FROM per.lsoa_code AND l.n >= 2)
  END::INTEGER AS repeat_locations,
  coalesce(coalesce(per.lsoa_code, prev.lsoa_code) IN (SELECT lsoa_code FROM lsoas), false) AS in_boundaries,
  NULL::DOUBLE AS longitude,
  NULL::DOUBLE AS latitude
FROM per FULL OUTER JOIN prev ON per.lsoa_code IS NOT DISTINCT FROM prev.lsoa_code
ORDER BY count DESC, previous_count DESC, lsoa_code
