-- Where the crime classification of an area's loaded MPS months changes (slices.classification, from the labels of
-- the files loaded: data/classifications.sql): one row per change, `month` the first month loaded in the new
-- classification, `before_month` the last month loaded in the old one (months between them are gaps). Months whose
-- labels cannot tell the classification (NULL) are on neither side.
SELECT source, area_code, month, before_month, classification, before FROM (
  SELECT source, slice AS area_code, strftime(month, '%Y-%m') AS month, classification,
         lag(classification) OVER w AS before, strftime(lag(month) OVER w, '%Y-%m') AS before_month
  FROM slices WHERE source = 'mps' AND classification IS NOT NULL
  WINDOW w AS (PARTITION BY source, slice ORDER BY month))
WHERE before IS NOT NULL AND before <> classification
ORDER BY area_code, month;
