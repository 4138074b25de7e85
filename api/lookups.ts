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
  /** police.uk street data: the forces with rows counted toward each area (policeuk_area_forces), and each force's rows */
  policeukForces: { byArea: Map<string, string[]>; rows: Map<string, number>; total: number };
  /**
   * the areas each branch of the police.uk placement rule (data/schema.sql, policeuk_placed) can give rows to: the
   * other areas of LSOAs (lsoa_other_areas), the areas others lie within (area_within), the force areas
   */
  placement: { other: Set<string>; within: Set<string>; forceArea: Set<string> };
  /** the crosswalk's label keys of each canonical id (category_map), in order */
  labels: Map<string, string[]>;
  /** the manual indicators (the `indicators` format) with at least one loaded value, for any area and month */
  manualLoaded: Set<string>;
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
  const [areas, places, aliases, categories, sources, capabilities, classificationChanges, population, areaForces, forceRows, other, within, forceArea, labels, manual] = await Promise.all([
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
    db.all<{ area_code: string; forces: string[] }>('SELECT area_code, list(reported_by) AS forces FROM policeuk_area_forces GROUP BY area_code'),
    db.all<{ force: string; rows: number }>(
      `SELECT slice AS force, sum(rows)::DOUBLE AS rows FROM slices WHERE source = 'policeuk' GROUP BY slice`,
    ),
    // the areas each placement branch can give rows to (the branches' own joins: policeuk_placed, data/schema.sql)
    db.all<{ code: string }>('SELECT DISTINCT area_code AS code FROM lsoa_other_areas'),
    db.all<{ code: string }>('SELECT DISTINCT within_code AS code FROM area_within'),
    db.all<{ code: string }>(`SELECT code FROM areas WHERE level = 'pfa'`),
    db.all<{ id: string; labels: string[] }>('SELECT category_id AS id, list(label_key ORDER BY label_key) AS labels FROM category_map GROUP BY category_id'),
    db.all<{ id: string }>('SELECT DISTINCT indicator_id AS id FROM manual_values'),
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
    policeukForces: {
      byArea: new Map(areaForces.map((a) => [a.area_code, a.forces])),
      rows: new Map(forceRows.map((f) => [f.force, f.rows])),
      total: forceRows.reduce((n, f) => n + f.rows, 0),
    },
    placement: {
      other: new Set(other.map((r) => r.code)),
      within: new Set(within.map((r) => r.code)),
      forceArea: new Set(forceArea.map((r) => r.code)),
    },
    labels: new Map(labels.map((r) => [r.id, r.labels])),
    manualLoaded: new Set(manual.map((r) => r.id)),
  };
}

/**
 * The range of forces (first and last by name) a question about `area` reads police.uk street rows of
 * (incident_places's `forces_from` and `forces_to`, queries/macros.sql), or null to read every force's: a range is
 * given when the forces it spans hold under half of the loaded street rows, as in a national database. It spans every
 * force with rows counted toward the area (policeuk_area_forces), so the rows read, and every figure, are the same
 * either way; DuckDB then skips the row groups of the forces outside it (rows are stored force by force: at 100M
 * national rows /api/repeat 165 -> 76 ms). Where one force holds nearly every row (London's Met) a range would skip
 * nothing, and none is given (BENCHMARKS.md, issue 21).
 * @example forceRange(await lookups(db), 'E06000054') // { from: 'Wiltshire Police', to: 'Wiltshire Police' }
 */
export function forceRange(l: Lookups, area: string): { from: string; to: string } | null {
  const { byArea, rows, total } = l.policeukForces;
  const forces = [...(byArea.get(area) ?? [])].sort();
  if (!forces.length || total === 0) return null;
  const [from, to] = [forces[0]!, forces.at(-1)!];
  let spanned = 0;
  for (const [force, n] of rows) if (force >= from && force <= to) spanned += n;
  return spanned < total / 2 ? { from, to } : null;
}

/**
 * Which branches of the police.uk placement rule can give `area` rows, as the `other`, `within` and `force_area`
 * parameters of queries/repeat-policeuk.sql and hotspots.sql (incident_places, queries/macros.sql): a branch that can
 * give none is left out when the statement is planned. The same rows either way: a borough is in no LSOA's other
 * areas, has nothing within it and is no force area, so its question reads its own rows only (BENCHMARKS.md, issue 21).
 * @example placementOf(await lookups(db), 'E09000003') // { other: false, within: false, force_area: false }
 */
export const placementOf = (l: Lookups, area: string) => ({
  other: l.placement.other.has(area),
  within: l.placement.within.has(area),
  force_area: l.placement.forceArea.has(area),
});

/**
 * The parameters of queries/repeat-policeuk.sql and hotspots.sql that narrow what a police.uk question about `area`
 * and `category` reads without changing its rows: the force range (`forces_from`, `forces_to`; null for every force),
 * the placement branches (`other`, `within`, `force_area`) and the category's label keys (`labels`, {@link labelsOf}).
 * @example incidentScope(await lookups(db), 'E09000003', 'burglary')
 */
export function incidentScope(l: Lookups, area: string, category: string) {
  const range = forceRange(l, area);
  return { forces_from: range?.from ?? null, forces_to: range?.to ?? null, ...placementOf(l, area), labels: labelsOf(l, category) };
}

/**
 * The label keys the crosswalk (category_map) gives `category`, as the JSON list incident_places's `labels` reads
 * (queries/macros.sql): the very keys its own subquery on category_map selects, given as a constant so DuckDB drops
 * the rows of other crime types as it reads them. An id no label maps to: an empty list (no police.uk row, as before).
 * @example labelsOf(await lookups(db), 'burglary') // '["burglary|burglary","burglary|residential burglary",…]'
 */
export const labelsOf = (l: Lookups, category: string): string => JSON.stringify(l.labels.get(category) ?? []);
