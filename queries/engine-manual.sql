-- The indicator engine's manual values (the `indicators` format): for every manual indicator ($indicators: JSON list
-- of ids) and every area ($area NULL) or one, the latest value whose period_end falls in each window of a comparison
-- (with its period_end; target and note: the latest non-NULL ones in that window, as arg_max gave them).
-- No GROUP BY (a hash aggregate stalls a few ms on some machines even over a handful of rows; BENCHMARKS.md issue 21):
-- the windows are their bounds (ym($cf)..ym($ct), ym($pf)..ym($pt)), and the latest row of each (indicator, area,
-- window) is the first by period_end descending (unique: manual_values' primary key).
WITH wins AS (
  SELECT 'current' AS w, ym(CAST($cf AS VARCHAR)) AS f, ym(CAST($ct AS VARCHAR)) AS t
  UNION ALL SELECT 'previous', ym(CAST($pf AS VARCHAR)), ym(CAST($pt AS VARCHAR))
)
SELECT v.indicator_id AS indicator, v.area_code, wins.w,
       ym_text(v.period_end) AS period_end,
       v.value::DOUBLE AS value,
       (first_value(v.target IGNORE NULLS) OVER latest)::DOUBLE AS target,
       first_value(v.note IGNORE NULLS) OVER latest AS note
FROM manual_values v
JOIN wins ON v.period_end BETWEEN wins.f AND wins.t
WHERE list_contains(from_json(CAST($indicators AS VARCHAR), '["VARCHAR"]'), v.indicator_id)
  -- $area NULL: every area (one read of the parameter: data/prepared.ts)
  AND v.area_code = coalesce(CAST($area AS VARCHAR), v.area_code)
WINDOW latest AS (PARTITION BY v.indicator_id, v.area_code, wins.w ORDER BY v.period_end DESC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
QUALIFY row_number() OVER latest = 1;
