-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- Hotspots: one area's incidents of one category per LSOA, from $source ('policeuk' or 'local'), for the window
-- $from..$to (first days of months) and the same months a year earlier, with repeat locations in the window.
-- Incidents, their LSOA and their place come from incident_places and the repeat locations from place_tally (the
-- rule repeat_places applies, queries/macros.sql) of the window's rows read once: the one definition GET /api/repeat
-- also reads (queries/repeat-policeuk.sql; for local extracts the same local_indicator_members rows and location_key
-- as the engine, queries/engine-repeats.sql).
-- police.uk: a place is the (LSOA code, Location) pair, an anonymised snap point: a repeat location is a hotspot
-- proxy, not a repeat victim. local: a place is the extract's pseudonymised location id, and the LSOA is the
-- extract's `lsoa` (an LSOA code or name; a value the boundary file does not know is kept as written and counted as
-- not drawn; incidents with no LSOA are one row with a NULL code; no coordinates). A local place written with
-- several LSOAs counts once, under one of them (place_counts), so the rows' repeat_locations add up to the area's.
-- Only months the source covers for this category count (queries/hotspots-coverage.sql): a file that does not hold
-- the category adds nothing, and the route reports those months as missing.
WITH covered AS (
  SELECT list(month) AS months
  FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
    CAST(ymd(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AS DATE), ymd(CAST($to AS VARCHAR)))
  WHERE area_code = CAST($area AS VARCHAR)
),
inc AS (
  SELECT * FROM incident_places(CAST($source AS VARCHAR), CAST($area AS VARCHAR), CAST($category AS VARCHAR),
    CAST(ymd(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AS DATE), ymd(CAST($to AS VARCHAR)),
    forces_from := CAST($forces_from AS VARCHAR), forces_to := CAST($forces_to AS VARCHAR),
    other := CAST($other AS BOOLEAN), within := CAST($within AS BOOLEAN), force_area := CAST($force_area AS BOOLEAN),
    labels := from_json(CAST($labels AS VARCHAR), '["VARCHAR"]'))
  WHERE list_contains((SELECT months FROM covered), month)
),
cur AS (SELECT * FROM inc WHERE month >= ymd(CAST($from AS VARCHAR))),
prev AS (
  SELECT lsoa_code, any_value(lsoa_name) AS lsoa_name, count(*) AS n
  FROM inc WHERE month <= ymd(CAST($to AS VARCHAR)) - INTERVAL 12 MONTH GROUP BY lsoa_code
),
-- the repeat locations: repeat_places($from, $to, the covered months), as place_tally of the window's rows already read
-- (incident_places is read once: reading it again for repeat_places took a second scan of the window's incidents)
repeats AS (
  SELECT lsoa_code, count(*) AS n
  FROM place_tally('cur')
  WHERE is_repeat
  GROUP BY lsoa_code
),
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
  CASE WHEN per.n IS NULL THEN 0 ELSE coalesce(r.n, 0) END::INTEGER AS repeat_locations,
  -- codes not in the 2021 boundary file (2011 codes that changed in 2021): the map draws them by their coordinates
  -- (the shipped LSOA boundaries are London's: lsoas holds every LSOA of England and Wales)
  coalesce(coalesce(per.lsoa_code, prev.lsoa_code) IN (SELECT l.lsoa_code FROM lsoas l JOIN areas a ON a.code = l.area_code
                                                        WHERE a.region = 'London'), false) AS in_boundaries,
  round(per.longitude, 5)::DOUBLE AS longitude,
  round(per.latitude, 5)::DOUBLE AS latitude
FROM per FULL OUTER JOIN prev ON per.lsoa_code IS NOT DISTINCT FROM prev.lsoa_code
LEFT JOIN repeats r ON r.lsoa_code IS NOT DISTINCT FROM per.lsoa_code
ORDER BY count DESC, previous_count DESC, lsoa_code
