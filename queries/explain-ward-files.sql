-- The files a ward figure's months came from (/api/explain?route=wards): for each source in $sources (JSON ["mpsward",
-- "mps"]: the ward-level source and the borough-level one its unplaced remainder is taken from), the slices of borough
-- $area (the borough code, or 'family|borough' for the MPS dashboard) in the covered months $months (JSON
-- ["YYYY-MM", …]), with the load that wrote each and when it finished. slice_rows: the rows the file held for those
-- slices and months, every category.
WITH months AS (SELECT ym(unnest(from_json(CAST($months AS VARCHAR), '["VARCHAR"]'))) AS month),
sources AS (SELECT unnest(from_json(CAST($sources AS VARCHAR), '["VARCHAR"]')) AS source)
SELECT s.file, s.load_id, strftime(l.finished_at, '%Y-%m-%dT%H:%M:%SZ') AS loaded_at,
       list(DISTINCT ym_text(s.month) ORDER BY ym_text(s.month)) AS months, sum(s.rows)::INTEGER AS slice_rows, s.source
FROM slices s
LEFT JOIN loads l USING (load_id)
WHERE s.source IN (SELECT source FROM sources)
  AND (s.slice = CAST($area AS VARCHAR) OR s.slice LIKE '%|' || CAST($area AS VARCHAR))
  AND s.month IN (SELECT month FROM months)
GROUP BY ALL
ORDER BY s.source DESC, s.load_id, s.file;
