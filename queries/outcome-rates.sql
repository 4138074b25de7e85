-- Shares (k of n) of one source, area and category over months $from..$to, one row per measure, from monthly_shares:
-- policeuk measures with_outcome, positive_outcome, sanction_detection, charged (n = crimes, by the crime's month);
-- stopsearch measures arrest, find.
SELECT measure, sum(k)::DOUBLE AS k, sum(n)::DOUBLE AS n
FROM monthly_shares
WHERE source = CAST($source AS VARCHAR) AND area_code = CAST($area AS VARCHAR) AND category_id = CAST($category AS VARCHAR)
  AND month BETWEEN ym(CAST($from AS VARCHAR)) AND ym(CAST($to AS VARCHAR))
GROUP BY measure
ORDER BY measure;
