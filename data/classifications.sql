-- Records in `slices` the crime classification each MPS slice (one borough's month) was published in, from the labels
-- of its rows: every label of the crosswalk belongs to one scheme of data/reference/categories.csv, 'mps-2019' the
-- Home Office classification the MPS files use from 2019, 'mps-pre2019' and 'mps-2017' the MPS's own. A few labels
-- are spelt the same in both (Sexual Offences / Rape, Burglary - Residential) and the crosswalk files each under one
-- scheme only, so a slice is in the classification of most of its mapped labels; a tie, or no mapped label, is NULL
-- (the labels cannot tell). Run at every load and upgrade, after the rows are in: a series break is named where it
-- changes (api/breaks.ts).
-- A full rebuild (variable derive_all) does every MPS slice; after a load, the touched ones (data/incremental.sql).
UPDATE slices s SET classification = NULL WHERE source = 'mps' AND (getvariable('derive_all') OR EXISTS (
  SELECT 1 FROM touched_cells t WHERE t.source = 'mps' AND t.area_code = s.slice AND t.month = s.month));
UPDATE slices s SET classification = c.classification
FROM (
  SELECT area_code, month,
         CASE WHEN home_office > own THEN 'home-office' WHEN own > home_office THEN 'mps' END AS classification
  FROM (
    SELECT m.area_code, m.month,
           count(*) FILTER (WHERE k.scheme = 'mps-2019') AS home_office,
           count(*) FILTER (WHERE k.scheme IN ('mps-pre2019', 'mps-2017')) AS own
    FROM mps_counts m
    JOIN (SELECT slice, month FROM slices s WHERE source = 'mps' AND (getvariable('derive_all') OR EXISTS (
      SELECT 1 FROM touched_cells t WHERE t.source = 'mps' AND t.area_code = s.slice AND t.month = s.month))) u
      ON u.slice = m.area_code AND u.month = m.month
    JOIN (SELECT DISTINCT label_key, scheme FROM category_map WHERE scheme LIKE 'mps%') k USING (label_key)
    GROUP BY ALL)) c
WHERE s.source = 'mps' AND s.slice = c.area_code AND s.month = c.month;
