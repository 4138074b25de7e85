-- Macros every read-side query builds on: the months of a window and which of them a source covers. Applied to
-- the database at every writable open (data/db.ts), so read-only servers can use them. Months are 'YYYY-MM' text
-- in parameters and DATEs (first of the month) in tables.

-- 'YYYY-MM' -> DATE (first of the month); DATE -> 'YYYY-MM'.
CREATE OR REPLACE MACRO ym(s) AS CAST(s || '-01' AS DATE);
CREATE OR REPLACE MACRO ym_text(d) AS strftime(d, '%Y-%m');
-- 'YYYY-MM-DD' -> DATE. For a parameter, `ymd(CAST($p AS VARCHAR))`: DuckDB leaves the type of a parameter cast
-- twice (`CAST(CAST($p AS VARCHAR) AS DATE)`) unresolved, and a prepared statement with one is planned at every run.
CREATE OR REPLACE MACRO ymd(s) AS CAST(trim(s) AS DATE);

-- The months from f to t ('YYYY-MM', inclusive; none when t is before f) as DATEs. Built from a list, not the
-- generate_series table function: a statement passing its parameters to a table function cannot be planned until
-- it has their values, so DuckDB would plan it afresh on every run however often it is prepared (data/db.ts).
CREATE OR REPLACE MACRO month_range(f, t) AS TABLE
  SELECT CAST(ym(f) + to_months(CAST(i AS INTEGER)) AS DATE) AS month
  FROM (SELECT unnest(range(0, datediff('month', ym(f), ym(t)) + 1)) AS i);

-- The months of a comparison: w = 'current' for cf..ct, 'previous' for pf..pt (inclusive).
CREATE OR REPLACE MACRO comparison_months(cf, ct, pf, pt) AS TABLE
  SELECT 'current' AS w, month FROM month_range(cf, ct)
  UNION ALL
  SELECT 'previous', month FROM month_range(pf, pt);

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
