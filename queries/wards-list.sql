-- The 2022 wards of a borough with their Census 2021 population (data/reference/wards.csv).
SELECT code, name, population_2021::DOUBLE AS population FROM wards WHERE borough_code = $area ORDER BY name, code;
