-- One share measure of a source and category for every London borough over months $from..$to (whether each
-- borough's window is complete comes from the engine's coverage: api/indicators/series.ts).
WITH shares AS (
  SELECT area_code, sum(k) AS k, sum(n) AS n FROM monthly_shares
  WHERE source = CAST($source AS VARCHAR) AND category_id = CAST($category AS VARCHAR) AND measure = CAST($measure AS VARCHAR)
    AND month BETWEEN ym(CAST($from AS VARCHAR)) AND ym(CAST($to AS VARCHAR))
  GROUP BY area_code
)
SELECT a.code AS area_code, coalesce(s.k, 0)::DOUBLE AS k, coalesce(s.n, 0)::DOUBLE AS n
FROM areas a LEFT JOIN shares s ON s.area_code = a.code
WHERE a.borough
ORDER BY a.code;
