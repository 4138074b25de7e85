-- Every peer group with its member areas (data/reference/peer-groups.csv).
SELECT "group" AS g, area_code AS code FROM peer_groups ORDER BY 1, 2;
