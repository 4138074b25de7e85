-- The indicator engine's counts: for every candidate (one indicator or category, as one source counts it) and every
-- area ($area NULL) or one area, the two windows of a comparison ($cf..$ct current, $pf..$pt previous): how many
-- months there are, which the source covers (covered_mask) for that area AND category (every key the candidate requires, see
-- data/coverage.sql), and the count over the covered months (NULL when none is covered: a gap is never a zero).
-- $candidates: JSON [{key, source, category, requires}] (api/indicators/requirements.ts).
-- pop_year: the year whose mid-year population the window's rate uses ($ycur current, $yprev previous). The
-- population itself is not read here: the engine gives each row its area's population of the loaded year nearest
-- pop_year (the earlier on a tie) from the population table, read once per database version (api/lookups.ts; the
-- rule: core/stats/population.ts, the same as population_near in macros.sql, which other statements join).
WITH cand AS (
  SELECT unnest(from_json(CAST($candidates AS VARCHAR),
    '[{"key":"VARCHAR","source":"VARCHAR","category":"VARCHAR","requires":["VARCHAR"]}]'), recursive := true)
),
months AS (SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR))),
req AS (SELECT key, source, unnest(list_distinct(requires)) AS req, len(list_distinct(requires)) AS needed FROM cand),
-- (candidate, area, month) where every required key is covered. A candidate with one key (every public source's) needs
-- no aggregate: category_coverage has one row per (source, area, category, month). Only one with several keys (a local
-- indicator's facets) counts them. Each GROUP BY left out is one aggregate fewer per request: on this kind of machine
-- DuckDB's hash aggregate often stalls 4-6 ms zeroing fresh memory, even for a few dozen rows (BENCHMARKS.md, issue 21).
covered AS (
  SELECT r.key, c.area_code, c.month
  FROM req r JOIN category_coverage c ON c.source = r.source AND c.category_id = r.req
  WHERE r.needed = 1 AND c.month IN (SELECT month FROM months) AND (CAST($area AS VARCHAR) IS NULL OR c.area_code = CAST($area AS VARCHAR))
  UNION ALL
  SELECT r.key, c.area_code, c.month
  FROM req r JOIN category_coverage c ON c.source = r.source AND c.category_id = r.req
  WHERE r.needed > 1 AND c.month IN (SELECT month FROM months) AND (CAST($area AS VARCHAR) IS NULL OR c.area_code = CAST($area AS VARCHAR))
  GROUP BY ALL HAVING count(*) = any_value(r.needed)
),
per AS (
  -- covered_mask: bit i set when the window's i-th month is covered (as text: a window may be up to 127 months)
  SELECT v.key, v.area_code, m.w, count(*) AS months_covered,
         sum(1::HUGEINT << datediff('month', CASE m.w WHEN 'current' THEN ym(CAST($cf AS VARCHAR)) ELSE ym(CAST($pf AS VARCHAR)) END, v.month)) AS covered_mask,
         sum(coalesce(n.count, 0)) AS count
  -- each covered month's count read straight from monthly_counts (one row per source, area, category and month), not
  -- through a separate grouped or joined step: fewer operators per request (alternating runs at 10M: -17%; BENCHMARKS.md)
  FROM covered v JOIN months m USING (month) JOIN cand c USING (key)
  LEFT JOIN monthly_counts n ON n.source = c.source AND n.category_id = c.category AND n.area_code = v.area_code AND n.month = v.month
  GROUP BY ALL
)
SELECT p.key, p.area_code, p.w, p.months_covered::INTEGER AS months_covered, p.covered_mask::VARCHAR AS covered_mask, p.count::DOUBLE AS count,
       CASE p.w WHEN 'current' THEN CAST($ycur AS INTEGER) ELSE CAST($yprev AS INTEGER) END AS pop_year
FROM per p;
