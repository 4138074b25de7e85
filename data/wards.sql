-- Rebuilds the ward-level derived tables (data/schema.sql: ward_monthly_counts, ward_coverage) from the loaded ward
-- rows, in full at every load (they are small). A row counts toward every id the crosswalk gives its label; a label
-- the crosswalk does not know counts under 'unmapped'.
DELETE FROM ward_monthly_counts;
INSERT INTO ward_monthly_counts
SELECT 'mpsward', w.ward_code, w.borough_code, coalesce(c.category_id, 'unmapped'), w.month, sum(w.count)
FROM mpsward_counts w LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
-- the MPS dashboard's Safer Neighbourhood Team rows: keyed on the trimmed ward code, under the borough their name
-- starts with; offences and victims only (each subtype its own id: never added together); two rows of a ward, month,
-- subtype and measure are added
INSERT INTO ward_monthly_counts
SELECT 'mpsdash', ward_code, area_code, category_id, month, sum(count)
FROM mpsdash_counts WHERE area_type = 'ward' AND ward_code IS NOT NULL AND measure IN ('offences', 'victims')
GROUP BY ALL;

DELETE FROM ward_coverage;
-- mpsward: a slice (the file's borough, month) covers that borough for every id the MPS crosswalk can express. (Heathrow
-- Villages, listed under Aviation Security, counts in Hillingdon; Hillingdon's coverage is its own slice's.)
INSERT INTO ward_coverage
SELECT DISTINCT 'mpsward', s.slice, c.category_id, s.month
FROM slices s CROSS JOIN (SELECT DISTINCT category_id FROM category_map WHERE scheme LIKE 'mps%') c
WHERE s.source = 'mpsward';
-- mpsdash: a ('family|borough', month) slice covers the family's offence and victim ids in that borough's wards when
-- the loaded file holds ward rows of the borough in that month (an absent ward row there is 0); a month whose file
-- holds only the borough's own rows (a file cut to Borough rows) is a gap for its wards, never 0
INSERT INTO ward_coverage
SELECT DISTINCT 'mpsdash', split_part(s.slice, '|', 2), m.category_id, s.month
FROM slices s JOIN mpsdash_map m ON m.family = split_part(s.slice, '|', 1) AND m.measure IN ('offences', 'victims')
SEMI JOIN (SELECT DISTINCT area_code, month FROM mpsdash_counts WHERE area_type = 'ward') w
  ON w.area_code = split_part(s.slice, '|', 2) AND w.month = s.month
WHERE s.source = 'mpsdash' AND split_part(s.slice, '|', 2) LIKE 'E09%';
