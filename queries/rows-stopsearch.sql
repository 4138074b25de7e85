-- The data.police.uk stop-and-search rows behind a figure (/api/rows): every search of area $area counted under
-- category $category (stopsearch_categories, as data/monthly-counts.sql counts them) in the covered months $months.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month)
SELECT ym_text(s.month) AS month, strftime(s.searched_at, '%Y-%m-%dT%H:%M:%S') AS searched_at, s.force, s.type,
       s.object_of_search, s.legislation, s.outcome, s.outcome_linked, s.age_range, s.gender,
       s.officer_defined_ethnicity, s.latitude, s.longitude, s.area_code, s.category_id, s.file, s.load_id
FROM stopsearch_categories s
WHERE s.category_id = CAST($category AS VARCHAR) AND s.area_code = CAST($area AS VARCHAR)
  AND s.month IN (SELECT month FROM months)
ORDER BY s.searched_at, s.file, s.line;
