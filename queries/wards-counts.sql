-- A borough's ward rows on one ward-level source and category, month by month ($from..$to): its 2022 wards and the
-- pseudo wards listed under it (placed = false: codes that are no 2022 ward, part of the borough's unplaced crimes).
SELECT c.ward_code, (w.code IS NOT NULL) AS placed, strftime(c.month, '%Y-%m') AS month, sum(c.count)::DOUBLE AS count
FROM ward_monthly_counts c LEFT JOIN wards w ON w.code = c.ward_code
WHERE c.source = $source AND c.borough_code = $area AND c.category_id = $category
  AND c.month BETWEEN $from::DATE AND $to::DATE
GROUP BY ALL ORDER BY 1, 3;
