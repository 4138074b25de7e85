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
-- it has their values, so DuckDB would plan it afresh on every run however often it is prepared (data/db.ts). Each
-- argument is used once: in a statement planned once each parameter becomes a read of the parameter table, one per
-- use (data/prepared.ts).
CREATE OR REPLACE MACRO month_range(f, t) AS TABLE
  SELECT CAST(unnest(generate_series(ym(f), ym(t), INTERVAL 1 MONTH)) AS DATE) AS month;

-- The months of a comparison: w = 'current' for cf..ct, 'previous' for pf..pt (inclusive), with w_from, the first
-- month of the month's window, and pop_year, the window's population year when given (cy current, py previous).
CREATE OR REPLACE MACRO comparison_months(cf, ct, pf, pt, cy := NULL, py := NULL) AS TABLE
  SELECT w, w_from, pop_year, CAST(unnest(generate_series(w_from, w_to, INTERVAL 1 MONTH)) AS DATE) AS month
  FROM (SELECT 'current' AS w, ym(cf) AS w_from, ym(ct) AS w_to, CAST(cy AS INTEGER) AS pop_year
        UNION ALL SELECT 'previous', ym(pf), ym(pt), CAST(py AS INTEGER));

-- The months between lo and hi (DATEs) each area has for source src and every key of reqs (category ids and, for
-- local extracts, facets such as 'type:crime' or 'column:knife'; see data/coverage.sql): a month is covered only if
-- all of them are. For one series; queries/engine-counts.sql does the same for many candidates at once.
CREATE OR REPLACE MACRO covered_months(src, reqs, lo, hi) AS TABLE
  SELECT area_code, month FROM (
    SELECT area_code, month, list(category_id) AS keys FROM category_coverage
    WHERE source = src AND month BETWEEN lo AND hi GROUP BY ALL)
  WHERE list_has_all(keys, reqs);

-- Each area's mid-year population for year y, else the nearest year loaded (the earlier on a tie). The engine's counts
-- apply the same rule in TypeScript (core/stats/population.ts; test/population.test.ts checks the two agree).
CREATE OR REPLACE MACRO population_near(y) AS TABLE
  SELECT code AS area_code,
         arg_min(population, abs(year - y) * 2 + (year > y)::INTEGER)::DOUBLE AS population,
         arg_min(year, abs(year - y) * 2 + (year > y)::INTEGER)::INTEGER AS population_year
  FROM population GROUP BY code;

