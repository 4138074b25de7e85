import type { Database } from './db.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { rootPath } from './paths.ts';

/** Absolute path of a file in data/reference/. */
export const referencePath = (name: string): string =>
  rootPath(`data/reference/${name}`);

const csv = (name: string) => `read_csv('${referencePath(name).replaceAll("'", "''")}', header = true, all_varchar = true)`;

/**
 * Replaces the reference tables (areas, aliases, LSOAs, categories, peer groups, wards) with data/reference/,
 * keeping areas that loads added. Seeds population the first time only: loaded population files replace it.
 */
export async function refreshReference(db: Database): Promise<void> {
  const lsoaHash = hashFiles(['lsoas.csv', 'national/lookup-lsoa21-csp24.csv.gz', 'national/lookup-lad24-csp24-pfa24.csv', 'national/forces.csv']);
  const lsoasDone = await db.one(`SELECT 1 FROM meta WHERE key = 'reference_lsoas' AND value = $v`, { v: lsoaHash });
  if (!lsoasDone) {
    await db.run(`${NATIONAL_AREA_LEVELS_SQL} ${LSOA_SQL} INSERT OR REPLACE INTO meta VALUES ('reference_lsoas', $v);`, { v: lsoaHash });
  }
  await db.run(`
    DELETE FROM areas WHERE origin = 'reference';
    INSERT INTO areas BY NAME
      SELECT code, name, borough::BOOLEAN AS borough, nullif(force, '') AS force,
             nullif(inner_outer, '') AS inner_outer, 'reference' AS origin FROM ${csv('areas.csv')};
    DELETE FROM area_aliases;
    INSERT INTO area_aliases
      SELECT DISTINCT ON (alias) alias, code FROM (
        SELECT lower(trim(unnest(list_concat([code, name], string_split(coalesce(aliases, ''), '|'))))) AS alias, code
        FROM ${csv('areas.csv')}) WHERE alias <> '';
    INSERT OR IGNORE INTO area_aliases SELECT lower(code), code FROM areas;
    INSERT OR IGNORE INTO area_aliases SELECT lower(name), code FROM areas;
    ${NATIONAL_AREAS_SQL}
    DELETE FROM category_ids;
    INSERT INTO category_ids SELECT id, label, "group", description FROM ${csv('category-ids.csv')};
    DELETE FROM category_map;
    INSERT INTO category_map
      SELECT DISTINCT lower(regexp_replace(trim(coalesce(major, '')), '\\s+', ' ', 'g')) || '|' ||
               lower(regexp_replace(trim(label), '\\s+', ' ', 'g')), scheme, trim(unnest(string_split(ids, '|')))
      FROM ${csv('categories.csv')};
    DELETE FROM mpsdash_map;
    INSERT INTO mpsdash_map
      SELECT DISTINCT lower(trim(crime_type)) || '|' || lower(trim(crime_subtype)) || '|' || lower(trim(measure)),
             trim(crime_type), trim(crime_subtype), trim(measure), trim(family), trim(category_id), trim(product_measure)
      FROM ${csv('mpsdash-crosswalk.csv')};
    DELETE FROM peer_groups;
    INSERT INTO peer_groups SELECT p."group", a.code FROM ${csv('peer-groups.csv')} p
      JOIN area_aliases a ON a.alias = lower(trim(p.area));
    DELETE FROM wards;
    INSERT INTO wards SELECT code, name, borough_code, nullif(population_2021, '')::BIGINT FROM ${csv('wards.csv')};
  `);
  const seeded = await db.one(`SELECT 1 FROM meta WHERE key = 'population_seeded'`);
  if (!seeded) {
    await db.run(`
      INSERT OR REPLACE INTO population
        SELECT code, year::INTEGER, population::BIGINT, source FROM ${csv('population.csv')};
      INSERT OR REPLACE INTO meta VALUES ('population_seeded', 'true');`);
  }
  // England and Wales: added once (a database seeded before issue 24 gets them at its next load); never over a row
  // already there (London's finer reference series, a loaded population file)
  const national = await db.one(`SELECT 1 FROM meta WHERE key = 'national_population_seeded'`);
  if (!national) {
    await db.run(`
      ${NATIONAL_POPULATION_SQL}
      INSERT OR REPLACE INTO meta VALUES ('national_population_seeded', 'true');`);
  }
}

