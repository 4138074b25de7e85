-- The product's own peer group (api/peers.ts, docs/peers.md): every Community Safety Partnership area (areas.csp) with
-- its population of the year nearest $year (population_near) and the local authority districts it is made of (through
-- lsoa_areas): each LAD's code, whether the CSP holds all of the LAD's LSOAs (whole) and the LAD's population of the
-- same year. The land area is computed from these in code (LAD boundaries, shared by population for a split LAD).
WITH csps AS (SELECT code, name FROM areas WHERE csp),
pop AS (SELECT * FROM population_near(CAST($year AS INTEGER))),
lads AS (SELECT code FROM areas WHERE level = 'la'),
parts AS (
  SELECT c.code AS csp_code, l.area_code AS lad_code, count(DISTINCT l.lsoa_code) AS lsoas
  FROM csps c
  JOIN lsoa_areas s ON s.area_code = c.code
  JOIN lsoa_areas l ON l.lsoa_code = s.lsoa_code AND l.area_code IN (SELECT code FROM lads)
  GROUP BY ALL
),
lad_lsoas AS (SELECT area_code AS lad_code, count(*) AS lsoas FROM lsoa_areas WHERE area_code IN (SELECT code FROM lads) GROUP BY 1)
SELECT c.code, c.name, p.population, p.population_year,
       coalesce(list({'lad': pt.lad_code, 'whole': pt.lsoas = ll.lsoas, 'population': lp.population} ORDER BY pt.lad_code)
                FILTER (WHERE pt.lad_code IS NOT NULL), []) AS lads
FROM csps c
LEFT JOIN pop p ON p.area_code = c.code
LEFT JOIN parts pt ON pt.csp_code = c.code
LEFT JOIN lad_lsoas ll USING (lad_code)
LEFT JOIN pop lp ON lp.area_code = pt.lad_code
GROUP BY c.code, c.name, p.population, p.population_year
ORDER BY c.code;
