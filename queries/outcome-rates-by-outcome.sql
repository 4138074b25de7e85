-- Every police.uk crime of one area and category whose crime month is in $from..$to, by its current outcome
-- (the latest in the loaded outcomes files, else the street file's Last outcome category; NULL = none).
SELECT c.current_outcome AS outcome, count(*)::DOUBLE AS crimes
FROM policeuk_crimes_counted c
JOIN category_map m USING (label_key)
WHERE m.category_id = CAST($category AS VARCHAR) AND c.area_code = CAST($area AS VARCHAR)
  AND c.month BETWEEN ym(CAST($from AS VARCHAR)) AND ym(CAST($to AS VARCHAR))
GROUP BY ALL
ORDER BY crimes DESC, outcome NULLS LAST;
