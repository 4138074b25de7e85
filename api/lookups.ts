import type { Database } from '../data/db.ts';
import type { PopulationYear } from '../core/stats/population.ts';
import type { ClassificationChange } from './breaks.ts';
import { sql } from './queries.ts';

export interface Area {
  code: string;
  name: string;
  borough: boolean;
}
/** Where an area sits in England and Wales (issue 24; data/schema.sql): its level, CSP flag, force area and region. */
export interface Place {
  code: string;
  name: string;
  borough: boolean;
  level: 'la' | 'csp' | 'pfa' | null;
  csp: boolean;
  pfa_code: string | null;
  region: string | null;
  force: string | null;
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
  /** the same areas with their level, CSP flag, force area and region */
  places: Map<string, Place>;
  aliases: Map<string, string>;
  categories: Map<string, Category>;
  sources: Map<string, SourceRange>;
  /** the canonical ids each source can express (data/reference/categories.csv; other sources: what they hold) */
  capabilities: Map<string, Set<string>>;
  /** where the crime classification of an area's loaded MPS months changes (queries/classification-changes.sql) */
  classificationChanges: ClassificationChange[];
  /**
   * every area's loaded mid-year populations, by area code, in year order: the engine's counts take the year nearest
   * a window's (core/stats/population.ts)
   */
  population: Map<string, PopulationYear[]>;
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
  const [areas, places, aliases, categories, sources, capabilities, classificationChanges, population] = await Promise.all([
    db.all<Area>('SELECT code, name, borough FROM areas'),
    db.all<Place>('SELECT code, name, borough, level, coalesce(csp, false) AS csp, pfa_code, region, force FROM areas'),
    db.all<{ alias: string; code: string }>('SELECT alias, code FROM area_aliases'),
    db.all<Category>(`SELECT id, label, "group" AS "group" FROM category_ids`),
    db.all<SourceRange>(
      `SELECT source AS id, strftime(min(month), '%Y-%m') AS first, strftime(max(month), '%Y-%m') AS last
       FROM coverage GROUP BY source`,
    ),
    db.all<{ source: string; ids: string[] }>(sql('meta-capabilities')),
    db.all<ClassificationChange>(sql('classification-changes')),
    db.all<{ code: string } & PopulationYear>('SELECT code, year, population::DOUBLE AS population FROM population ORDER BY code, year'),
  ]);
  const populations = new Map<string, PopulationYear[]>();
  for (const p of population) (populations.get(p.code) ?? populations.set(p.code, []).get(p.code)!).push({ year: p.year, population: p.population });
  return {
    areas: new Map(areas.map((a) => [a.code, a])),
    places: new Map(places.map((p) => [p.code, p])),
    aliases: new Map(aliases.map((a) => [a.alias, a.code])),
    categories: new Map(categories.map((c) => [c.id, c])),
    sources: new Map(sources.map((s) => [s.id, s])),
    capabilities: new Map(capabilities.map((c) => [c.source, new Set(c.ids)])),
    classificationChanges,
    population: populations,
  };
}