-- PLACES: the one definition of where an incident happened and of a repeat place, read by queries/hotspots.sql
-- (repeat_locations per LSOA, GET /api/hotspots) and queries/repeat-policeuk.sql (GET /api/repeat for police.uk).
-- An incident's place:
--   police.uk: the pair (LSOA code, Location), written 'code|location'. police.uk snaps every crime to an
--     anonymised point ("On or near ..."), so a place may be many addresses: a hotspot proxy, never a victim. A row
--     without an LSOA code or a Location is an incident with no place.
--   local: the extract's location id as pseudonymised at load (location_key; NULL: no place). For a count indicator
--     of the profile the incidents are its members in local_indicator_members with that table's location_key and
--     date: the very rows and columns queries/engine-repeats.sql reads for unit 'location', so the engine, GET
--     /api/repeat and the hotspots map agree on every place. A canonical id that is not a count indicator reads
--     local_incidents by its category_ids (the same incidents monthly_counts counts under it).
-- incident_places(src, area_, cat, lo, hi): one row per incident of category (or local count indicator) `cat` in
-- area `area_` with its month in lo..hi (DATEs, first of the month): its date (police.uk: the first of its month),
-- month, LSOA (local: the extract's value resolved to a 2021 code by code or name, else kept as written), LSOA name,
-- coordinates (police.uk only) and place.
CREATE OR REPLACE MACRO incident_places(src, area_, cat, lo, hi, forces_from := NULL, forces_to := NULL,
                                         other := true, within := true, force_area := true, labels := NULL) AS TABLE
  SELECT p.month AS date, p.month, p.lsoa_code, p.lsoa_name, p.longitude, p.latitude,
         -- a place needs an LSOA and a location that is not blank: the pair's text, when with its trailing spaces
         -- trimmed it is more than the LSOA and the bar (`||` gives NULL without either). Not trim(location) <> '' (the
         -- same test): DuckDB works a function of one stored column out over the column's whole stored dictionary,
         -- however few rows are left (10M rows: 3.5 ms of a borough's question, against 2 for the pair's text)
         CASE WHEN rtrim(p.lsoa_code || '|' || p.location) <> p.lsoa_code || '|' THEN p.lsoa_code || '|' || p.location END AS place
  -- policeuk_counted's rows, less the placement branches that can give area_ no rows (data/schema.sql, policeuk_placed;
  -- the flags: api/lookups.ts, placementOf). Left out, every branch.
  FROM policeuk_placed('policeuk_incidents', other := other, within := within, force_area := force_area) p
  WHERE src = 'policeuk' AND p.area_code = area_
    -- a range of forces (constants: the statements that pass one are planned per run), spanning every force with rows
    -- counted toward the area (api/lookups.ts, forceRange): the same rows, but rows are stored force by force and
    -- DuckDB skips the row groups of the forces outside it (BENCHMARKS.md, issue 21). NULL: every force.
    AND (forces_from IS NULL OR p.reported_by BETWEEN forces_from AND forces_to)
    -- a label counts toward every canonical id the crosswalk gives it (e.g. burglary-residential and burglary)
    AND p.label_key IN (SELECT label_key FROM category_map WHERE category_id = cat)
    -- labels: those same label keys (api/lookups.ts, labelsOf), a constant in the statements planned per run, so DuckDB
    -- leaves the other crime types' rows as it reads them (the line above drops nothing more; NULL: not given).
    -- From the subquery alone it filtered them only after reading their columns (10M rows: 3.5 ms a borough's question).
    AND (labels IS NULL OR list_contains(labels, p.label_key))
    AND p.month BETWEEN lo AND hi
  UNION ALL
  SELECT i.date, i.month, coalesce(c.lsoa_code, n.lsoa_code, nullif(trim(i.lsoa), '')), coalesce(c.lsoa_name, n.lsoa_name),
         NULL::DOUBLE, NULL::DOUBLE, i.place
  FROM (
    -- a count indicator: its members, as the engine reads them (dates in the months lo..hi)
    SELECT m.date, date_trunc('month', m.date)::DATE AS month, l.lsoa, m.location_key AS place
    FROM local_indicator_members m JOIN local_incidents l USING (incident_id)
    WHERE src = 'local' AND m.indicator_id = cat AND m.kind = 'count' AND m.area_code = area_
      AND m.date >= lo AND m.date < hi + INTERVAL 1 MONTH
    UNION ALL
    SELECT l.date, l.month, l.lsoa, l.location_key
    FROM local_incidents l
    WHERE src = 'local' AND l.area_code = area_ AND list_contains(l.category_ids, cat) AND l.month BETWEEN lo AND hi
      AND cat NOT IN (SELECT id FROM indicator_filters WHERE kind = 'count')
  ) i
  LEFT JOIN lsoas c ON c.lsoa_code = upper(trim(i.lsoa))
  LEFT JOIN lsoas n ON c.lsoa_code IS NULL AND lower(n.lsoa_name) = lower(trim(i.lsoa));

-- place_tally(t, min_incidents := 2): one row per place of the rows of `t` (the name of a table, view or CTE of
-- incident_places rows, with at least their date, lsoa_code and place), with its number of incidents, the LSOA it is
-- mapped under (police.uk, the LSOA of its pair; local, where a location id was written with more than one LSOA, the
-- LSOA of its latest incident that has one, the highest code on a tie; NULL only if none has one) and whether it is a
-- repeat place: at least min_incidents incidents. The one place rule: place_counts and repeat_places apply it to incident_places, and
-- queries/repeat-policeuk.sql and queries/hotspots.sql to the rows they have already read (one scan of the incidents).
-- The rows are named, not passed as a list of structs (as before the thirteenth session): building and unnesting the
-- list cost a borough's repeat question ~5 ms of ~50 at 10M rows (BENCHMARKS.md, issue 21).
CREATE OR REPLACE MACRO place_tally(t, min_incidents := 2) AS TABLE
  SELECT place, arg_max(lsoa_code, date::VARCHAR || lsoa_code) AS lsoa_code, count(*) AS incidents,
         count(*) >= min_incidents AS is_repeat
  FROM query_table(t)
  WHERE place IS NOT NULL
  GROUP BY place;

-- place_counts(src, area_, cat, lo, hi, months := NULL, min_incidents := 2): place_tally of incident_places(...)
-- (only the incidents in `months`, a list of DATEs, when given: the months a source covers).
CREATE OR REPLACE MACRO place_counts(src, area_, cat, lo, hi, months := NULL, min_incidents := 2) AS TABLE
  WITH place_rows AS (SELECT i.date, i.lsoa_code, i.place FROM incident_places(src, area_, cat, lo, hi) i
                      WHERE months IS NULL OR list_contains(months, i.month))
  SELECT * FROM place_tally('place_rows', min_incidents := min_incidents);

-- repeat_places(...): the places with at least min_incidents (default 2) incidents in the window: repeat locations.
CREATE OR REPLACE MACRO repeat_places(src, area_, cat, lo, hi, min_incidents := 2, months := NULL) AS TABLE
  SELECT * FROM place_counts(src, area_, cat, lo, hi, months := months, min_incidents := min_incidents) WHERE is_repeat;
