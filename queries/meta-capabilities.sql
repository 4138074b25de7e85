-- The canonical category ids each source can express: MPS and police.uk their crosswalk ids, local extracts every
-- crosswalk id, the MPS dashboard its crosswalk's ids, any other source (stop and search) the ids it holds counts of.
SELECT source, list(DISTINCT category_id ORDER BY category_id) AS ids FROM (
  SELECT CASE WHEN scheme LIKE 'mps%' THEN 'mps' ELSE 'policeuk' END AS source, category_id
  FROM category_map WHERE scheme LIKE 'mps%' OR scheme = 'policeuk'
  UNION ALL SELECT 'local', category_id FROM category_map WHERE category_id <> 'unmapped'
  -- the MPS dashboard: the ids its crosswalk counts (offences or victims), data/reference/mpsdash-crosswalk.csv
  UNION ALL SELECT 'mpsdash', category_id FROM mpsdash_map WHERE measure IN ('offences', 'victims')
  UNION ALL SELECT source, category_id FROM monthly_counts WHERE source NOT IN ('mps', 'policeuk', 'mpsdash') AND category_id <> 'unmapped')
GROUP BY source;
