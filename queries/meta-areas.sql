-- Every area the database knows: the 33 London local authorities (borough = false for the City of London,
-- which is not ranked among the 32 boroughs) and non-borough areas (airports, no location, outside London).
SELECT code, name, borough
FROM areas
ORDER BY borough DESC, code LIKE 'E09%' DESC, name;
