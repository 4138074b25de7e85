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
-- materialized: the windows' parameters are read once, not once per use of `first` below
months AS MATERIALIZED (
  SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR),
                                  cy := CAST($ycur AS INTEGER), py := CAST($yprev AS INTEGER))
),
-- (candidate, area, month) where every key the candidate requires is covered, with the month's window: the rows of its
-- first key, less those where another of its keys (a local indicator's facets) has no row. Joins only, no GROUP BY:
-- on this kind of machine DuckDB's hash aggregate often stalls 4-6 ms zeroing fresh memory, even for a few dozen
-- rows (BENCHMARKS.md, issue 21); the grouped form for several keys cost every request ~1.7 ms at 10M rows, used or not.
-- Each parameter is read once where it can be: a statement planned once reads the parameter table at each use of one
-- (data/prepared.ts), so `$area` is a coalesce, not `$area IS NULL OR area_code = $area`.
first AS (
  SELECT k.key, k.source, k.category, c.area_code, c.month, m.w, m.w_from, m.pop_year
  FROM cand k JOIN category_coverage c ON c.source = k.source AND c.category_id = list_distinct(k.requires)[1]
  JOIN months m ON m.month = c.month
  WHERE c.area_code = coalesce(CAST($area AS VARCHAR), c.area_code)
),
missing AS (
  SELECT f.key, f.area_code, f.month
  FROM first f JOIN (SELECT key, source, unnest(list_distinct(requires)[2:]) AS req FROM cand) o USING (key)
  ANTI JOIN category_coverage c ON c.source = o.source AND c.category_id = o.req AND c.area_code = f.area_code AND c.month = f.month
),
covered AS (SELECT * FROM first ANTI JOIN missing USING (key, area_code, month)),
per AS (
  -- covered_mask: bit i set when the window's i-th month is covered (as text: a window may be up to 127 months)
  SELECT v.key, v.area_code, v.w, v.pop_year, count(*) AS months_covered,
         sum(1::HUGEINT << datediff('month', v.w_from, v.month)) AS covered_mask,
         sum(coalesce(n.count, 0)) AS count
  -- each covered month's count read straight from monthly_counts (one row per source, area, category and month), not
  -- through a separate grouped or joined step: fewer operators per request (alternating runs at 10M: -17%; BENCHMARKS.md)
  FROM covered v
  LEFT JOIN monthly_counts n ON n.source = v.source AND n.category_id = v.category AND n.area_code = v.area_code AND n.month = v.month
  GROUP BY ALL
)
SELECT p.key, p.area_code, p.w, p.months_covered::INTEGER AS months_covered, p.covered_mask::VARCHAR AS covered_mask, p.count::DOUBLE AS count,
       p.pop_year
FROM per p;
