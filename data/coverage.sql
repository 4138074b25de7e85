-- Rebuilds category_coverage: which (source, area, category, month) has data. Run at every load, after
-- monthly-counts.sql. A source covers a category in a month only if it can express that category and a loaded file
-- of it holds that month for that area: anything else is a gap, never a zero.
-- A full rebuild (variable derive_all) rebuilds every slice's coverage; after a load (data/load.ts), only that of the
-- slices data/incremental.sql's touched_cells and touched_months name (and stop and search's, which is small).
CREATE OR REPLACE TEMP TABLE coverage_slices AS SELECT * FROM slices s
WHERE getvariable('derive_all') OR s.source NOT IN ('mps', 'policeuk', 'local')
  OR (s.source = 'mps' AND EXISTS (
    SELECT 1 FROM touched_cells t WHERE t.source = 'mps' AND t.area_code = s.slice AND t.month = s.month))
  OR (s.source = 'local' AND EXISTS (
    SELECT 1 FROM touched_cells t WHERE t.source = 'local' AND t.area_code = split_part(s.slice, '|', 1) AND t.month = s.month))
  OR (s.source = 'policeuk' AND s.month IN (SELECT month FROM touched_months WHERE source = 'policeuk'));
DELETE FROM category_coverage c
WHERE getvariable('derive_all') OR c.source NOT IN ('mps', 'policeuk', 'local')
  OR (c.source IN ('mps', 'local') AND EXISTS (
    SELECT 1 FROM touched_cells t WHERE t.source = c.source AND t.area_code = c.area_code AND t.month = c.month))
  OR (c.source = 'policeuk' AND c.month IN (SELECT month FROM touched_months WHERE source = 'policeuk'));
