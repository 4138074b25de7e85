-- The partnerships (CSP areas) of the police force area $area lies in (or is), each with the local authority
-- districts it touches (through its LSOAs). A LAD named by several partnerships is split between them.
SELECT a.code, a.name, list(DISTINCT l.area_code ORDER BY l.area_code) AS lads
FROM areas a
JOIN lsoa_areas la ON la.area_code = a.code
JOIN lsoas l ON l.lsoa_code = la.lsoa_code
WHERE a.csp AND a.pfa_code = (SELECT pfa_code FROM areas WHERE code = $area)
GROUP BY a.code, a.name
ORDER BY a.name;
