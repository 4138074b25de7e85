-- The indicator engine's monthly series, for the statistical process control line of each count indicator: for every
-- candidate ($candidates as in engine-counts.sql) and one area, each month from $from to $to with its count, NULL
-- where the source does not cover every key the candidate requires (a gap, never a zero).
WITH cand AS (
  SELECT unnest(from_json(CAST($candidates AS VARCHAR),
    '[{"key":"VARCHAR","source":"VARCHAR","category":"VARCHAR","requires":["VARCHAR"]}]'), recursive := true)
),
months AS (SELECT month FROM month_range(CAST($from AS VARCHAR), CAST($to AS VARCHAR))),
req AS (SELECT key, source, unnest(list_distinct(requires)) AS req, len(list_distinct(requires)) AS needed FROM cand),
covered AS (
  SELECT r.key, c.month
  FROM req r JOIN category_coverage c ON c.source = r.source AND c.category_id = r.req
  WHERE c.area_code = CAST($area AS VARCHAR) AND c.month IN (SELECT month FROM months)
  GROUP BY ALL HAVING count(*) = any_value(r.needed)
),
counts AS (
  SELECT c.key, m.month, sum(m.count) AS n
  FROM cand c JOIN monthly_counts m ON m.source = c.source AND m.category_id = c.category
  WHERE m.area_code = CAST($area AS VARCHAR) AND m.month IN (SELECT month FROM months)
  GROUP BY ALL
)
SELECT v.key, ym_text(v.month) AS month, coalesce(n.n, 0)::DOUBLE AS count
FROM covered v LEFT JOIN counts n USING (key, month)
ORDER BY 1, 2;
