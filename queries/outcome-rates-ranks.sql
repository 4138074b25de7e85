-- One share measure of a source and category for every London borough over months $from..$to, with how many of the
-- window's months the source covers for that borough (the window is complete when covered = its months).
WITH shares AS (
  SELECT area_code, sum(k) AS k, sum(n) AS n FROM monthly_shares
  WHERE source = CAST($source AS VARCHAR) AND category_id = CAST($category AS VARCHAR) AND measure = CAST($measure AS VARCHAR)
    AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
  GROUP BY area_code
),
covered AS (
  SELECT area_code, count(DISTINCT month) AS covered FROM coverage
  WHERE source = CAST($source AS VARCHAR) AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
  GROUP BY area_code
)
SELECT a.code AS area_code, coalesce(s.k, 0)::DOUBLE AS k, coalesce(s.n, 0)::DOUBLE AS n, coalesce(c.covered, 0)::INTEGER AS covered
FROM areas a LEFT JOIN shares s ON s.area_code = a.code LEFT JOIN covered c ON c.area_code = a.code
WHERE a.borough
ORDER BY a.code;
