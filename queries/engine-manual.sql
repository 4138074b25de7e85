-- The indicator engine's manual values (the `indicators` format): for every manual indicator ($indicators: JSON list
-- of ids) and every area ($area NULL) or one, the latest value whose period_end falls in each window of a comparison.
WITH months AS (SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR))),
wins AS (SELECT w, min(month) AS f, max(month) AS t FROM months GROUP BY w)
SELECT v.indicator_id AS indicator, v.area_code, wins.w,
       ym_text(max(v.period_end)) AS period_end,
       arg_max(v.value, v.period_end)::DOUBLE AS value,
       arg_max(v.target, v.period_end)::DOUBLE AS target,
       arg_max(v.note, v.period_end) AS note
FROM manual_values v
JOIN wins ON v.period_end BETWEEN wins.f AND wins.t
WHERE list_contains(from_json(CAST($indicators AS VARCHAR), '["VARCHAR"]'), v.indicator_id)
  AND (CAST($area AS VARCHAR) IS NULL OR v.area_code = CAST($area AS VARCHAR))
GROUP BY ALL;