/** A hash of reference files' bytes. */
const hashFiles = (names: string[]) => {
  const h = createHash('sha256');
  for (const n of names) h.update(readFileSync(referencePath(n)));
  return h.digest('hex');
};

const LAD_CSP = csv('national/lookup-lad24-csp24-pfa24.csv');
const LSOA_CSP = csv('national/lookup-lsoa21-csp24.csv.gz');
const FORCES = csv('national/forces.csv');

/**
 * England and Wales (issue 24), from data/reference/national/: every LAD ('la'), every CSP that is not one whole LAD
 * ('csp'), every police force area ('pfa'); London's 33 areas of areas.csv keep their rows and get level, csp,
 * pfa_code and region. Aliases (after areas.csv's): codes and names of each level, a one-to-one CSP's code and name
 * for its LAD, police.uk force names for their force area, LSOA 2021 name prefixes, data/reference/national/aliases.csv
 * (former districts of 2011 LSOA names). A name shared by levels resolves to the LAD first, then the CSP, then the
 * force area; the CSP or force area is then named "Dorset (CSP)", "Dorset (force area)".
 */
const NATIONAL_AREA_LEVELS_SQL = `
    CREATE OR REPLACE TEMP TABLE nat_lad AS
      SELECT l.ltla24_code AS lad, l.ltla24_name AS lad_name, l.csp24_code AS csp, l.csp24_name AS csp_name,
             l.pfa24_code AS pfa, f.force, f.region,
             count(*) OVER (PARTITION BY l.ltla24_code) AS lad_csps, count(*) OVER (PARTITION BY l.csp24_code) AS csp_lads
      FROM ${LAD_CSP} l JOIN ${FORCES} f ON f.pfa_code = l.pfa24_code;
    CREATE OR REPLACE TEMP TABLE nat_area AS
      -- every LAD (a CSP too when its LAD is exactly one CSP)
      SELECT lad AS code, any_value(lad_name) AS name, 'la' AS level, bool_and(lad_csps = 1 AND csp_lads = 1) AS csp,
             any_value(pfa) AS pfa_code, any_value(force) AS force, any_value(region) AS region, 1 AS rank
      FROM nat_lad GROUP BY lad
      UNION ALL
      SELECT csp, any_value(csp_name), 'csp', true, any_value(pfa), any_value(force), any_value(region), 2
      FROM nat_lad WHERE NOT (lad_csps = 1 AND csp_lads = 1) GROUP BY csp
      UNION ALL
      SELECT pfa_code, pfa_name, 'pfa', false, pfa_code, force, region, 3 FROM ${FORCES} WHERE coalesce(pfa_code, '') <> '';`;
