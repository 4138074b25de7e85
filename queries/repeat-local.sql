-- Repeat victimisation (unit 'victim': pseudonymised victim/caller) or repeat locations (unit 'location') in a local
-- extract, for one indicator, area and window of months $from..$to (by incident date).
-- victims: distinct people among the window's incidents (an incident with no id is not a victim);
-- repeat_victims: those with at least $min_incidents of the window's incidents;
-- repeat_incidents: window incidents whose victim had another of the indicator's incidents in [date - 1 year, date),
-- looking back before the window wherever the data reaches.
WITH inc AS (
  SELECT incident_id, date,
         CASE WHEN CAST($unit AS VARCHAR) = 'location' THEN location_key ELSE victim_key END AS who
  FROM local_indicator_incidents
  WHERE indicator_id = CAST($indicator AS VARCHAR) AND area_code = CAST($area AS VARCHAR)
),
win AS (
  SELECT * FROM inc
  WHERE date >= CAST($from || '-01' AS DATE) AND date < CAST($to || '-01' AS DATE) + INTERVAL 1 MONTH
),
people AS (SELECT who, count(*) AS n FROM win WHERE who IS NOT NULL GROUP BY who),
repeats AS (
  SELECT count(*) AS n FROM win w
  WHERE w.who IS NOT NULL AND EXISTS (
    SELECT 1 FROM inc p
    -- strictly before: another incident on the same day is not "in the year before"
    WHERE p.who = w.who AND p.incident_id <> w.incident_id AND p.date >= w.date - INTERVAL 1 YEAR AND p.date < w.date)
)
SELECT (SELECT count(*) FROM people)::INTEGER AS victims,
       (SELECT count(*) FROM people WHERE n >= CAST($min_incidents AS INTEGER))::INTEGER AS repeat_victims,
       (SELECT count(*) FROM win)::INTEGER AS incidents,
       (SELECT n FROM repeats)::INTEGER AS repeat_incidents;
