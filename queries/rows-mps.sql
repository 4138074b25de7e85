-- The MPS cells behind a figure (/api/rows): every borough x major x minor x month cell of area $area whose label the
-- crosswalk maps to category $category, in the covered months $months (JSON ["YYYY-MM", …]), with the file that
-- loaded it. Joined to the crosswalk exactly as data/monthly-counts.sql counts them, so the cells add up to the figure.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month)
SELECT ym_text(m.month) AS month, m.area_code, m.raw_area AS borough, m.major, m.minor, c.category_id,
       m.count::INTEGER AS count, s.file, m.load_id
FROM mps_counts m
JOIN category_map c USING (label_key)
LEFT JOIN slices s ON s.source = 'mps' AND s.slice = m.area_code AND s.month = m.month
WHERE c.category_id = CAST($category AS VARCHAR) AND m.area_code = CAST($area AS VARCHAR)
  AND m.month IN (SELECT month FROM months)
ORDER BY m.month, m.major, m.minor;
