-- Whether a source holds a category at all (any area, any month): a source without it cannot cover an indicator.
SELECT EXISTS (
  SELECT 1 FROM monthly_counts WHERE source = CAST($source AS VARCHAR) AND category_id = CAST($category AS VARCHAR)
) AS present;
