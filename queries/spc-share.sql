-- A share indicator's monthly proportion for a p-chart: for source $source, category $category (coverage keys
-- $requires), measure $measure and area $area, each month from $from to $to with k of n from monthly_shares; a month
-- the source does not cover has k and n NULL (a gap, never a zero).
WITH months AS (SELECT month FROM month_range(CAST($from AS VARCHAR), CAST($to AS VARCHAR))),
cov AS (
  SELECT month FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
    ym(CAST($from AS VARCHAR)), ym(CAST($to AS VARCHAR)))
  WHERE area_code = CAST($area AS VARCHAR)
),
shares AS (
  SELECT month, sum(k) AS k, sum(n) AS n FROM monthly_shares
  WHERE source = CAST($source AS VARCHAR) AND area_code = CAST($area AS VARCHAR) AND category_id = CAST($category AS VARCHAR)
    AND measure = CAST($measure AS VARCHAR)
  GROUP BY month
)
SELECT ym_text(m.month) AS month,
       CASE WHEN cov.month IS NOT NULL THEN coalesce(s.k, 0) END::DOUBLE AS k,
       CASE WHEN cov.month IS NOT NULL THEN coalesce(s.n, 0) END::DOUBLE AS n
FROM months m LEFT JOIN cov USING (month) LEFT JOIN shares s USING (month)
ORDER BY m.month;
