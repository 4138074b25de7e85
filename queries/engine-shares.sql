-- The indicator engine's outcome shares, for every share indicator ($specs: JSON [{key, source, indicator, category,
-- measure}]) and every area ($area NULL) or one (local extracts only; public sources always every area), over the two windows of a comparison (by the month of the incident,
-- crime or search), as k of n per measure:
--   local: the indicator's incidents (n), those with an outcome recorded, a sanction detection or a positive outcome
--     (outcome labels mapped by data/reference/outcome-types.csv; an unknown label counts as neither);
--   policeuk / stopsearch: monthly_shares (made at load: crimes by their current outcome; searches' arrests and finds).
WITH spec AS (
  SELECT unnest(from_json(CAST($specs AS VARCHAR),
    '[{"key":"VARCHAR","source":"VARCHAR","indicator":"VARCHAR","category":"VARCHAR","measure":"VARCHAR"}]'), recursive := true)
),
months AS (SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR))),
local_rows AS (
  SELECT s.key, i.area_code, m.w,
         count(*) AS n,
         count(nullif(trim(i.outcome), '')) AS with_outcome,
         count(*) FILTER (WHERE o.sanction_detection) AS sanction_detection,
         count(*) FILTER (WHERE o.positive_outcome) AS positive_outcome,
         count(*) FILTER (WHERE o.charged) AS charged
  FROM spec s
  JOIN local_indicator_members mem ON mem.indicator_id = s.indicator AND mem.kind = 'share'
  JOIN local_incidents i USING (incident_id)
  JOIN months m ON m.month = i.month
  LEFT JOIN outcome_types o ON o.label_key = lower(trim(i.outcome))
  WHERE s.source = 'local' AND (CAST($area AS VARCHAR) IS NULL OR i.area_code = CAST($area AS VARCHAR))
  GROUP BY ALL
)
SELECT key, area_code, w, n::INTEGER AS n, measure, k::INTEGER AS k
FROM local_rows UNPIVOT (k FOR measure IN (with_outcome, sanction_detection, positive_outcome, charged))
UNION ALL
SELECT s.key, x.area_code, m.w, sum(x.n)::INTEGER, s.measure, sum(x.k)::INTEGER
FROM spec s
JOIN monthly_shares x ON x.source = s.source AND x.category_id = s.category AND x.measure = s.measure
JOIN months m ON m.month = x.month
-- public sources for every area, whatever $area: their rates are ranked across London
WHERE s.source <> 'local'
GROUP BY ALL;
