import type { Database } from '../data/db.ts';

export interface Area {
  code: string;
  name: string;
  borough: boolean;
}
export interface Category {
  id: string;
  label: string;
  group: string;
}
export interface SourceRange {
  id: string;
  first: string;
  last: string;
}
export interface Lookups {
  areas: Map<string, Area>;
  aliases: Map<string, string>;
  categories: Map<string, Category>;
  sources: Map<string, SourceRange>;
  /** the canonical ids each source can express (data/reference/categories.csv; other sources: what they hold) */
  capabilities: Map<string, Set<string>>;
}

const cache = new WeakMap<Database, { generation: number; lookups: Promise<Lookups> }>();

/** Areas, aliases, categories and loaded sources, read once per version of the served (read-only) database. */
export function lookups(db: Database): Promise<Lookups> {
  const generation = db.generation;
  let entry = cache.get(db);
  if (!entry || entry.generation !== generation) {
    entry = { generation, lookups: readLookups(db) };
    cache.set(db, entry);
    entry.lookups.catch(() => cache.delete(db));
  }
  return entry.lookups;
}

async function readLookups(db: Database): Promise<Lookups> {
  const [areas, aliases, categories, sources, capabilities] = await Promise.all([
    db.all<Area>('SELECT code, name, borough FROM areas'),
    db.all<{ alias: string; code: string }>('SELECT alias, code FROM area_aliases'),
    db.all<Category>(`SELECT id, label, "group" AS "group" FROM category_ids`),
    db.all<SourceRange>(
      `SELECT source AS id, strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last
       FROM coverage GROUP BY source`,
    ),
    db.all<{ source: string; ids: string[] }>(
      `SELECT source, list(DISTINCT category_id ORDER BY category_id) AS ids FROM (
         SELECT CASE WHEN scheme LIKE 'mps%' THEN 'mps' ELSE 'policeuk' END AS source, category_id
         FROM category_map WHERE scheme LIKE 'mps%' OR scheme = 'policeuk'
         UNION ALL SELECT 'local', category_id FROM category_map WHERE category_id <> 'unmapped'
         UNION ALL SELECT source, category_id FROM monthly_counts WHERE source NOT IN ('mps', 'policeuk') AND category_id <> 'unmapped')
       GROUP BY source`,
    ),
  ]);
  return {
    areas: new Map(areas.map((a) => [a.code, a])),
    aliases: new Map(aliases.map((a) => [a.alias, a.code])),
    categories: new Map(categories.map((c) => [c.id, c])),
    sources: new Map(sources.map((s) => [s.id, s])),
    capabilities: new Map(capabilities.map((c) => [c.source, new Set(c.ids)])),
  };
}