INSERT INTO category_coverage
WITH
slices AS (SELECT * FROM coverage_slices),
-- police.uk: the crime types each force's month holds, as its load recorded them (slices.labels); a slice loaded before
-- they were recorded, from its rows (reading every row took 36-70 ms of a 1M-row load's ~110)
held AS (
  SELECT slice AS force, month, labels FROM coverage_slices WHERE source = 'policeuk' AND labels IS NOT NULL
  UNION ALL
  SELECT reported_by, month, list(DISTINCT label_key) FROM policeuk_incidents
  WHERE (reported_by, month) IN (SELECT slice, month FROM coverage_slices WHERE source = 'policeuk' AND labels IS NULL)
  GROUP BY ALL
),
policeuk_ids AS (
  SELECT category_id, list(DISTINCT label_key) AS labels FROM category_map WHERE scheme = 'policeuk' GROUP BY 1
),
-- police.uk: (force, month, id) for each id all of whose crime types the force's month holds; a month holding 10 crime
-- types or more is a whole file (a type it lacks is a true zero), one holding fewer a cut (e.g. burglary only, or four
-- types) that covers only the ids all of whose types it holds
policeuk_force_covers AS (
  SELECT s.slice AS force, s.month, i.category_id
  FROM slices s
  LEFT JOIN held h ON h.force = s.slice AND h.month = s.month
  CROSS JOIN policeuk_ids i
  WHERE s.source = 'policeuk' AND (coalesce(len(h.labels), 0) >= 10 OR list_has_all(coalesce(h.labels, []), i.labels))
),
local_slices AS (
  SELECT split_part(slice, '|', 1) AS area_code, split_part(slice, '|', 2) AS type, month,
         -- databases loaded before columns were recorded: every column
         coalesce(columns, ['ward', 'lsoa', 'victim_id', 'location_id', 'domestic_abuse', 'hate_strand', 'knife',
                            'injury', 'victim_age', 'outcome', 'type']) AS columns,
         categories AS held
  FROM slices WHERE source = 'local'
),
local_crime_ids AS (SELECT DISTINCT category_id FROM category_map WHERE category_id NOT IN ('asb', 'unmapped')),
-- Which categories a local extract can express, from the categories its file held (slices.categories: each label's
-- most specific id). A vocabulary is one way of cutting the categories into labels: each scheme of the crosswalk,
-- and mps-2017 read with mps-pre2019 under it (it lists only the labels that changed). An extract covers a category C
-- when, in some vocabulary, every label counted in C has its part of C held: a held id that is one of the label's ids
-- and lies within C (every label with that id also counts in C). So an extract of residential burglary only covers
-- burglary-residential but not burglary, mopac7 or theft; one labelled 'burglary' covers burglary, not its parts.
vocab AS (
  SELECT scheme AS vocab, label_key, category_id FROM category_map WHERE scheme <> 'mps-2017'
  UNION ALL
  SELECT 'mps-2017+pre2019', label_key, category_id FROM category_map WHERE scheme IN ('mps-2017', 'mps-pre2019')
),
label_count AS (SELECT category_id, count(*) AS n FROM category_map GROUP BY 1),
-- (part, whole): every crosswalk label with `part` also counts in `whole`
within_ids AS (
  SELECT j.part, j.whole
  FROM (SELECT p.category_id AS part, w.category_id AS whole, count(*) AS n
        FROM category_map p JOIN category_map w ON w.scheme = p.scheme AND w.label_key = p.label_key GROUP BY ALL) j
  JOIN label_count l ON l.category_id = j.part AND l.n = j.n
),
held_sets AS (SELECT DISTINCT held FROM local_slices WHERE type = 'crime' AND held IS NOT NULL),
held_ids AS (SELECT held, unnest(held) AS h FROM held_sets),
-- (held set, vocabulary, label, C): the label counts in C and the file holds its part of C
label_held AS (
  SELECT DISTINCT hi.held, c.vocab, c.label_key, c.category_id
  FROM vocab c
  JOIN vocab v ON v.vocab = c.vocab AND v.label_key = c.label_key
  JOIN held_ids hi ON hi.h = v.category_id
  JOIN within_ids w ON w.part = hi.h AND w.whole = c.category_id
),
held_covers AS (
  SELECT held, category_id FROM (
    SELECT hs.held, c.vocab, c.category_id, count(DISTINCT c.label_key) AS labels, count(DISTINCT lh.label_key) AS labels_held
    FROM held_sets hs CROSS JOIN vocab c
    LEFT JOIN label_held lh ON lh.held = hs.held AND lh.vocab = c.vocab AND lh.label_key = c.label_key
      AND lh.category_id = c.category_id
    GROUP BY ALL)
  WHERE labels = labels_held
  -- a canonical id held as such covers itself, even one no crosswalk label has
  UNION SELECT held, h FROM held_ids
),
long AS (
  -- MPS: a borough's month (one slice) covers every id the MPS crosswalk can express
  SELECT 'mps' AS source, s.slice AS area_code, s.month, c.category_id AS key
  FROM slices s CROSS JOIN (SELECT DISTINCT category_id FROM category_map WHERE scheme LIKE 'mps%') c
  WHERE s.source = 'mps'
  UNION ALL
  -- police.uk: a force's month covers every area that force polices, for each id its file can express (above)
  SELECT 'policeuk', a.code, f.month, f.category_id
  FROM policeuk_force_covers f JOIN areas a ON a.force = f.force
  UNION ALL
  -- police.uk No location (rows with no LSOA) and Outside London (an LSOA outside London) are not places: their figure
  -- is the rows of the files loaded for the month (every force's). They cover (month, C) when at least one force's
  -- file for the month is loaded and every one loaded can express C: a cut lacking C's types lacks its rows of C there
  SELECT 'policeuk', a.code, f.month, f.category_id
  FROM (SELECT month, category_id, count(*) AS forces FROM policeuk_force_covers GROUP BY ALL) f
  JOIN (SELECT month, count(*) AS forces FROM slices WHERE source = 'policeuk' GROUP BY 1) m
    ON m.month = f.month AND m.forces = f.forces
  CROSS JOIN (SELECT code FROM areas WHERE code = 'NO-LOCATION') a
  UNION ALL
  -- Outside London is the London forces' rows (the Met's, the City of London Police's: data/schema.sql): the same rule
  -- over their files only, so another force's file neither covers nor uncovers it
  SELECT 'policeuk', 'OUTSIDE-LONDON', f.month, f.category_id
  FROM (SELECT month, category_id, count(*) AS forces FROM policeuk_force_covers
        WHERE force IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la') GROUP BY ALL) f
  JOIN (SELECT month, count(*) AS forces FROM slices WHERE source = 'policeuk'
        AND slice IN (SELECT force FROM areas WHERE region = 'London' AND level = 'la') GROUP BY 1) m
    ON m.month = f.month AND m.forces = f.forces
  WHERE EXISTS (SELECT 1 FROM areas WHERE code = 'OUTSIDE-LONDON')
  UNION ALL
  -- local extracts (slice = 'area code|crime' or 'area code|asb', every month from the area's first to last
  -- incident): a crime slice covers 'type:crime' and the crosswalk ids (but ASB) its file's categories make up (above;
  -- every one in a database loaded before they were recorded); an ASB slice 'type:asb' and 'asb'; both cover
  -- 'column:<name>' for each column the loading file had
  SELECT 'local', area_code, month, 'type:' || type FROM local_slices
  UNION ALL SELECT 'local', area_code, month, 'asb' FROM local_slices WHERE type = 'asb'
  UNION ALL
  SELECT 'local', l.area_code, l.month, c.category_id FROM local_slices l CROSS JOIN local_crime_ids c
  WHERE l.type = 'crime' AND l.held IS NULL
  UNION ALL
  SELECT 'local', l.area_code, l.month, h.category_id FROM local_slices l JOIN held_covers h USING (held)
  WHERE l.type = 'crime' AND h.category_id NOT IN ('asb', 'unmapped')
  UNION ALL SELECT 'local', area_code, month, 'column:' || unnest(columns) FROM local_slices
  UNION ALL
  -- MPS dashboard: a ('family|area', month) slice covers the family's categories (data/reference/mpsdash-crosswalk.csv)
  -- in that area: an absent row there is 0; an area or month no loaded file holds for the family a gap
  SELECT 'mpsdash', split_part(s.slice, '|', 2), s.month, f.category_id
  FROM slices s JOIN (SELECT DISTINCT family, category_id FROM mpsdash_map) f ON f.family = split_part(s.slice, '|', 1)
  WHERE s.source = 'mpsdash'
  UNION ALL
  -- any other source (e.g. stopsearch): its (area, month) coverage for every category it has counts of
  SELECT c.source, c.area_code, c.month, m.category_id
  FROM coverage c
  JOIN (SELECT DISTINCT source, category_id FROM monthly_counts WHERE source NOT IN ('mps', 'policeuk', 'local', 'mpsdash')) m
    USING (source)
  WHERE c.source NOT IN ('mps', 'policeuk', 'local', 'mpsdash')
)
-- ordered by month, so a window's queries read only its months' row groups
SELECT DISTINCT source, area_code, key, month FROM long ORDER BY month, source, area_code;
DROP TABLE coverage_slices;
