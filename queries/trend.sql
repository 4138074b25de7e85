-- Monthly counts for one source, area and category from $from to $to, with the rolling 12-month sum ending
-- each month. A month with no data for the source, area and category has count NULL (a gap, not a zero), and the rolling
-- sum is NULL whenever any of its 12 months is a gap.
WITH months AS (
  SELECT CAST(m AS DATE) AS month
  FROM generate_series(CAST($from || '-01' AS DATE) - INTERVAL 11 MONTH, CAST($to || '-01' AS DATE), INTERVAL 1 MONTH) t(m)
),
-- months the source covers for this area AND category (every key of $requires: see queries/macros.sql)
covered AS (
  SELECT month FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
    (SELECT min(month) FROM months), (SELECT max(month) FROM months))
  WHERE area_code = CAST($area AS VARCHAR)
),
counts AS (
  SELECT month, sum(count) AS n FROM monthly_counts
  WHERE source = CAST($source AS VARCHAR) AND area_code = CAST($area AS VARCHAR)
    AND category_id = CAST($category AS VARCHAR)
  GROUP BY month
),
series AS (
  SELECT months.month, CASE WHEN covered.month IS NOT NULL THEN coalesce(counts.n, 0) END AS count
  FROM months LEFT JOIN covered USING (month) LEFT JOIN counts USING (month)
)
SELECT
  strftime(month, '%Y-%m') AS month,
  count::DOUBLE AS count,
  -- count(count) counts non-NULL months: all 12 must have data
  CASE WHEN count(count) OVER w = 12 THEN sum(count) OVER w END::DOUBLE AS rolling_12m
FROM series
WINDOW w AS (ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
QUALIFY month >= CAST($from || '-01' AS DATE)
ORDER BY month;
