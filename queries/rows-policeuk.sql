-- The data.police.uk street-level rows behind a figure (/api/rows): every row of area $area whose crime type the
-- crosswalk maps to category $category, in the covered months $months (JSON ["YYYY-MM", …]). Joined to the crosswalk
-- exactly as data/monthly-counts.sql counts them, so the number of rows is the figure. Locations are police.uk's own
-- anonymised snap points.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month)
SELECT ym_text(p.month) AS month, p.crime_id, p.reported_by, p.falls_within, p.longitude, p.latitude, p.location,
       p.lsoa_code, p.lsoa_name, p.crime_type, p.outcome AS last_outcome_category, p.context, p.area_code, p.file, p.load_id
FROM policeuk_counted p
JOIN category_map c USING (label_key)
WHERE c.category_id = CAST($category AS VARCHAR) AND p.area_code = CAST($area AS VARCHAR)
  AND p.month IN (SELECT month FROM months)
ORDER BY p.month, p.crime_type, p.lsoa_code, p.crime_id;
