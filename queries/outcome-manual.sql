-- The latest manual value of an indicator for an area with period_end in $from..$to (the `indicators` format).
SELECT strftime(period_end, '%Y-%m') AS period_end, value, target, note
FROM manual_values
WHERE indicator_id = CAST($indicator AS VARCHAR) AND area_code = CAST($area AS VARCHAR)
  AND period_end BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
ORDER BY period_end DESC
LIMIT 1;
