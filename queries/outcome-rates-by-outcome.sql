-- Every police.uk crime of one area and category whose crime month is in $from..$to, by its current outcome
-- (the latest in the loaded outcomes files, else the street file's Last outcome category; NULL = none).
SELECT c.current_outcome AS outcome, count(*)::DOUBLE AS crimes
FROM policeuk_crimes c
JOIN category_map m USING (label_key)
WHERE m.category_id = CAST($category AS VARCHAR) AND c.area_code = CAST($area AS VARCHAR)
  AND c.month BETWEEN CAST($from || '-01' AS DATE) AND CAST($to || '-01' AS DATE)
GROUP BY ALL
ORDER BY crimes DESC, outcome NULLS LAST;
