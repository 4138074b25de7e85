-- Why area $area has no stop-and-search figure of its own (data/schema.sql, stopsearch_counted): the local authority it
-- is part of when it is a CSP of a LAD split between CSPs (split_lad), or whether it is one of London's force areas.
-- One row; both NULL / false otherwise.
SELECT (SELECT any_value(l.name) FROM area_within w
          JOIN areas c ON c.code = w.area_code AND c.level = 'csp'
          JOIN areas l ON l.code = w.within_code AND l.level = 'la'
        WHERE w.area_code = CAST($area AS VARCHAR)) AS split_lad,
       EXISTS (SELECT 1 FROM areas WHERE code = CAST($area AS VARCHAR) AND level = 'pfa' AND region = 'London') AS london_force_area;
