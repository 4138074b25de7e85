-- Canonical category ids with their labels and groups (data/reference/category-ids.csv).
SELECT id, label, "group" AS "group"
FROM category_ids
ORDER BY "group", label;
