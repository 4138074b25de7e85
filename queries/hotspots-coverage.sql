-- Months with data from $source (policeuk or local) for one area between $from and $to (first days of months):
-- a gap is not a zero.
SELECT count(DISTINCT month)::INTEGER AS months
FROM coverage
WHERE source = $source AND area_code = $area AND month BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
