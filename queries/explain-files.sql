-- The files a figure's months came from (/api/explain): for source $source, the slices of area $area (MPS: the
-- borough; police.uk and stop and search: the force that polices it; local: 'area|crime' and/or 'area|asb', the kinds
-- in $types, JSON ["crime"]) in the covered months $months (JSON ["YYYY-MM", …]), with the load that wrote each and
-- when it finished. slice_rows: the rows the file held for those slices and months, every category. classification
-- (MPS): the crime classification those slices were published in, from their labels (data/classifications.sql):
-- series breaks are named where it changes.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month),
wanted AS (
  SELECT CAST($area AS VARCHAR) AS slice WHERE CAST($source AS VARCHAR) = 'mps'
  UNION ALL
  SELECT force FROM areas WHERE code = CAST($area AS VARCHAR) AND CAST($source AS VARCHAR) IN ('policeuk', 'stopsearch')
  UNION ALL
  SELECT CAST($area AS VARCHAR) || '|' || unnest(from_json(CAST($types AS VARCHAR), '["VARCHAR"]')) WHERE CAST($source AS VARCHAR) = 'local'
)
SELECT s.file, s.load_id, strftime(l.finished_at, '%Y-%m-%dT%H:%M:%SZ') AS loaded_at,
       list(DISTINCT ym_text(s.month) ORDER BY ym_text(s.month)) AS months, sum(s.rows)::INTEGER AS slice_rows,
       s.classification
FROM slices s
LEFT JOIN loads l USING (load_id)
WHERE s.source = CAST($source AS VARCHAR) AND s.slice IN (SELECT slice FROM wanted) AND s.month IN (SELECT month FROM months)
GROUP BY ALL
ORDER BY s.load_id, s.file;
