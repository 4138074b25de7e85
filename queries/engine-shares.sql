-- The indicator engine's outcome shares, for every share indicator ($specs: JSON [{key, source, indicator, category,
-- measure}]) and every area, over the two windows of a comparison (by the month of the incident, crime or search),
-- as k of n for the indicator's measure and for with_outcome, from monthly_shares (made at load, data/monthly-counts.sql):
--   local: the share indicator's incidents (category = the indicator's id); with an outcome recorded, a sanction
--     detection, a positive outcome or a charge (outcome-types.csv);
--   policeuk: crimes of the category by their current outcome; stopsearch: searches' arrests and finds.
-- Every area, always: public rates are ranked across London, and the table is small.
WITH spec AS (
  SELECT unnest(from_json(CAST($specs AS VARCHAR),
    '[{"key":"VARCHAR","source":"VARCHAR","indicator":"VARCHAR","category":"VARCHAR","measure":"VARCHAR"}]'), recursive := true)
),
months AS (SELECT * FROM comparison_months(CAST($cf AS VARCHAR), CAST($ct AS VARCHAR), CAST($pf AS VARCHAR), CAST($pt AS VARCHAR)))
SELECT s.key, x.area_code, m.w, sum(x.n)::INTEGER AS n, x.measure, sum(x.k)::INTEGER AS k
FROM spec s
JOIN monthly_shares x ON x.source = s.source AND x.category_id = s.category AND x.measure IN (s.measure, 'with_outcome')
JOIN months m ON m.month = x.month
GROUP BY ALL;
