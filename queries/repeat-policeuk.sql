-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- Repeat locations in data.police.uk street-level data: a HOTSPOT PROXY, not victims. A location is a place of
-- incident_places and a repeat location one of repeat_places (queries/macros.sql): the (LSOA code, Location) pair,
-- the definition GET /api/hotspots also reads. police.uk snaps every crime to an anonymised point ("On or near ..."),
-- so one "location" may be many addresses. Rows without an LSOA or location are incidents but not locations.
-- police.uk gives months, not dates: an incident's date is the first of its month, so the year before a month is
-- the 12 months before it, and incidents at one place in the same month are not repeats of each other.
-- incident_places is read once (the window and the year before it) and every figure comes from those rows: the places
-- and repeat places by place_tally's rule, the one place_counts and repeat_places apply (BENCHMARKS.md, issue 21).
WITH inc AS MATERIALIZED (
  -- the window and the 12 months before it, where a repeat incident's earlier incident may lie
  SELECT date, place FROM incident_places('policeuk', CAST($area AS VARCHAR), CAST($category AS VARCHAR),
    CAST(ym(CAST($from AS VARCHAR)) - INTERVAL 12 MONTH AS DATE), ym(CAST($to AS VARCHAR)),
    forces_from := CAST($forces_from AS VARCHAR), forces_to := CAST($forces_to AS VARCHAR),
    other := CAST($other AS BOOLEAN), within := CAST($within AS BOOLEAN), force_area := CAST($force_area AS BOOLEAN),
    labels := from_json(CAST($labels AS VARCHAR), '["VARCHAR"]'))
),
win AS (SELECT * FROM inc WHERE date >= ym(CAST($from AS VARCHAR))),
-- a repeat incident: one at a place with another incident there in the year before its month (a semi-join: the
-- EXISTS it replaced was planned with a grouped step that stalled some runs ~5 ms; the same rows)
repeats AS (
  SELECT count(*) AS n FROM win w
  SEMI JOIN inc p ON p.place = w.place AND p.date >= w.date - INTERVAL 1 YEAR AND p.date < w.date
)
-- places and repeat places by place_tally's rule (queries/macros.sql: a row without a place is no place's; a place with at
-- least min_incidents of the window's rows is a repeat place), counted from one histogram of the window's places: an
-- ungrouped aggregate, where place_tally's GROUP BY stalled a third of the runs ~5 ms growing its hash table (10M rows;
-- BENCHMARKS.md, issue 21). Only the counts are read here, not each place's LSOA.
SELECT coalesce(cardinality(v.h), 0)::INTEGER AS victims,
       coalesce(len(list_filter(map_values(v.h), lambda n: n >= CAST($min_incidents AS INTEGER))), 0)::INTEGER AS repeat_victims,
       (SELECT count(*) FROM win)::INTEGER AS incidents,
       (SELECT n FROM repeats)::INTEGER AS repeat_incidents
FROM (SELECT histogram(place) FILTER (WHERE place IS NOT NULL) AS h FROM win) v;