const NATIONAL_AREAS_SQL = `
    ${NATIONAL_AREA_LEVELS_SQL}
    UPDATE areas a SET level = n.level, csp = n.csp, pfa_code = n.pfa_code, region = n.region
      FROM nat_area n WHERE a.code = n.code AND a.origin = 'reference';
    INSERT OR IGNORE INTO areas (code, name, borough, force, inner_outer, origin, level, csp, pfa_code, region)
      SELECT code,
             -- a CSP or force area named as a LAD (or CSP) is: its level says which
             CASE WHEN rank > 1 AND EXISTS (SELECT 1 FROM nat_area o WHERE o.rank < n.rank AND lower(o.name) = lower(n.name))
                  THEN name || CASE level WHEN 'csp' THEN ' (CSP)' ELSE ' (force area)' END ELSE name END,
             false, force, NULL, 'reference', level, csp, pfa_code, region
      FROM nat_area n;
    INSERT OR IGNORE INTO area_aliases
      SELECT alias, code FROM (
        SELECT lower(trim(alias)) AS alias, code, rank, i FROM (
          SELECT code AS alias, code, rank, 1 AS i FROM nat_area
          UNION ALL SELECT name, code, rank, 2 FROM nat_area
          UNION ALL SELECT name, code, 4, 3 FROM areas WHERE level IS NOT NULL
          -- a one-to-one CSP's code and name are its LAD's
          UNION ALL SELECT csp, lad, 1, 4 FROM nat_lad WHERE lad_csps = 1 AND csp_lads = 1
          UNION ALL SELECT csp_name, lad, 1, 5 FROM nat_lad WHERE lad_csps = 1 AND csp_lads = 1
          -- police.uk's force names ("Surrey Police") for their force areas
          UNION ALL SELECT force, pfa_code, 3, 6 FROM ${FORCES} WHERE coalesce(pfa_code, '') <> ''
          UNION ALL SELECT alias, code, 5, 7 FROM ${csv('national/aliases.csv')}
          -- LSOA 2021 name prefixes ("Harrogate 001A" -> North Yorkshire): the CSP when all its LSOAs are in one
          -- distinct CSP (Carlisle), else the LAD
          UNION ALL SELECT prefix, CASE WHEN count(DISTINCT c.area_code) = 1 AND count(c.area_code) = count(*) THEN any_value(c.area_code)
                                        ELSE any_value(l.area_code) END, 6, 8
            FROM (SELECT regexp_extract(lsoa_name, '^(.*\\S)\\s+\\d{3}[A-Z]$', 1) AS prefix, lsoa_code, area_code FROM lsoas) l
            LEFT JOIN (SELECT * FROM lsoa_areas WHERE area_code IN (SELECT code FROM nat_area WHERE level = 'csp')) c USING (lsoa_code)
            WHERE prefix <> '' GROUP BY prefix HAVING count(DISTINCT l.area_code) = 1)
        WHERE alias <> '')
      QUALIFY row_number() OVER (PARTITION BY alias ORDER BY rank, i, code) = 1;
`;


/**
 * The LSOAs (London's lsoas.csv, then every LSOA 2021 of England and Wales), lsoa_areas and area_within: rewritten
 * only when their files changed (meta 'reference_lsoas' holds their hash), since rewriting 110,000 keyed rows costs
 * seconds and they are the same at every load. Needs nat_area (NATIONAL_AREAS_SQL) first.
 */
const LSOA_SQL = `
    DELETE FROM lsoas;
    INSERT INTO lsoas SELECT lsoa_code, lsoa_name, area_code FROM ${csv('lsoas.csv')};
    -- every LSOA 2021 of England and Wales (London's lsoas.csv rows win); lsoa_areas: its LAD, distinct CSP and PFA
    CREATE OR REPLACE TEMP TABLE nat_lsoa AS SELECT * FROM ${LSOA_CSP};
    INSERT INTO lsoas SELECT lsoa21_code, lsoa21_name, lad24_code FROM nat_lsoa WHERE lsoa21_code NOT IN (SELECT lsoa_code FROM lsoas);
    DELETE FROM lsoa_areas;
    INSERT INTO lsoa_areas
      SELECT lsoa21_code, lad24_code FROM nat_lsoa
      UNION ALL SELECT lsoa21_code, csp24_code FROM nat_lsoa WHERE csp24_code IN (SELECT code FROM nat_area WHERE level = 'csp')
      UNION ALL SELECT lsoa21_code, pfa24_code FROM nat_lsoa;
    DELETE FROM area_within;
    INSERT INTO area_within
      SELECT a.area_code, b.area_code FROM lsoa_areas a JOIN lsoa_areas b USING (lsoa_code)
      JOIN (SELECT area_code, count(*) AS n FROM lsoa_areas GROUP BY 1) t ON t.area_code = a.area_code
      WHERE a.area_code <> b.area_code GROUP BY a.area_code, b.area_code, t.n HAVING count(*) = t.n;`;

