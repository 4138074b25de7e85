-- Rebuilds monthly_counts from the loaded rows: one row per source x area x canonical category x month.
-- A source row counts toward every id the crosswalk gives its label (residential burglary -> burglary-residential,
-- burglary, mopac7); a label the crosswalk does not know counts under 'unmapped'.
DELETE FROM monthly_counts;
INSERT INTO monthly_counts
SELECT 'mps', m.area_code, coalesce(c.category_id, 'unmapped'), m.month, sum(m.count)
FROM mps_counts m LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
INSERT INTO monthly_counts
SELECT 'policeuk', p.area_code, coalesce(c.category_id, 'unmapped'), p.month, count(*)
FROM policeuk_incidents p LEFT JOIN category_map c USING (label_key)
GROUP BY ALL;
