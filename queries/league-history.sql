-- A league's history: for one series (source $source, category $category, coverage keys $requires) and every London
-- borough (or, with $members a JSON list of area codes, those areas: a comparison group outside London, issue 24), the 12 months to each month of $ends (JSON list of 'YYYY-MM'): how many of the 12 months the source covers
-- for the borough and category, the count over the covered months (NULL when none) and the mid-year population of
-- the window's middle year (the nearest year loaded, the earlier on a tie). One statement for the whole history.
WITH ends AS (SELECT ym(unnest(from_json(CAST($ends AS VARCHAR), '["VARCHAR"]'))) AS month),
span AS (SELECT min(month) - INTERVAL 11 MONTH AS lo, max(month) AS hi FROM ends),
months AS (SELECT CAST(m AS DATE) AS month FROM generate_series((SELECT lo FROM span), (SELECT hi FROM span), INTERVAL 1 MONTH) t(m)),
boroughs AS (
  SELECT code AS area_code FROM areas
  WHERE CASE WHEN CAST($members AS VARCHAR) IS NULL THEN borough ELSE list_contains(from_json(CAST($members AS VARCHAR), '["VARCHAR"]'), code) END
),
cov AS (
  SELECT area_code, month FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
    (SELECT lo FROM span)::DATE, (SELECT hi FROM span)::DATE)
),
cnt AS (
  SELECT area_code, month, sum(count) AS n FROM monthly_counts
  WHERE source = CAST($source AS VARCHAR) AND category_id = CAST($category AS VARCHAR)
    AND month BETWEEN (SELECT lo FROM span) AND (SELECT hi FROM span)
  GROUP BY ALL
),
grid AS (
  SELECT b.area_code, m.month, CASE WHEN cov.month IS NOT NULL THEN coalesce(cnt.n, 0) END AS n
  FROM boroughs b CROSS JOIN months m
  LEFT JOIN cov ON cov.area_code = b.area_code AND cov.month = m.month
  LEFT JOIN cnt ON cnt.area_code = b.area_code AND cnt.month = m.month
),
rolled AS (
  SELECT area_code, month, count(n) OVER w AS months_covered, sum(n) OVER w AS count
  FROM grid WINDOW w AS (PARTITION BY area_code ORDER BY month ROWS BETWEEN 11 PRECEDING AND CURRENT ROW)
)
SELECT ym_text(r.month) AS "to", r.area_code, r.months_covered::INTEGER AS months_covered, r.count::DOUBLE AS count,
       (SELECT arg_min(p.population, abs(p.year - year(r.month - INTERVAL 6 MONTH)) * 2 + (p.year > year(r.month - INTERVAL 6 MONTH))::INTEGER)
        FROM population p WHERE p.code = r.area_code)::DOUBLE AS population
FROM rolled r JOIN ends USING (month)
ORDER BY 1, 2;
