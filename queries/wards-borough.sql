-- A borough's own figure on a borough-level source, month by month ($from..$to), for the months it covers the
-- category (data/coverage.sql): what its wards are compared with and the unplaced remainder is taken from.
SELECT strftime(k.month, '%Y-%m') AS month, coalesce(sum(m.count), 0)::DOUBLE AS count
FROM category_coverage k
LEFT JOIN monthly_counts m ON m.source = k.source AND m.area_code = k.area_code AND m.category_id = k.category_id AND m.month = k.month
WHERE k.source = $source AND k.area_code = $area AND k.category_id = $category AND k.month BETWEEN $from::DATE AND $to::DATE
GROUP BY 1 ORDER BY 1;
