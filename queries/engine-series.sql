-- The indicator engine's monthly series, for the statistical process control line of each count indicator: for every
-- candidate ($candidates as in engine-counts.sql) and one area, each month from $from to $to with its count, NULL
-- where the source does not cover every key the candidate requires (a gap, never a zero).
-- No GROUP BY, window or DISTINCT, only joins: on this VM a hash aggregate (and a window) stalls a few ms even over a
-- few dozen rows (fresh memory; BENCHMARKS.md issue 21). category_coverage and monthly_counts hold one row per
-- (source, area_code, category_id, month) and candidate keys are unique, so a candidate's month is covered when its
-- first required key has a row that month and none of its required keys lacks one (missing), and its count is its
-- one row's.
WITH cand AS (
  SELECT unnest(from_json(CAST($candidates AS VARCHAR),
    '[{"key":"VARCHAR","source":"VARCHAR","category":"VARCHAR","requires":["VARCHAR"]}]'), recursive := true)
),
months AS (SELECT month FROM month_range(CAST($from AS VARCHAR), CAST($to AS VARCHAR))),
cov AS (
  SELECT source, category_id, month FROM category_coverage
  WHERE area_code = CAST($area AS VARCHAR) AND month IN (SELECT month FROM months)
),
missing AS (
  SELECT k.key, m.month
  FROM (SELECT key, source, unnest(requires) AS req FROM cand) k CROSS JOIN months m
  ANTI JOIN cov c ON c.source = k.source AND c.category_id = k.req AND c.month = m.month
),
covered AS (
  SELECT k.key, c.month
  FROM cand k JOIN cov c ON c.source = k.source AND c.category_id = k.requires[1]
  ANTI JOIN missing x ON x.key = k.key AND x.month = c.month
),
counts AS (
  SELECT c.key, m.month, m.count AS n
  FROM cand c JOIN monthly_counts m ON m.source = c.source AND m.category_id = c.category
  WHERE m.area_code = CAST($area AS VARCHAR) AND m.month IN (SELECT month FROM months)
)
SELECT v.key, ym_text(v.month) AS month, coalesce(n.n, 0)::DOUBLE AS count
FROM covered v LEFT JOIN counts n USING (key, month)
ORDER BY 1, 2;
