-- Each loaded source with its first and last month. rows: police.uk and local incident rows, stop-and-search searches; MPS borough x category x month cells.
SELECT s.source AS id, strftime(min(s.month), '%Y-%m') AS first, strftime(max(s.month), '%Y-%m') AS last,
       any_value(r.rows)::DOUBLE AS rows
FROM slices s
JOIN (SELECT 'mps' AS source, count(*) AS rows FROM mps_counts
      UNION ALL SELECT 'policeuk', count(*) FROM policeuk_incidents
      UNION ALL SELECT 'local', count(*) FROM local_incidents
      UNION ALL SELECT 'stopsearch', count(*) FROM stopsearch_searches
      UNION ALL SELECT 'mpsdash', count(*) FROM mpsdash_counts) r USING (source)
GROUP BY s.source
ORDER BY s.source;
