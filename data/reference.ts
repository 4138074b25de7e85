import type { Database } from './db.ts';
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
    DELETE FROM lsoas;
    INSERT INTO lsoas SELECT lsoa_code, lsoa_name, area_code FROM ${csv('lsoas.csv')};
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
}

/** Normalises a source label for crosswalk lookups, as the SQL above does. */
export const labelKey = (major: string, label: string): string =>
  `${norm(major)}|${norm(label)}`;

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
