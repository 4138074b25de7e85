-- plan: per run (the area is a constant when planned, so DuckDB skips the row groups of other areas; data/prepared.ts)
-- The indicator engine's repeat victimisation, from local extracts, for every repeat indicator ($specs: JSON
-- [{key, of, unit, min_incidents}], `of` the count indicator it is of) and every area ($area NULL) or one, over the
-- two windows of a comparison (by incident date; $pf/$pt NULL: the current window only, as GET /api/repeat asks).
-- The one statement that decides who is a repeat victim (or location) in a local extract: the engine's repeat
-- indicators and tiles and GET /api/repeat (api/repeat.ts) all read it.
-- people: distinct victims (unit 'victim') or locations ('location') among the window's incidents (an incident
-- with no id has none); repeat_people: those with at least min_incidents of them; repeat_incidents: window
-- incidents whose victim had another such incident in [date - 1 year, date)
-- (local_indicator_members.victim_before, made at load: looking back before the window wherever the data reaches).
-- Repeats are counted within one indicator, never across them.
-- A location here is local_indicator_members.location_key: the place incident_places (queries/macros.sql) gives a
-- local incident, read from these same rows, so GET /api/hotspots' repeat locations are this statement's repeat
-- locations (unit 'location', min_incidents 2; hotspots count only the months the source covers). This statement
-- does not call the macro: it works over every indicator and area at once, which the macro (one area, one
-- category) would make one scan per indicator.
WITH spec AS (
  SELECT unnest(from_json(CAST($specs AS VARCHAR),
    '[{"key":"VARCHAR","of":"VARCHAR","unit":"VARCHAR","min_incidents":"INTEGER"}]'), recursive := true)
),
wins AS (
  SELECT 'current' AS w, ym(CAST($cf AS VARCHAR)) AS f, ym(CAST($ct AS VARCHAR)) + INTERVAL 1 MONTH AS t
  UNION ALL SELECT 'previous', ym(CAST($pf AS VARCHAR)), ym(CAST($pt AS VARCHAR)) + INTERVAL 1 MONTH
  WHERE CAST($pf AS VARCHAR) IS NOT NULL
),
win AS (
  SELECT wins.w, s.key, s.min_incidents, m.area_code, m.date,
         CASE s.unit WHEN 'location' THEN m.location_key ELSE m.victim_key END AS who,
         CASE s.unit WHEN 'location' THEN m.location_before ELSE m.victim_before END AS before
  FROM spec s
  JOIN local_indicator_members m ON m.indicator_id = s.of AND m.kind = 'count'
  JOIN wins ON m.date >= wins.f AND m.date < wins.t
  WHERE CAST($area AS VARCHAR) IS NULL OR m.area_code = CAST($area AS VARCHAR)
),
people AS (
  SELECT key, area_code, w, count(*) AS people, count(*) FILTER (WHERE n >= min_incidents) AS repeat_people
  FROM (SELECT key, area_code, w, who, count(*) AS n, any_value(min_incidents) AS min_incidents FROM win WHERE who IS NOT NULL GROUP BY ALL)
  GROUP BY ALL
)
SELECT i.key, i.area_code, i.w, i.incidents::INTEGER AS incidents, i.repeat_incidents::INTEGER AS repeat_incidents,
       coalesce(p.people, 0)::INTEGER AS people, coalesce(p.repeat_people, 0)::INTEGER AS repeat_people
FROM (SELECT key, area_code, w, count(*) AS incidents,
             count(*) FILTER (WHERE before >= date - INTERVAL 1 YEAR) AS repeat_incidents
      FROM win GROUP BY ALL) i
LEFT JOIN people p USING (key, area_code, w);
