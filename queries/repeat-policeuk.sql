-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- Repeat locations in data.police.uk street-level data: a HOTSPOT PROXY, not victims. A location is a place of
-- incident_places and a repeat location one of repeat_places (queries/macros.sql): the (LSOA code, Location) pair,
-- the definition GET /api/hotspots also reads. police.uk snaps every crime to an anonymised point ("On or near ..."),
-- so one "location" may be many addresses. Rows without an LSOA or location are incidents but not locations.
-- police.uk gives months, not dates: an incident's date is the first of its month, so the year before a month is
-- the 12 months before it, and incidents at one place in the same month are not repeats of each other.
-- incident_places is read once (the window and the year before it) and every figure comes from those rows: the places
-- and repeat places by place_tally, the same rule place_counts and repeat_places apply (BENCHMARKS.md, issue 21).
WITH inc AS MATERIALIZED (
  -- the window and the 12 months before it, where a repeat incident's earlier incident may lie
  SELECT date, lsoa_code, place FROM incident_places('policeuk', CAST($area AS VARCHAR), CAST($category AS VARCHAR),
    CAST(ym(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AS DATE), ym(CAST($to AS VARCHAR)),
    forces_from := CAST($forces_from AS VARCHAR), forces_to := CAST($forces_to AS VARCHAR),
    other := CAST($other AS BOOLEAN), within := CAST($within AS BOOLEAN), force_area := CAST($force_area AS BOOLEAN))
),
win AS (SELECT * FROM inc WHERE date >= ym(CAST($from AS VARCHAR))),
repeats AS (
  SELECT count(*) AS n FROM win w
  WHERE w.place IS NOT NULL AND EXISTS (
    SELECT 1 FROM inc p WHERE p.place = w.place AND p.date >= w.date - INTERVAL 1 YEAR AND p.date < w.date)
)
SELECT v.victims::INTEGER AS victims, v.repeat_victims::INTEGER AS repeat_victims,
       (SELECT count(*) FROM win)::INTEGER AS incidents,
       (SELECT n FROM repeats)::INTEGER AS repeat_incidents
FROM (SELECT count(*) AS victims, count(*) FILTER (WHERE is_repeat) AS repeat_victims
      FROM place_tally('win', min_incidents := CAST($min_incidents AS INTEGER))) v;
