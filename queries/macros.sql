-- Macros every read-side query builds on: the months of a window and which of them a source covers. Applied to
-- the database at every writable open (data/db.ts), so read-only servers can use them. Months are 'YYYY-MM' text
-- in parameters and DATEs (first of the month) in tables.

-- 'YYYY-MM' -> DATE (first of the month); DATE -> 'YYYY-MM'.
CREATE OR REPLACE MACRO ym(s) AS CAST(s || '-01' AS DATE);
CREATE OR REPLACE MACRO ym_text(d) AS strftime(d, '%Y-%m');

-- The months of a comparison: w = 'current' for cf..ct, 'previous' for pf..pt (inclusive).
CREATE OR REPLACE MACRO comparison_months(cf, ct, pf, pt) AS TABLE
  SELECT 'current' AS w, CAST(m AS DATE) AS month FROM generate_series(ym(cf), ym(ct), INTERVAL 1 MONTH) t(m)
  UNION ALL
  SELECT 'previous', CAST(m AS DATE) FROM generate_series(ym(pf), ym(pt), INTERVAL 1 MONTH) t(m);

-- The months between lo and hi (DATEs) each area has for source src and every key of reqs (category ids and, for
-- local extracts, facets such as 'type:crime' or 'column:knife'; see data/coverage.sql): a month is covered only if
-- all of them are. For one series; queries/engine-counts.sql does the same for many candidates at once.
CREATE OR REPLACE MACRO covered_months(src, reqs, lo, hi) AS TABLE
  SELECT area_code, month FROM (
    SELECT area_code, month, list(category_id) AS keys FROM category_coverage
    WHERE source = src AND month BETWEEN lo AND hi GROUP BY ALL)
  WHERE list_has_all(keys, reqs);

-- Each area's mid-year population for year y, else the nearest year loaded (the earlier on a tie).
CREATE OR REPLACE MACRO population_near(y) AS TABLE
  SELECT code AS area_code,
         arg_min(population, abs(year - y) * 2 + (year > y)::INTEGER)::DOUBLE AS population,
         arg_min(year, abs(year - y) * 2 + (year > y)::INTEGER)::INTEGER AS population_year
  FROM population GROUP BY code;
