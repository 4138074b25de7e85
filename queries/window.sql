-- The count for one source, area and category over a window of months ($from..$to, inclusive), and the
-- months of the window with no data for that source and area (a gap is not a zero: the window is incomplete).
WITH months AS (
  SELECT CAST(m AS DATE) AS month
  FROM generate_series(CAST($from || '-01' AS DATE), CAST($to || '-01' AS DATE), INTERVAL 1 MONTH) t(m)
),
covered AS (
  SELECT month FROM coverage WHERE source = CAST($source AS VARCHAR) AND area_code = CAST($area AS VARCHAR)
),
counts AS (
  SELECT month, sum(count) AS n FROM monthly_counts
  WHERE source = CAST($source AS VARCHAR) AND area_code = CAST($area AS VARCHAR)
    AND category_id = CAST($category AS VARCHAR)
    AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
  GROUP BY month
)
SELECT
  coalesce(sum(counts.n), 0)::DOUBLE AS count,
  coalesce(list(strftime(months.month, '%Y-%m') ORDER BY months.month) FILTER (WHERE covered.month IS NULL), [])
    AS missing_months
FROM months
LEFT JOIN covered USING (month)
LEFT JOIN counts USING (month);
