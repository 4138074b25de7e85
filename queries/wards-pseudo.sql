-- The names the MPS ward file publishes for a borough's pseudo wards (codes that are no 2022 ward).
SELECT ward_code, min(ward_name) AS name FROM mpsward_counts
WHERE borough_code = $area AND ward_code NOT IN (SELECT code FROM wards) GROUP BY 1;
