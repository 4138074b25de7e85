-- London ranks over the 12 months $from..$to: every London borough (the City of London and non-borough areas
-- excluded), or only those of peer group $group; rank 1 = lowest (best) by $measure ('rate' per 1,000 residents,
-- or 'count'); ties share the lower rank. Population: the mid-year estimate of $year, else the nearest year.
WITH boroughs AS (
  SELECT code, name FROM areas
  WHERE borough
    AND (CAST($group AS VARCHAR) IS NULL
         OR code IN (SELECT area_code FROM peer_groups WHERE "group" = CAST($group AS VARCHAR)))
),
counts AS (
  SELECT area_code AS code, sum(count) AS n FROM monthly_counts
  WHERE source = CAST($source AS VARCHAR) AND category_id = CAST($category AS VARCHAR)
    AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
  GROUP BY 1
),
covered AS (
  SELECT area_code AS code, count(*) AS months FROM coverage
  WHERE source = CAST($source AS VARCHAR)
    AND month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
  GROUP BY 1
),
pop AS (
  -- nearest year to $year, the earlier on a tie
  SELECT code, arg_min(population, abs(year - CAST($year AS INTEGER)) * 2 + (year > CAST($year AS INTEGER))::INTEGER) AS population,
         arg_min(year, abs(year - CAST($year AS INTEGER)) * 2 + (year > CAST($year AS INTEGER))::INTEGER) AS population_year
  FROM population GROUP BY code
),
rows AS (
  SELECT b.code, b.name, coalesce(c.n, 0)::DOUBLE AS count, p.population::DOUBLE AS population, p.population_year,
         coalesce(c.n, 0) / p.population * 1000 AS rate_per_1000, coalesce(v.months, 0) = 12 AS complete
  FROM boroughs b LEFT JOIN counts c USING (code) LEFT JOIN pop p USING (code) LEFT JOIN covered v USING (code)
)
SELECT code, name, count, population, population_year, rate_per_1000, complete,
  CASE WHEN (CASE WHEN $measure = 'rate' THEN rate_per_1000 ELSE count END) IS NOT NULL
    THEN rank() OVER (ORDER BY CASE WHEN $measure = 'rate' THEN rate_per_1000 ELSE count END ASC NULLS LAST)
  END::INTEGER AS rank
FROM rows
ORDER BY rank NULLS LAST, name;
