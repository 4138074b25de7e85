-- Outcome shares of one category's data.police.uk crimes in an area over months $from..$to, from
-- "Last outcome category" (mapped by data/reference/outcome-types.csv; ASB rows have no outcome).
SELECT count(*)::INTEGER AS incidents,
       count(nullif(trim(p.outcome), ''))::INTEGER AS with_outcome,
       count(*) FILTER (WHERE o.sanction_detection)::INTEGER AS sanction_detection,
       count(*) FILTER (WHERE o.positive_outcome)::INTEGER AS positive_outcome
FROM policeuk_incidents p
LEFT JOIN outcome_types o ON o.label_key = lower(trim(p.outcome))
WHERE p.area_code = CAST($area AS VARCHAR)
  AND p.label_key IN (SELECT label_key FROM category_map WHERE category_id = CAST($category AS VARCHAR))
  AND p.month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE);
