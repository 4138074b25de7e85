-- The months between $from and $to (first days of months) in which $source (policeuk or local) covers the category
-- for one area: every key of $requires (see queries/macros.sql and data/coverage.sql). A month missing here is a gap
-- for this category (no file of it, or a file that does not hold the category), not a zero.
SELECT coalesce(list(ym_text(month) ORDER BY month), []::VARCHAR[]) AS months
FROM covered_months(CAST($source AS VARCHAR), from_json(CAST($requires AS VARCHAR), '["VARCHAR"]'),
  ymd(CAST($from AS VARCHAR)), ymd(CAST($to AS VARCHAR)))
WHERE area_code = CAST($area AS VARCHAR)
