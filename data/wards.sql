-- Rebuilds the ward-level derived tables (data/schema.sql: ward_monthly_counts, ward_coverage) from the loaded ward
-- rows, in full at every load (they are small). A row counts toward every id the crosswalk gives its label; a label
-- the crosswalk does not know counts under 'unmapped'.
DELETE FROM ward_monthly_counts;
INSERT INTO ward_monthly_counts
SELECT 'mpsward', w.ward_code, w.borough_code, coalesce(c.category_id, 'unmapped'), w.month, sum(w.count)
FROM mpsward_counts w LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
-- (mpsdash, after merge: INSERT INTO ward_monthly_counts SELECT 'mpsdash', ward_code, borough_code, category_id, month,
-- sum(count) FROM mpsdash_counts WHERE area_type = 'ward' ... GROUP BY ALL; and its coverage below)

DELETE FROM ward_coverage;
-- mpsward: a slice (the file's borough, month) covers that borough for every id the MPS crosswalk can express. (Heathrow
-- Villages, listed under Aviation Security, counts in Hillingdon; Hillingdon's coverage is its own slice's.)
INSERT INTO ward_coverage
SELECT DISTINCT 'mpsward', s.slice, c.category_id, s.month
FROM slices s CROSS JOIN (SELECT DISTINCT category_id FROM category_map WHERE scheme LIKE 'mps%') c
WHERE s.source = 'mpsward';
