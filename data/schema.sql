-- saferboard database schema. Applied to every database on open; every statement is idempotent.

-- Key/value facts about the database (schema version, last load time).
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- Reference data: refreshed from data/reference/ at every load (origin = 'reference');
-- areas added with --allow-unknown-areas have origin = 'loaded' and survive the refresh.
CREATE TABLE IF NOT EXISTS areas (
  code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, borough BOOLEAN NOT NULL,
  force VARCHAR, inner_outer VARCHAR, origin VARCHAR NOT NULL DEFAULT 'reference');
-- Every spelling of an area, lower-cased, including its name and code.
CREATE TABLE IF NOT EXISTS area_aliases (alias VARCHAR PRIMARY KEY, code VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS lsoas (lsoa_code VARCHAR PRIMARY KEY, lsoa_name VARCHAR, area_code VARCHAR);
-- England and Wales (issue 24). An area's level: 'la' (a local authority district; London's boroughs and the City
-- are 'la'), 'csp' (a Community Safety Partnership that is not one whole LAD: part of a split LAD, or several LADs),
-- 'pfa' (a police force area), or NULL (pseudo-areas: No location, Outside London, MPS dashboard pseudo-areas...).
-- csp = the area IS a Community Safety Partnership (a 'csp' area, or an 'la' area whose LAD is exactly one CSP; its
-- CSP code E22…/W14… is then one of its aliases). pfa_code = the police force area (E23…/W15…) it lies in (its own
-- code for a 'pfa'); region = the English region or 'Wales' (data/reference/national/forces.csv).
ALTER TABLE areas ADD COLUMN IF NOT EXISTS level VARCHAR;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS csp BOOLEAN;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS pfa_code VARCHAR;
ALTER TABLE areas ADD COLUMN IF NOT EXISTS region VARCHAR;
-- Every area an LSOA 2021 lies in (its LAD, its CSP when that is a distinct area, its police force area): police.uk
-- rows and LSOA populations are summed to any area through this table.
-- (no key: a keyed table takes seconds to rewrite; data/reference.ts writes each pair once)
CREATE TABLE IF NOT EXISTS lsoa_areas (lsoa_code VARCHAR NOT NULL, area_code VARCHAR NOT NULL);
-- area_code lies wholly within within_code (every LSOA of one is in the other): a borough in its force area, a split
-- LAD's CSP in its LAD, a LAD in its CSP. A police.uk row placed on an area without an LSOA 2021 (a 2011 code placed
-- by its name) counts toward these too.
CREATE TABLE IF NOT EXISTS area_within (area_code VARCHAR NOT NULL, within_code VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS category_ids (id VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, "group" VARCHAR, description VARCHAR);
-- The crosswalk: one row per (source label, canonical id); label_key = lower(major) || '|' || lower(label).
CREATE TABLE IF NOT EXISTS category_map (label_key VARCHAR NOT NULL, scheme VARCHAR, category_id VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS peer_groups ("group" VARCHAR NOT NULL, area_code VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS population (
  code VARCHAR NOT NULL, year INTEGER NOT NULL, population BIGINT NOT NULL, source VARCHAR,
  PRIMARY KEY (code, year));

-- One row per `saferboard load` that committed.
CREATE TABLE IF NOT EXISTS loads (
  load_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, files JSON, summary JSON);

-- What each source covers. mps: slice = area code (one borough's month);
-- policeuk: slice = the force in "Reported by" (one force's month). A newer load replaces a whole slice.
CREATE TABLE IF NOT EXISTS slices (
  source VARCHAR NOT NULL, slice VARCHAR NOT NULL, month DATE NOT NULL,
  file VARCHAR, load_id INTEGER, rows BIGINT, PRIMARY KEY (source, slice, month));
-- local extracts: the columns the file that loaded the slice had (a flag indicator is covered only where its column was)
ALTER TABLE slices ADD COLUMN IF NOT EXISTS columns VARCHAR[];
-- local extracts: the categories the loading file held for the slice's type, each label's most specific id (and any the
-- mapping file declares); NULL in databases loaded before it was recorded (then every crosswalk id is covered)
ALTER TABLE slices ADD COLUMN IF NOT EXISTS categories VARCHAR[];
-- police.uk slices (one force's month): the crime types (label_key, sorted) its rows hold, written by the load that brought them
-- (data/formats/policeuk.ts), so data/coverage.sql reads them here and not from every row; NULL in databases loaded
-- before it was recorded (coverage then reads those slices' rows)
ALTER TABLE slices ADD COLUMN IF NOT EXISTS labels VARCHAR[];
-- MPS slices (one borough's month): the crime classification the loading file published it in, from its labels
-- ('mps': the MPS's own, 'home-office': the Home Office's; NULL when its labels cannot tell). Derived from the rows
-- by data/classifications.sql at every load and upgrade; series breaks are named where it changes (api/breaks.ts).
ALTER TABLE slices ADD COLUMN IF NOT EXISTS classification VARCHAR;

-- MPS borough-level counts, long form (one row per borough x major x minor x month).
CREATE TABLE IF NOT EXISTS mps_counts (
  area_code VARCHAR NOT NULL, raw_area VARCHAR, major VARCHAR, minor VARCHAR, label_key VARCHAR NOT NULL,
  month DATE NOT NULL, count INTEGER NOT NULL, load_id INTEGER);

-- MPS Monthly Crime Dashboard files (source 'mpsdash'), one row per published row: area_type 'borough' (Area Type
-- "Borough": area_code = the borough's code, or an MPSDASH-… / MPS-AVSEC pseudo-area of areas.csv for the rows with
-- no borough code) or 'ward' (Area Type "Safer Neighbourhood Teams": area_code = its borough's code, ward_code = the
-- trimmed Area code); names as published; category_id and measure from data/reference/mpsdash-crosswalk.csv
-- (measure: offences | positive-outcomes | victims); family = the crosswalk's group of crime types a slice covers;
-- refreshed = the row's Refresh Date. Slice = 'family|area_code' and month in `slices` (one borough's, or pseudo-area's,
-- family of crime types in a month): a file covers the slices of every area it holds a row for, in every month it holds
-- the family (an absent row there is 0); the later Refresh Date of a (family, month) wins.
CREATE TABLE IF NOT EXISTS mpsdash_counts (
  area_type VARCHAR NOT NULL, area_code VARCHAR NOT NULL, ward_code VARCHAR, borough_snt VARCHAR, area_name VARCHAR,
  crime_type VARCHAR NOT NULL, crime_subtype VARCHAR NOT NULL, published_measure VARCHAR NOT NULL,
  family VARCHAR NOT NULL, category_id VARCHAR NOT NULL, measure VARCHAR NOT NULL, month DATE NOT NULL,
  count INTEGER NOT NULL, refreshed DATE NOT NULL, file VARCHAR, line INTEGER, load_id INTEGER, slice VARCHAR NOT NULL);
-- data/reference/mpsdash-crosswalk.csv, refreshed at every load: kept apart from category_map (whose ids the local
-- indicators' counts skip: data/monthly-counts.sql)
CREATE TABLE IF NOT EXISTS mpsdash_map (
  key VARCHAR PRIMARY KEY, crime_type VARCHAR, crime_subtype VARCHAR, published_measure VARCHAR, family VARCHAR NOT NULL,
  category_id VARCHAR NOT NULL, measure VARCHAR NOT NULL);

-- data.police.uk street-level rows, crime and ASB (ASB rows have no crime_id).
CREATE TABLE IF NOT EXISTS policeuk_incidents (
  crime_id VARCHAR, month DATE NOT NULL, reported_by VARCHAR NOT NULL, falls_within VARCHAR,
  longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
  crime_type VARCHAR NOT NULL, label_key VARCHAR NOT NULL, outcome VARCHAR, context VARCHAR,
  area_code VARCHAR NOT NULL, load_id INTEGER);
-- the file each row came from (databases made before this column existed get it here)
ALTER TABLE policeuk_incidents ADD COLUMN IF NOT EXISTS file VARCHAR;

-- The police.uk placement rule, written once (issue 24): every area a row of table `t` counts toward. `t` has the
-- columns area_code, lsoa_code and reported_by (the force); each row counts toward
--  - its own area_code (the LAD of its LSOA, a London borough, or the area its 2011 LSOA name places it in; the LAD
--    containing a search's coordinates; NO-LOCATION; OUTSIDE-LONDON), and
--  - the other areas of its LSOA 2021 in lsoa_areas (its distinct CSP, its police force area);
--  - for a row placed without an LSOA 2021 (a 2011 code placed by its name; a search, placed by its coordinates), the
--    areas its area lies within (its force area; its CSP when the LAD is whole in one; never a split LAD's CSPs);
--  - for a row with no location, the reporting force's own force area (it is the force's, in none of its CSPs);
--  - for a London force's row in an LSOA outside London, Outside London (as before issue 24).
-- A row in an LSOA of another force's area counts where it happened, never toward the reporting force's own CSPs.
-- Read through the views below (street rows, street groups, stop and search), so every figure agrees.
-- The other areas are read from lsoa_other_areas (lsoa_areas less each LSOA's own LAD): for a borough's question the
-- join then has no rows to build and DuckDB skips the scan of the table (repeat at 10M rows: 75 -> 47 ms;
-- BENCHMARKS.md, issue 21). A row's area_code is its LSOA's own LAD, so no row loses an area by it.
CREATE OR REPLACE VIEW lsoa_other_areas AS
  SELECT la.lsoa_code, la.area_code FROM lsoa_areas la JOIN lsoas l USING (lsoa_code) WHERE la.area_code <> l.area_code;
-- A question about one area may leave out a branch that can give it no rows (other := false when the area is in no
-- LSOA's other areas, within := false when no area lies within it, force_area := false when it is no force area:
-- api/lookups.ts, placementOf, from these very tables): constants, so DuckDB drops the branch when planning (a
-- borough's repeat question at 10M rows: BENCHMARKS.md, issue 21). Left out, they are true: every branch.
CREATE OR REPLACE MACRO policeuk_placed(t, other := true, within := true, force_area := true) AS TABLE
  SELECT * FROM query_table(t)
  UNION ALL
  SELECT p.* REPLACE (la.area_code AS area_code) FROM query_table(t) p
  JOIN lsoa_other_areas la ON la.lsoa_code = p.lsoa_code AND la.area_code <> p.area_code
  WHERE other
  UNION ALL
  SELECT p.* REPLACE (w.within_code AS area_code)
  FROM (SELECT * FROM query_table(t) WHERE within AND (lsoa_code IS NULL OR lsoa_code NOT IN (SELECT lsoa_code FROM lsoas))) p
  JOIN area_within w ON w.area_code = p.area_code
  UNION ALL
  SELECT p.* REPLACE (a.code AS area_code) FROM query_table(t) p
  JOIN areas a ON a.level = 'pfa' AND a.force = p.reported_by
  WHERE force_area AND p.area_code = 'NO-LOCATION'
  UNION ALL
  SELECT p.* REPLACE ('OUTSIDE-LONDON' AS area_code) FROM query_table(t) p
  JOIN areas a ON a.code = p.area_code AND a.level IS NOT NULL AND a.region IS DISTINCT FROM 'London'
  WHERE p.reported_by IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la');

-- Every area each police.uk street row counts toward: monthly_counts, monthly_shares, /api/rows and the hotspots read
-- rows through this view.
CREATE OR REPLACE VIEW policeuk_counted AS SELECT * FROM policeuk_placed('policeuk_incidents');

-- The forces whose street rows count toward each area: one row per (area, force) pair of policeuk_counted (a pair may
-- outlive its rows once a slice is replaced: a superset, never a missing pair). Derived at every load from the placed
-- keys (data/policeuk-cells.sql). Where an area's forces hold under half of the rows, its repeat and hotspots questions
-- read only the range of them (api/lookups.ts, forceRange; incident_places): a load stores rows force by force
-- (data/formats/policeuk.ts, byForce), so DuckDB skips the row groups of the forces outside it.
CREATE TABLE IF NOT EXISTS policeuk_area_forces (area_code VARCHAR NOT NULL, reported_by VARCHAR NOT NULL);

-- (street rows grouped by LSOA before placing them, kept by earlier versions: nearly as many rows as the incidents)
DROP VIEW IF EXISTS policeuk_counted_groups;
DROP TABLE IF EXISTS policeuk_groups;

-- data.police.uk outcomes files: one row per outcome recorded, month = the month it was recorded (for a crime of that
-- month or an earlier one). Slice = (force in "Reported by", month) in `slices` under source 'outcomes'.
-- line = the row's line in its file (the later row of a file wins a tie for a crime's current outcome).
CREATE TABLE IF NOT EXISTS policeuk_outcomes (
  crime_id VARCHAR NOT NULL, month DATE NOT NULL, reported_by VARCHAR NOT NULL, falls_within VARCHAR,
  longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
  outcome VARCHAR NOT NULL, line INTEGER NOT NULL, file VARCHAR, load_id INTEGER);
-- the local authority of the row's LSOA (NO-LOCATION without one; NULL when neither its code nor its name places it),
-- as a street row's area_code; policeuk_outcomes_counted: every area it counts toward (policeuk_placed)
ALTER TABLE policeuk_outcomes ADD COLUMN IF NOT EXISTS area_code VARCHAR;
CREATE OR REPLACE VIEW policeuk_outcomes_counted AS SELECT * FROM policeuk_placed('policeuk_outcomes');

-- Each police.uk crime's current outcome: the latest recorded in the loaded outcomes files (by month; the later row
-- of a file on a tie), else its street file's "Last outcome category". Rebuilt by data/monthly-counts.sql.
CREATE TABLE IF NOT EXISTS policeuk_current_outcomes (crime_id VARCHAR NOT NULL, month DATE, outcome VARCHAR);
-- a crime's current outcome from its outcomes-file outcome (recorded) and its street file's (street)
CREATE OR REPLACE MACRO current_outcome(recorded, street) AS coalesce(recorded, nullif(trim(street), ''));
CREATE OR REPLACE VIEW policeuk_crimes AS
  SELECT p.*, current_outcome(o.outcome, p.outcome) AS current_outcome,
         CASE WHEN o.outcome IS NOT NULL THEN 'outcomes' WHEN nullif(trim(p.outcome), '') IS NOT NULL THEN 'street' END AS outcome_from
  FROM policeuk_incidents p LEFT JOIN policeuk_current_outcomes o USING (crime_id)
  WHERE p.crime_id IS NOT NULL;
-- the same, for every area each crime counts toward (policeuk_counted)
CREATE OR REPLACE VIEW policeuk_crimes_counted AS
  SELECT p.*, current_outcome(o.outcome, p.outcome) AS current_outcome,
         CASE WHEN o.outcome IS NOT NULL THEN 'outcomes' WHEN nullif(trim(p.outcome), '') IS NOT NULL THEN 'street' END AS outcome_from
  FROM policeuk_counted p LEFT JOIN policeuk_current_outcomes o USING (crime_id)
  WHERE p.crime_id IS NOT NULL;

-- data.police.uk stop-and-search files (source 'stopsearch'): one row per search. Slice = (force from the file name,
-- file_month = the file's month from its name); month = the Europe/London month of the search's date, in which it
-- counts; area_code = the London borough containing its coordinates (data/boroughs.ts), else (a force outside London)
-- the local authority district containing them (data/places.ts; OUTSIDE-LONDON for a London force's search, as before
-- issue 24); NO-LOCATION without coordinates (or a point outside England and Wales).
CREATE TABLE IF NOT EXISTS stopsearch_searches (
  force VARCHAR NOT NULL, file_month DATE NOT NULL, month DATE NOT NULL, searched_at TIMESTAMP NOT NULL,
  date_text VARCHAR, type VARCHAR, part_of_operation VARCHAR, policing_operation VARCHAR, latitude DOUBLE, longitude DOUBLE,
  gender VARCHAR, age_range VARCHAR, self_defined_ethnicity VARCHAR, officer_defined_ethnicity VARCHAR, legislation VARCHAR,
  object_of_search VARCHAR, outcome VARCHAR, outcome_linked BOOLEAN, removal_of_clothing BOOLEAN,
  area_code VARCHAR NOT NULL, line INTEGER, file VARCHAR, load_id INTEGER);
-- Every area each search counts toward. A London force's (the Met's, the City of London Police's) in its area_code
-- only, as before issue 24. Another force's by the police.uk placement rule (policeuk_placed, above) with no LSOA: its
-- LAD, the CSP its LAD is whole in, the force area its LAD is in; No location and the reporting force's own force area
-- without coordinates. A LAD split between CSPs gives its searches to none of them (the coordinates are not matched to
-- LSOAs): their stop and search is a gap (data/schema.sql's coverage). London's two force areas count none (their
-- forces' searches count in their boroughs): never a zero from another force's few searches in London.
CREATE OR REPLACE VIEW stopsearch_placeable AS
  SELECT s.*, s.force AS reported_by, NULL::VARCHAR AS lsoa_code FROM stopsearch_searches s
  WHERE s.force NOT IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la' AND force IS NOT NULL);
CREATE OR REPLACE VIEW stopsearch_counted AS
  SELECT s.*, s.force AS reported_by, NULL::VARCHAR AS lsoa_code FROM stopsearch_searches s
  WHERE s.force IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la')
  UNION ALL
  SELECT * FROM policeuk_placed('stopsearch_placeable')
  WHERE area_code NOT IN (SELECT code FROM areas WHERE level = 'pfa' AND region = 'London' AND code IS NOT NULL);
-- The stop-search categories each search counts toward (category-ids.csv): every search is 'stop-search'.
CREATE OR REPLACE VIEW stopsearch_categories AS
  SELECT s.*, c.category_id FROM stopsearch_counted s, LATERAL (
    SELECT unnest(list_concat(['stop-search'],
      CASE WHEN s.object_of_search IN ('Offensive weapons', 'Firearms') THEN ['stop-search-weapons'] ELSE [] END,
      CASE WHEN s.object_of_search = 'Controlled drugs' THEN ['stop-search-drugs'] ELSE [] END,
      CASE WHEN s.object_of_search = 'Stolen goods' THEN ['stop-search-stolen-goods'] ELSE [] END,
      -- only searches whose age range was recorded as under 18 (police.uk: 'under 10', '10-17')
      CASE WHEN s.age_range IN ('under 10', '10-17') THEN ['stop-search-under-18'] ELSE [] END)) AS category_id) c;

-- Local incident-level extracts (police crime system, ASB case system): one row per incident.
-- victim_key/location_key are HMAC-SHA-256 pseudonyms made at ingest (data/pseudonymise.ts): raw ids are never stored.
CREATE TABLE IF NOT EXISTS local_incidents (
  incident_id VARCHAR NOT NULL, date DATE NOT NULL, month DATE NOT NULL, slice VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL, raw_area VARCHAR, category VARCHAR, category_ids VARCHAR[] NOT NULL,
  type VARCHAR NOT NULL, ward VARCHAR, lsoa VARCHAR, victim_key VARCHAR, location_key VARCHAR,
  domestic_abuse BOOLEAN NOT NULL, hate_strands VARCHAR[] NOT NULL, knife BOOLEAN NOT NULL, injury BOOLEAN NOT NULL,
  victim_age INTEGER, outcome VARCHAR, load_id INTEGER);

-- Manual indicator values (the `indicators` format): survey %, proven re-offending, Prevent training…
CREATE TABLE IF NOT EXISTS manual_values (
  indicator_id VARCHAR NOT NULL, area_code VARCHAR NOT NULL, period_end DATE NOT NULL, value DOUBLE NOT NULL,
  target DOUBLE, note VARCHAR, load_id INTEGER, PRIMARY KEY (indicator_id, area_code, period_end));

-- The filters of data/outcomes.json's count and share indicators (one row per clause; a NULL column does not filter),
-- and data/reference/outcome-types.csv: both rewritten at every load.
CREATE TABLE IF NOT EXISTS indicator_filters (
  id VARCHAR NOT NULL, kind VARCHAR NOT NULL, clause INTEGER NOT NULL, categories VARCHAR[], type VARCHAR,
  domestic_abuse BOOLEAN, knife BOOLEAN, injury BOOLEAN, hate_strand VARCHAR, age_min INTEGER, age_max INTEGER,
  plain BOOLEAN);
CREATE TABLE IF NOT EXISTS outcome_types (label_key VARCHAR PRIMARY KEY, sanction_detection BOOLEAN, positive_outcome BOOLEAN);
-- charged: the suspect was charged or summonsed (including every court outcome that follows a charge);
-- pending: not an outcome yet ("Under investigation", "Status update unavailable")
ALTER TABLE outcome_types ADD COLUMN IF NOT EXISTS charged BOOLEAN;
ALTER TABLE outcome_types ADD COLUMN IF NOT EXISTS pending BOOLEAN;
-- Which local incidents each count/share indicator's filter matches: rebuilt by data/monthly-counts.sql at every load.
CREATE TABLE IF NOT EXISTS local_indicator_members (indicator_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, incident_id VARCHAR NOT NULL);
-- what the repeat-victimisation statement reads, copied beside each membership so it needs no join
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS area_code VARCHAR;
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS date DATE;
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS victim_key VARCHAR;
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS location_key VARCHAR;
-- the victim's (location's) latest other incident of the same indicator and area strictly before this one's date:
-- "a repeat" = one within the year before, wherever the data reaches
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS victim_before DATE;
ALTER TABLE local_indicator_members ADD COLUMN IF NOT EXISTS location_before DATE;
-- Every local incident once per count/share indicator whose filter it matches.
CREATE OR REPLACE VIEW local_indicator_incidents AS
  SELECT m.indicator_id, m.kind, i.* FROM local_indicator_members m JOIN local_incidents i USING (incident_id);

-- Monthly counts per source, area and canonical category: what every indicator query reads.
-- Rebuilt inside each load's transaction, so it always matches the rows above.
CREATE TABLE IF NOT EXISTS monthly_counts (
  source VARCHAR NOT NULL, area_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL,
  month DATE NOT NULL, count BIGINT NOT NULL);

-- Which categories each (source, area, month) has data for: rebuilt at every load by data/coverage.sql. category_id
-- is a canonical id (mps, policeuk, stopsearch, local) or, for local extracts, a facet: 'type:crime', 'type:asb' or
-- 'column:<name>' (the extract had that column). A category missing here is a gap for it, not a zero.
DROP TABLE IF EXISTS category_coverage_lists;
CREATE TABLE IF NOT EXISTS category_coverage (
  source VARCHAR NOT NULL, area_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL, month DATE NOT NULL);

-- Shares per month, for the indicator engine: k of n. Rebuilt by data/monthly-counts.sql at every load.
-- policeuk: per area x crosswalk category x crime month, n = crimes, k = crimes whose current outcome is
--   with_outcome (an outcome, not pending), positive_outcome, sanction_detection or charged (outcome-types.csv);
-- stopsearch: per area x stop-search category x month, measure 'arrest' (n = searches with an outcome recorded,
--   k = outcome Arrest, or Suspect arrested as the older files (2015) say) and 'find' (n = searches whose "Outcome linked to object of search" is recorded, k = True).
CREATE TABLE IF NOT EXISTS monthly_shares (
  source VARCHAR NOT NULL, area_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL, measure VARCHAR NOT NULL,
  month DATE NOT NULL, k BIGINT NOT NULL, n BIGINT NOT NULL);

-- Which (source, area, month) has data: a month missing here is a gap, not a zero.
CREATE OR REPLACE VIEW coverage AS
  SELECT 'mps' AS source, slice AS area_code, month FROM slices WHERE source = 'mps'
  UNION
  -- a police.uk force's month covers every area that force polices, and the areas its rows with no LSOA (No location)
  -- or an LSOA outside London (Outside London) are counted under: not places, their figure is the rows of the files
  -- loaded for the month (Met and City of London if both are); data/coverage.sql narrows them by category
  SELECT 'policeuk', a.code, s.month FROM slices s JOIN areas a ON a.force = s.slice OR a.code IN ('NO-LOCATION', 'OUTSIDE-LONDON')
  WHERE s.source = 'policeuk'
  UNION
  -- a force's stop-and-search file for a month covers every area that force polices, and the areas its searches
  -- with no coordinates (No location) or, a London force's, outside London (Outside London) are counted under: their
  -- counts are known. Not the CSPs of a LAD split between CSPs (searches are placed to the LAD only) nor London's
  -- force areas (stopsearch_counted): gaps, never zeros
  SELECT 'stopsearch', a.code, s.month FROM slices s
  JOIN areas a ON a.force = s.slice OR a.code = 'NO-LOCATION'
    OR (a.code = 'OUTSIDE-LONDON' AND s.slice IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la'))
  WHERE s.source = 'stopsearch'
    AND NOT coalesce(a.level = 'pfa' AND a.region = 'London', false)
    AND a.code NOT IN (SELECT w.area_code FROM area_within w JOIN areas c ON c.code = w.area_code AND c.level = 'csp'
                       JOIN areas l ON l.code = w.within_code AND l.level = 'la')
  UNION
  -- local extracts: slice = 'area code|crime' or 'area code|asb'; every month from an area's first to last incident
  SELECT 'local', split_part(slice, '|', 1), month FROM slices WHERE source = 'local'
  UNION
  -- MPS dashboard: slice = 'family|area code'; a file covers every area it holds a row for (the files publish only
  -- non-zero counts), in every month it holds the family; data/coverage.sql narrows it to the family's categories
  SELECT 'mpsdash', split_part(slice, '|', 2), month FROM slices WHERE source = 'mpsdash';

-- Wards (data/reference/wards.csv, refreshed at every load): the 704 London wards of the ONS December 2022 boundaries
-- with their borough and Census 2021 usual residents (summed over each ward's LSOAs, best fit; null for the 20 City
-- of London wards with no LSOA). Ward files are keyed on these codes, never on names.
CREATE TABLE IF NOT EXISTS wards (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, borough_code VARCHAR NOT NULL, population_2021 BIGINT);

-- MPS ward-level crime (source 'mpsward', data/formats/mpsward.ts), long form: one row per published row x month.
-- slice = the area code of the row's LookUp_BoroughName (a borough, or e.g. MPS-AVSEC for Aviation Security): a newer
-- file replaces the (slice, month) pairs it covers. ward_code is the published code trimmed; borough_code is the
-- ward's borough from the reference (wards) when the code is a 2022 ward, else the slice (a pseudo ward: a pre-2022
-- "(NOT ACTIVE)" code, N/K, -1, NON ATHENA FORCE or none, counted as the borough's unplaced part).
CREATE TABLE IF NOT EXISTS mpsward_counts (
  slice VARCHAR NOT NULL, ward_code VARCHAR NOT NULL, ward_name VARCHAR, borough_code VARCHAR NOT NULL, raw_borough VARCHAR,
  major VARCHAR, minor VARCHAR, label_key VARCHAR NOT NULL, month DATE NOT NULL, count INTEGER NOT NULL,
  file VARCHAR, load_id INTEGER);

-- Monthly counts per ward-level source, ward and canonical category (data/wards.sql, rebuilt at every load). A ward
-- code not in `wards` is a pseudo ward: part of its borough's unplaced crimes, never ranked. Another source's ward
-- rows (e.g. the MPS dashboard's 'mpsdash') are one more INSERT in data/wards.sql.
CREATE TABLE IF NOT EXISTS ward_monthly_counts (
  source VARCHAR NOT NULL, ward_code VARCHAR NOT NULL, borough_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL,
  month DATE NOT NULL, count BIGINT NOT NULL);
-- Which (source, borough, category, month) the ward rows cover: a ward with no row in a covered month has 0 there;
-- a month not covered is a gap.
CREATE TABLE IF NOT EXISTS ward_coverage (
  source VARCHAR NOT NULL, borough_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL, month DATE NOT NULL);
