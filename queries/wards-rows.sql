-- The published rows of the MPS ward file behind one ward's count ($ward; or every pseudo ward of the borough when
-- $ward is '' : the unplaced rows) for a category, in the months listed ($months: the covered months of the window).
SELECT w.ward_code, w.ward_name, w.raw_borough AS published_borough, w.major, w.minor, strftime(w.month, '%Y-%m') AS month,
       w.count::DOUBLE AS count, w.file, w.load_id
FROM mpsward_counts w
WHERE w.label_key IN (SELECT label_key FROM category_map WHERE category_id = $category) AND w.borough_code = $area
  AND (CASE WHEN $ward = '' THEN w.ward_code NOT IN (SELECT code FROM wards) ELSE w.ward_code = $ward END)
  AND list_contains(string_split($months, ','), strftime(w.month, '%Y-%m'))
ORDER BY w.ward_code, w.month, w.major, w.minor;