/**
 * Populations of every LAD, distinct CSP and force area (data/reference/national/): Census 2021 as the sum of the
 * LSOAs' usual residents; mid-2023 and mid-2024 the LADs' ONS estimates, a CSP's the sum of its LADs', a split LAD's
 * estimate shared out by its CSPs' Census 2021 share (source says so), a force area's the sum of its LADs'.
 */
const NATIONAL_POPULATION_SQL = `
    CREATE OR REPLACE TEMP TABLE nat_pop AS
      SELECT l.lsoa_code, l.area_code, p.population_2021::BIGINT AS pop, lad.area_code AS lad
      FROM lsoa_areas l JOIN ${csv('national/lsoa21-population-2021.csv.gz')} p ON p.lsoa21_code = l.lsoa_code
      JOIN lsoa_areas lad ON lad.lsoa_code = l.lsoa_code AND lad.area_code IN (SELECT code FROM areas WHERE level = 'la');
    CREATE OR REPLACE TEMP TABLE nat_mye AS
      SELECT lad_code AS lad, 2023 AS year, population::BIGINT AS population FROM ${csv('national/lad-population-mid2023.csv')}
      UNION ALL SELECT lad_code, 2024, population::BIGINT FROM ${csv('national/lad-population-mid2024.csv')};
    INSERT OR IGNORE INTO population
      SELECT area_code, 2021, sum(pop), 'Census 2021 usual residents (sum of LSOAs)' FROM nat_pop GROUP BY area_code;
    INSERT OR IGNORE INTO population
      SELECT s.area_code, m.year, round(sum(m.population * s.share))::BIGINT,
             CASE WHEN s.area_code IN (SELECT code FROM areas WHERE level = 'la') THEN 'ONS mid-year estimate mid-' || m.year
                  WHEN bool_and(s.share = 1) THEN 'ONS mid-year estimate mid-' || m.year || ' (sum of local authorities)'
                  ELSE 'ONS mid-year estimate mid-' || m.year || ' of local authorities, a split one shared out by Census 2021 share' END
      FROM (SELECT c.area_code, c.lad, sum(c.pop) / any_value(t.pop) AS share
            FROM nat_pop c JOIN (SELECT lad, sum(pop) AS pop FROM nat_pop WHERE area_code = lad GROUP BY lad) t USING (lad)
            GROUP BY c.area_code, c.lad) s
      JOIN nat_mye m USING (lad)
      GROUP BY s.area_code, m.year;`;

/** Normalises a source label for crosswalk lookups, as the SQL above does. */
export const labelKey = (major: string, label: string): string =>
  `${norm(major)}|${norm(label)}`;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * data.police.uk's force names in file names (`2024-01-thames-valley-stop-and-search.csv`) -> the force as "Reported
 * by" spells it (data/reference/national/forces.csv): the force area's name in lower case with `&` as `and` and
 * spaces as hyphens ("Devon & Cornwall" -> devon-and-cornwall), the Met's and the City's as police.uk names them,
 * British Transport Police's `btp`.
 */
export function policeUkForceSlugs(): Map<string, string> {
  if (slugs) return slugs;
  const rows = Papa.parse<Record<string, string>>(readFileSync(referencePath('national/forces.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  slugs = new Map([
    ['metropolitan', 'Metropolitan Police Service'],
    ['city-of-london', 'City of London Police'],
    ['btp', 'British Transport Police'],
  ]);
  for (const r of rows) {
    const slug = r.pfa_name!.toLowerCase().replaceAll('&', 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    if (!slugs.has(slug) && r.force) slugs.set(slug, r.force);
  }
  return slugs;
}
let slugs: Map<string, string> | undefined;
