-- The mid-year population of an area for a year; if that year is missing, the nearest year (the earlier on a tie).
SELECT year, population::DOUBLE AS population
FROM population
WHERE code = CAST($area AS VARCHAR)
ORDER BY abs(year - CAST($year AS INTEGER)), year
LIMIT 1;
