-- The indicator engine's repeat victimisation, from local extracts, for every repeat indicator ($specs: JSON
-- [{key, of, unit, min_incidents}], `of` the count indicator it is of) and every area ($area NULL) or one, over the
-- two windows of a comparison (by incident date). people: distinct victims (unit 'victim') or locations ('location')
-- among the window's incidents (an incident with no id has none); repeat_people: those with at least min_incidents
-- of them; repeat_incidents: window incidents whose victim had another such incident in [date - 1 year, date), looking
-- back before the window wherever the data reaches. Repeats are counted within one indicator, never across them.
WITH spec AS (
  SELECT unnest(from_json(CAST($specs AS VARCHAR),
    '[{"key":"VARCHAR","of":"VARCHAR","unit":"VARCHAR","min_incidents":"INTEGER"}]'), recursive := true)
),
wins AS (
  SELECT 'current' AS w, ym(CAST($cf AS VARCHAR)) AS f, ym(CAST($ct AS VARCHAR)) + INTERVAL 1 MONTH AS t
  UNION ALL SELECT 'previous', ym(CAST($pf AS VARCHAR)), ym(CAST($pt AS VARCHAR)) + INTERVAL 1 MONTH
),
inc AS (
  SELECT s.key, s.min_incidents, i.area_code, i.date,
         CASE s.unit WHEN 'location' THEN i.location_key ELSE i.victim_key END AS who
  FROM spec s
  JOIN local_indicator_members i ON i.indicator_id = s.of AND i.kind = 'count'
  WHERE (CAST($area AS VARCHAR) IS NULL OR i.area_code = CAST($area AS VARCHAR))
    AND i.date >= (SELECT min(f) FROM wins) - INTERVAL 1 YEAR AND i.date < (SELECT max(t) FROM wins)
),
-- one row per victim and day; the victim's previous day with an incident (another incident the same day is not
-- "before" it)
days AS (
  SELECT key, area_code, who, date, count(*) AS n, any_value(min_incidents) AS min_incidents,
         lag(date) OVER (PARTITION BY key, area_code, who ORDER BY date) AS before
  FROM inc WHERE who IS NOT NULL GROUP BY key, area_code, who, date
),
named AS (
  SELECT wins.w, d.key, d.area_code, d.who, sum(d.n) AS n,
         sum(d.n) FILTER (WHERE d.before >= d.date - INTERVAL 1 YEAR) AS repeats, any_value(d.min_incidents) AS min_incidents
  FROM days d JOIN wins ON d.date >= wins.f AND d.date < wins.t GROUP BY ALL
),
anonymous AS (
  SELECT wins.w, i.key, i.area_code, count(*) AS n FROM inc i JOIN wins ON i.date >= wins.f AND i.date < wins.t
  WHERE i.who IS NULL GROUP BY ALL
),
totals AS (
  SELECT key, area_code, w, count(*) AS people, count(*) FILTER (WHERE n >= min_incidents) AS repeat_people,
         sum(n) AS incidents, coalesce(sum(repeats), 0) AS repeat_incidents
  FROM named GROUP BY ALL
)
SELECT key, area_code, w,
       (coalesce(t.incidents, 0) + coalesce(a.n, 0))::INTEGER AS incidents,
       coalesce(t.repeat_incidents, 0)::INTEGER AS repeat_incidents,
       coalesce(t.people, 0)::INTEGER AS people, coalesce(t.repeat_people, 0)::INTEGER AS repeat_people
FROM totals t FULL OUTER JOIN anonymous a USING (key, area_code, w);
