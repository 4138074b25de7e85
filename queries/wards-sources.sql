-- Each loaded ward-level source with its first and last month and the categories it can express.
SELECT source AS id, strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last,
       list(DISTINCT category_id ORDER BY category_id) AS categories
FROM ward_coverage GROUP BY 1 ORDER BY 1;
