-- The indicator engine's outcome shares of local incidents, for every share indicator ($specs: JSON [{key,
-- indicator}]) and every area ($area NULL) or one, over the two windows of a comparison (by incident month): how many
-- incidents, how many have an outcome recorded, and how many ended in a sanction detection or a positive outcome
-- (outcome labels mapped by data/reference/outcome-types.csv; an unknown label counts as neither).
WITH spec AS (
  SELECT unnest(from_json(CAST($specs AS VARCHAR), '[{"key":"VARCHAR","indicator":"VARCHAR"}]'), recursive := true)
),
months AS (SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR)))
SELECT s.key, i.area_code, m.w,
       count(*)::INTEGER AS n,
       count(nullif(trim(i.outcome), ''))::INTEGER AS with_outcome,
       count(*) FILTER (WHERE o.sanction_detection)::INTEGER AS sanction_detection,
       count(*) FILTER (WHERE o.positive_outcome)::INTEGER AS positive_outcome
FROM spec s
JOIN local_indicator_members mem ON mem.indicator_id = s.indicator AND mem.kind = 'share'
JOIN local_incidents i USING (incident_id)
JOIN months m ON m.month = i.month
LEFT JOIN outcome_types o ON o.label_key = lower(trim(i.outcome))
WHERE CAST($area AS VARCHAR) IS NULL OR i.area_code = CAST($area AS VARCHAR)
GROUP BY ALL;
