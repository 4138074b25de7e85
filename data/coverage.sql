-- Rebuilds category_coverage: which (source, area, category, month) has data. Run at every load, after
-- monthly-counts.sql. A source covers a category in a month only if it can express that category and a loaded file
-- of it holds that month for that area: anything else is a gap, never a zero.
DELETE FROM category_coverage;
INSERT INTO category_coverage
WITH
-- police.uk: the crime types each force's month holds
held AS (
  SELECT reported_by AS force, month, list(DISTINCT label_key) AS labels FROM policeuk_incidents GROUP BY ALL
),
policeuk_ids AS (
  SELECT category_id, list(DISTINCT label_key) AS labels FROM category_map WHERE scheme = 'policeuk' GROUP BY 1
),
local_slices AS (
  SELECT split_part(slice, '|', 1) AS area_code, split_part(slice, '|', 2) AS type, month,
         -- databases loaded before columns were recorded: every column
         coalesce(columns, ['ward', 'lsoa', 'victim_id', 'location_id', 'domestic_abuse', 'hate_strand', 'knife',
                            'injury', 'victim_age', 'outcome', 'type']) AS columns
  FROM slices WHERE source = 'local'
),
-- a local category resolves through every label of the crosswalk
local_crime_ids AS (SELECT DISTINCT category_id FROM category_map WHERE category_id NOT IN ('asb', 'unmapped')),
long AS (
  -- MPS: a borough's month (one slice) covers every id the MPS crosswalk can express
  SELECT 'mps' AS source, s.slice AS area_code, s.month, c.category_id AS key
  FROM slices s CROSS JOIN (SELECT DISTINCT category_id FROM category_map WHERE scheme LIKE 'mps%') c
  WHERE s.source = 'mps'
  UNION ALL
  -- police.uk: a force's month covers every area that force polices, for each id the police.uk crime types
  -- express; a file holding 3 crime types or fewer (a cut, e.g. burglary only) covers only ids all of whose types it holds
  SELECT 'policeuk', a.code, s.month, i.category_id
  FROM slices s
  JOIN areas a ON a.force = s.slice
  LEFT JOIN held h ON h.force = s.slice AND h.month = s.month
  CROSS JOIN policeuk_ids i
  WHERE s.source = 'policeuk' AND (coalesce(len(h.labels), 0) > 3 OR list_has_all(coalesce(h.labels, []), i.labels))
  UNION ALL
  -- local extracts (slice = 'area code|crime' or 'area code|asb', every month from the area's first to last
  -- incident): a crime slice covers 'type:crime' and every crosswalk id but ASB; an ASB slice 'type:asb' and 'asb';
  -- both cover 'column:<name>' for each column the loading file had
  SELECT 'local', area_code, month, 'type:' || type FROM local_slices
  UNION ALL SELECT 'local', area_code, month, 'asb' FROM local_slices WHERE type = 'asb'
  UNION ALL
  SELECT 'local', l.area_code, l.month, c.category_id FROM local_slices l CROSS JOIN local_crime_ids c WHERE l.type = 'crime'
  UNION ALL SELECT 'local', area_code, month, 'column:' || unnest(columns) FROM local_slices
  UNION ALL
  -- any other source (e.g. stopsearch): its (area, month) coverage for every category it has counts of
  SELECT c.source, c.area_code, c.month, m.category_id
  FROM coverage c
  JOIN (SELECT DISTINCT source, category_id FROM monthly_counts WHERE source NOT IN ('mps', 'policeuk', 'local')) m
    USING (source)
  WHERE c.source NOT IN ('mps', 'policeuk', 'local')
)
-- ordered by month, so a window's queries read only its months' row groups
SELECT DISTINCT source, area_code, key, month FROM long ORDER BY month, source, area_code;
