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

-- MPS borough-level counts, long form (one row per borough x major x minor x month).
CREATE TABLE IF NOT EXISTS mps_counts (
  area_code VARCHAR NOT NULL, raw_area VARCHAR, major VARCHAR, minor VARCHAR, label_key VARCHAR NOT NULL,
  month DATE NOT NULL, count INTEGER NOT NULL, load_id INTEGER);

-- data.police.uk street-level rows, crime and ASB (ASB rows have no crime_id).
CREATE TABLE IF NOT EXISTS policeuk_incidents (
  crime_id VARCHAR, month DATE NOT NULL, reported_by VARCHAR NOT NULL, falls_within VARCHAR,
  longitude DOUBLE, latitude DOUBLE, location VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
  crime_type VARCHAR NOT NULL, label_key VARCHAR NOT NULL, outcome VARCHAR, context VARCHAR,
  area_code VARCHAR NOT NULL, load_id INTEGER);

-- Monthly counts per source, area and canonical category: what every indicator query reads.
-- Rebuilt inside each load's transaction, so it always matches the rows above.
CREATE TABLE IF NOT EXISTS monthly_counts (
  source VARCHAR NOT NULL, area_code VARCHAR NOT NULL, category_id VARCHAR NOT NULL,
  month DATE NOT NULL, count BIGINT NOT NULL);

-- Which (source, area, month) has data: a month missing here is a gap, not a zero.
CREATE OR REPLACE VIEW coverage AS
  SELECT 'mps' AS source, slice AS area_code, month FROM slices WHERE source = 'mps'
  UNION
  -- a police.uk force's month covers every area that force polices
  SELECT 'policeuk', a.code, s.month FROM slices s JOIN areas a ON a.force = s.slice WHERE s.source = 'policeuk';
