-- Hotspots: one area's police.uk incidents of one category per LSOA, for the window $from..$to (first days of
-- months) and the same months a year earlier, with repeat locations in the window. police.uk locations are
-- anonymised snap points, so a repeat location (the same LSOA and "On or near ..." at least twice) is a hotspot
-- proxy, not a repeat victim.
WITH inc AS (
  SELECT p.lsoa_code, p.lsoa_name, p.location, p.longitude, p.latitude, p.month
  FROM policeuk_incidents p
  WHERE p.area_code = $area
    -- a label counts toward every canonical id the crosswalk gives it (e.g. burglary-residential and burglary)
    AND p.label_key IN (SELECT label_key FROM category_map WHERE category_id = $category)
    AND p.month BETWEEN CAST($from AS DATE) - INTERVAL 12 MONTH AND CAST($to AS DATE)
),
cur AS (SELECT * FROM inc WHERE month >= CAST($from AS DATE)),
prev AS (
  SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n
  FROM inc WHERE month <= CAST($to AS DATE) - INTERVAL 12 MONTH GROUP BY lsoa_code
),
places AS (SELECT lsoa_code, location, count(*) AS n FROM cur WHERE location IS NOT NULL GROUP BY ALL),
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
  -- 2011 LSOA codes that changed in 2021 are not in the boundary file: the map draws them by their coordinates
  coalesce(coalesce(per.lsoa_code, prev.lsoa_code) IN (SELECT lsoa_code FROM lsoas), false) AS in_boundaries,
  round(per.longitude, 5)::DOUBLE AS longitude,
  round(per.latitude, 5)::DOUBLE AS latitude
FROM per FULL OUTER JOIN prev ON per.lsoa_code IS NOT DISTINCT FROM prev.lsoa_code
ORDER BY count DESC, previous_count DESC, lsoa_code
