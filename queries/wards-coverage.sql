-- The months ($from..$to) a ward-level source covers a borough for a category: a ward with no row in a covered month
-- has 0 there; a month not listed is a gap.
SELECT strftime(month, '%Y-%m') AS month FROM ward_coverage
WHERE source = $source AND borough_code = $area AND category_id = $category AND month BETWEEN $from::DATE AND $to::DATE
ORDER BY 1;
