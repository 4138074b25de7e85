-- The local-extract incidents behind a figure (/api/rows): every incident of area $area counted under $category in
-- the covered months $months (JSON ["YYYY-MM", …]), as data/monthly-counts.sql counts them: a crosswalk id through the
-- incident's category ids, any other id (a flag indicator such as knife-crime) through its indicator membership.
-- Victims and places appear only as the pseudonyms made at load (victim_key, location_key); the extract's own
-- incident, victim and location ids are never shown.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month),
crosswalk AS (SELECT EXISTS (SELECT 1 FROM category_map WHERE category_id = CAST($category AS VARCHAR)) AS yes)
SELECT ym_text(i.month) AS month, strftime(i.date, '%Y-%m-%d') AS date, i.area_code, i.raw_area, i.type, i.category,
       i.ward, i.lsoa, i.victim_key, i.location_key, i.domestic_abuse, array_to_string(i.hate_strands, ';') AS hate_strands,
       i.knife, i.injury, i.victim_age, i.outcome, s.file, i.load_id
FROM local_incidents i
LEFT JOIN slices s ON s.source = 'local' AND s.slice = i.slice AND s.month = i.month
WHERE i.area_code = CAST($area AS VARCHAR) AND i.month IN (SELECT month FROM months)
  AND CASE WHEN (SELECT yes FROM crosswalk) THEN list_contains(i.category_ids, CAST($category AS VARCHAR))
      ELSE i.incident_id IN (SELECT incident_id FROM local_indicator_members
                             WHERE indicator_id = CAST($category AS VARCHAR) AND kind = 'count') END
ORDER BY i.date, i.slice, i.incident_id;
