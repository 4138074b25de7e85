-- Outcome shares of one indicator's local incidents in an area over months $from..$to: how many incidents there
-- were, how many have any recorded outcome, and how many ended in a sanction detection or a positive outcome
-- (outcome labels mapped by data/reference/outcome-types.csv; an unknown label counts as neither).
SELECT count(*)::INTEGER AS incidents,
       count(i.outcome)::INTEGER AS with_outcome,
       count(*) FILTER (WHERE o.sanction_detection)::INTEGER AS sanction_detection,
       count(*) FILTER (WHERE o.positive_outcome)::INTEGER AS positive_outcome
FROM local_indicator_incidents i
LEFT JOIN outcome_types o ON o.label_key = lower(trim(i.outcome))
WHERE i.indicator_id = CAST($indicator AS VARCHAR) AND i.area_code = CAST($area AS VARCHAR)
  AND i.month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE);
