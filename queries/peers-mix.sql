-- The crime mix of every Community Safety Partnership area for the product's own peer group (api/peers.ts): police.uk
-- crimes of each main category ($categories, JSON list of canonical ids) over $from..$to, and whether the area's
-- window is complete (every category covered in every month, category_coverage). A count is read only where complete.
WITH cats AS (SELECT unnest(from_json(CAST($categories AS VARCHAR), '["VARCHAR"]')) AS category_id),
months AS (SELECT month FROM month_range(CAST($from AS VARCHAR), CAST($to AS VARCHAR))),
cov AS (
  SELECT area_code, count(DISTINCT (category_id, month)) AS n
  FROM category_coverage
  WHERE source = 'policeuk' AND category_id IN (SELECT category_id FROM cats) AND month IN (SELECT month FROM months)
  GROUP BY 1
),
cnt AS (
  SELECT area_code, category_id, sum(count) AS n
  FROM monthly_counts
  WHERE source = 'policeuk' AND category_id IN (SELECT category_id FROM cats) AND month IN (SELECT month FROM months)
  GROUP BY ALL
)
SELECT a.code AS area_code, k.category_id,
       coalesce(v.n, 0) = (SELECT count(*) FROM months) * (SELECT count(*) FROM cats) AS complete,
       coalesce(n.n, 0)::DOUBLE AS count
FROM areas a CROSS JOIN cats k
LEFT JOIN cov v ON v.area_code = a.code
LEFT JOIN cnt n ON n.area_code = a.code AND n.category_id = k.category_id
WHERE a.csp
ORDER BY 1, 2;
