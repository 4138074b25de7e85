import { LRUCache } from 'lru-cache';
import type { Database } from '../../data/db.ts';
import { allIndicators, type Indicator } from '../../data/outcomes.ts';
import { homeArea, profile } from '../../data/profile.ts';
import type { ClassificationChange } from '../breaks.ts';
import { lookups } from '../lookups.ts';
import { addMonths, monthList } from '../../core/months.ts';
import { nearestPopulation, type NearestPopulation, type PopulationYear } from '../../core/stats/population.ts';
import { ROLLING_MONTHS } from '../../core/stats/rolling.ts';
import { type Period } from '../periods.ts';
import { sql } from '../queries.ts';
import { requirement, type Requirement } from './requirements.ts';
import type { Coverage } from '../../core/types.ts';
import { engineComparator, type EngineComparator } from './comparator.ts';

/** The partnership profile the engine computes: its outcomes, their indicators and the source order. */
export interface Profile {
  name: string;
  title: string;
  /** the home area (the profile's title names its partnership: other areas are named as their own) */
  home: { code: string; name: string } | null;
  source_order: string[];
  outcomes: { id: number; title: string; indicators: Indicator[] }[];
  /** outside London (issue 24): the comparison group the scorecard ranks the area among (a force area, region:<name>, peers) */
  comparator?: string;
}

/** The active partnership profile (data/profile.ts): `--profile`, SAFERBOARD_PROFILE, ./saferboard.profile.json or Barnet's. */
export function activeProfile(): Profile {
  const p = profile();
  return { name: p.name, title: p.title, home: homeArea(p), source_order: p.source_order, outcomes: p.outcomes, ...(p.comparator ? { comparator: p.comparator } : {}) };
}

/** One window of one candidate in one area: engine-counts.sql's row with its area's population (countCells). */
export interface CountCell extends Coverage {
  count: number | null;
  population: number | null;
  population_year: number | null;
}
export interface RepeatCell {
  incidents: number;
  repeat_incidents: number;
  people: number;
  repeat_people: number;
}
export interface ShareCell {
  n: number;
  with_outcome: number;
  sanction_detection: number;
  positive_outcome: number;
  [measure: string]: number;
}
export interface ManualCell {
  period_end: string;
  value: number;
  target: number | null;
  note: string | null;
}
export type Pair<T> = { current: T; previous: T };

/** Everything the engine computed for a profile and a period, for every area (or one, for incident-level figures). */
export interface EngineRun {
  profile: Profile;
  period: Period;
  /** the sources tried, in order, for each indicator (the profile's, or the one `source=` forces) */
  order: string[];
  /** the public sources that can rank a local figure, in order */
  rankOrder: string[];
  boroughs: { code: string; name: string }[];
  areaNames: Map<string, string>;
  requirements: Map<string, Requirement>;
  /** the parameters bound to each statement the run executed, by SQL file name (queries/<name>.sql) */
  parameters: Record<string, Record<string, string | number | null>>;
  counts: Map<string, Map<string, Pair<CountCell>>>;
  repeats: Map<string, Map<string, Pair<RepeatCell | undefined>>>;
  shares: Map<string, Map<string, Pair<ShareCell | undefined>>>;
  manual: Map<string, Map<string, Pair<ManualCell | undefined>>>;
  /**
   * for a one-area run: each count candidate's covered months over the 36 months to the period's end and the 11
   * before them (for the first rolling 12-month sums; gaps absent)
   */
  series: Map<string, { month: string; count: number }[]>;
  /** the first month of those series */
  seriesFrom: string;
  /** the one area incident-level figures and series were computed for, or null (every area) */
  area: string | null;
  /** where the crime classification of an area's loaded MPS months changes: series breaks the data has */
  classificationChanges: readonly ClassificationChange[];
  /**
   * for a one-area run outside London (issue 24): the group the area is ranked among (comparator.ts), null in London
   * and for a run of every area
   */
  comparator: EngineComparator | null;
}

/** The key of one indicator as one source counts it. */
export const keyOf = (indicator: string, source: string) => `${indicator}@${source}`;

export interface EngineInput {
  period: Period;
  /** use only this source (else the profile's order) */
  source?: string;
  /** compute incident-level figures (repeats, shares, manual values) for this area only */
  area?: string;
  profile?: Profile;
}

/**
 * Computes every figure of every indicator of the profile for a period, for all areas at once, in four SQL
 * statements whatever the number of indicators (queries/engine-*.sql), run concurrently.
 * @example const run = await runEngine(db, { period: resolvePeriod('2018-12') });
 */
export function runEngine(db: Database, input: EngineInput): Promise<EngineRun> {
  // one run serves every area's league and the scorecard of its area, for this version of the database
  const key = [db.generation, input.profile ? JSON.stringify(input.profile) : 'active', input.period.words, input.period.current.from, input.source ?? '', input.area ?? ''].join('|');
  const runs = RUNS.get(db) ?? RUNS.set(db, new LRUCache<string, Promise<EngineRun>>({ max: 16 })).get(db)!;
  let run = runs.get(key);
  if (!run) {
    run = compute(db, input);
    runs.set(key, run);
    run.catch(() => runs.delete(key));
  }
  return run;
}

const RUNS = new WeakMap<Database, LRUCache<string, Promise<EngineRun>>>();

async function compute(db: Database, input: EngineInput): Promise<EngineRun> {
  const profile = input.profile ?? activeProfile();
  const { sources, areas, capabilities, classificationChanges, population, manualLoaded } = await lookups(db);
  const loaded = (s: string) => sources.has(s);
  const order = input.source ? [input.source] : profile.source_order.filter(loaded);
  const rankOrder = profile.source_order.filter((s) => s !== 'local' && loaded(s));
  const all = profile.outcomes.flatMap((o) => o.indicators);
  const byId = new Map(all.map((i) => [i.id, i]));
  const requirements = new Map<string, Requirement>();
  for (const ind of all) {
    const base = ind.kind === 'repeat' ? (byId.get(ind.of) ?? allIndicators().find((i) => i.id === ind.of)) : undefined;
    for (const source of new Set([...order, ...(ind.kind === 'count' ? rankOrder : [])])) {
      const r = requirement(ind, source, base);
      // a public source that can never express the category is not a candidate at all
      if (r && (source === 'local' || capabilities.get(source)?.has(r.category))) requirements.set(keyOf(ind.id, source), r);
    }
  }
  const { period } = input;
  const windows = { cf: period.current.from, ct: period.current.to, pf: period.previous.from, pt: period.previous.to };
  const area = input.area ?? null;
  const local = order.includes('local');
  // one computation per (count indicator, unit, threshold): every local count indicator's repeat victims (its tile
  // and the pack show them), shared with a repeat indicator of the same count, unit and threshold
  const repeatGroups = new Map<string, { spec: { key: string; of: string; unit: string; min_incidents: number }; keys: string[] }>();
  const group = (of: string, unit: string, min: number, key: string) => {
    const id = `${of}|${unit}|${min}`;
    (repeatGroups.get(id) ?? repeatGroups.set(id, { spec: { key: id, of, unit, min_incidents: min }, keys: [] }).get(id)!).keys.push(key);
  };
  for (const i of all) {
    if (!local || !requirements.has(keyOf(i.id, 'local'))) continue;
    if (i.kind === 'count') group(i.id, 'victim', i.min_incidents ?? 2, keyOf(i.id, 'local'));
    if (i.kind === 'repeat') group(i.of, i.unit, i.min_incidents ?? byId.get(i.of)?.min_incidents ?? 2, keyOf(i.id, 'local'));
  }
  const repeatSpecs = [...repeatGroups.values()].map((g) => g.spec);
  const shareSpecs = all.flatMap((i) =>
    i.kind === 'share'
      ? order
          .filter((source) => requirements.has(keyOf(i.id, source)))
          .map((source) => ({ key: keyOf(i.id, source), source, indicator: i.id, category: requirements.get(keyOf(i.id, source))!.category, measure: i.outcome as string }))
      : [],
  );
  // MPS dashboard counts: their positive outcomes of the same category and window (measure 'positive-outcome'), every
  // area, so the rate is ranked across London; keyed as the count's candidate
  for (const i of all) {
    const r = i.kind === 'count' ? requirements.get(keyOf(i.id, 'mpsdash')) : undefined;
    if (r) shareSpecs.push({ key: keyOf(i.id, 'mpsdash'), source: 'mpsdash', indicator: i.id, category: r.category, measure: 'positive-outcome' });
  }
  const manualIds = all.filter((i) => i.kind === 'manual').map((i) => i.id);
  const candidates = [...requirements].map(([key, r]) => ({ key, ...r }));
  type Row = { key: string; area_code: string; w: 'current' | 'previous' };
  const seriesFrom = addMonths(period.current.to, -35);
  const countCandidates = candidates.filter((c) => byId.get(c.key.split('@')[0]!)?.kind === 'count');
  // the parameters bound to each statement the run executes, by SQL file name (`/api/explain` shows them)
  const parameters: EngineRun['parameters'] = {
    ...(candidates.length ? { 'engine-counts': countsParams(requirements, period) } : {}),
    ...(repeatSpecs.length ? { 'engine-repeats': { specs: JSON.stringify(repeatSpecs), area, ...windows } } : {}),
    ...(shareSpecs.length ? { 'engine-shares': { specs: JSON.stringify(shareSpecs), ...windows } } : {}),
    ...(manualIds.length ? { 'engine-manual': manualParams(manualIds, area, period) } : {}),
    ...(area && countCandidates.length
      ? { 'engine-series': { candidates: JSON.stringify(countCandidates), area, from: addMonths(seriesFrom, -(ROLLING_MONTHS - 1)), to: period.current.to } }
      : {}),
  };
  const run = <R>(name: string) => (parameters[name] ? db.all<R>(sql(name), parameters[name]) : Promise.resolve([] as R[]));
  const [{ counts, shares }, repeatRows, manualRows, seriesRows, comparator] = await Promise.all([
    everyArea(db, parameters, period, population),
    run<Row & RepeatCell>('engine-repeats'),
    // engine-manual reads only manual_values: when none of its indicators has a loaded value (any area, any month) its
    // rows are none, so it is not run (its parameters stay: /api/explain shows the statement that finds no value)
    manualIds.some((id) => manualLoaded.has(id)) ? run<Omit<Row, 'key'> & ManualCell & { indicator: string }>('engine-manual') : Promise.resolve([]),
    run<{ key: string; month: string; count: number }>('engine-series'),
    // outside London: whom the area is ranked among (London areas, and runs of every area, have none)
    area ? engineComparator(db, profile.comparator, area, period.current.to) : Promise.resolve(null),
  ]);
  const series = new Map<string, { month: string; count: number }[]>();
  for (const r of seriesRows) (series.get(r.key) ?? series.set(r.key, []).get(r.key)!).push({ month: r.month, count: r.count });
  return {
    profile,
    period,
    order,
    rankOrder,
    boroughs: [...areas.values()].filter((a) => a.borough).map((a) => ({ code: a.code, name: a.name })),
    areaNames: new Map([...areas.values()].map((a) => [a.code, a.name])),
    requirements,
    parameters,
    counts,
    repeats: pairs(
      repeatRows.flatMap((r) => repeatGroups.get(r.key)!.keys.map((key) => ({ ...r, key }))),
      (r) => r.key,
      (r) => ({ incidents: r.incidents, repeat_incidents: r.repeat_incidents, people: r.people, repeat_people: r.repeat_people }),
    ),
    shares,
    series,
    seriesFrom,
    area,
    classificationChanges,
    comparator,
    manual: pairs(manualRows, (r) => r.indicator, (r) => ({ period_end: r.period_end, value: r.value, target: r.target, note: r.note })),
  };
}

/** The figures of every area a run reads (its counts and shares), as cells. */
interface EveryArea {
  counts: EngineRun['counts'];
  shares: EngineRun['shares'];
}

/**
 * The statements of a run that are the same for every area (engine-counts and engine-shares: every candidate, every
 * area), run once per database version and parameters and shared by the runs of each area of that period (a
 * scorecard of another area reads them instead of running them again). The parameters are the whole key: the same
 * statement text with the same values on the same database version gives the same rows.
 */
function everyArea(db: Database, parameters: EngineRun['parameters'], period: Period, population: Map<string, PopulationYear[]>): Promise<EveryArea> {
  const counts = parameters['engine-counts'];
  const shares = parameters['engine-shares'];
  const key = [db.generation, JSON.stringify(counts ?? null), JSON.stringify(shares ?? null)].join('|');
  const cache = SHARED.get(db) ?? SHARED.set(db, new LRUCache<string, Promise<EveryArea>>({ max: 16 })).get(db)!;
  let got = cache.get(key);
  if (!got) {
    got = Promise.all([
      counts ? db.all<CountRow>(sql('engine-counts'), counts) : Promise.resolve([]),
      shares ? db.all<{ key: string; area_code: string; w: 'current' | 'previous'; n: number; measure: string; k: number }>(sql('engine-shares'), shares) : Promise.resolve([]),
    ]).then(([countRows, shareRows]) => ({ counts: countCells(countRows, period, population), shares: shareCells(shareRows) }));
    cache.set(key, got);
    got.catch(() => cache.delete(key));
  }
  return got;
}

const SHARED = new WeakMap<Database, LRUCache<string, Promise<EveryArea>>>();

/**
 * The parameters the engine binds to queries/engine-counts.sql for a run's candidates and period (every area at once;
 * also shown by `/api/explain`).
 */
export function countsParams(requirements: Map<string, Requirement>, period: Period) {
  return {
    candidates: JSON.stringify([...requirements].map(([key, r]) => ({ key, ...r }))),
    area: null,
    cf: period.current.from,
    ct: period.current.to,
    pf: period.previous.from,
    pt: period.previous.to,
    ycur: midYear(period.current),
    yprev: midYear(period.previous),
  };
}

/** The parameters the engine binds to queries/engine-manual.sql (also shown by `/api/explain`). */
export const manualParams = (ids: string[], area: string | null, period: Period) => ({
  indicators: JSON.stringify(ids),
  area,
  cf: period.current.from,
  ct: period.current.to,
  pf: period.previous.from,
  pt: period.previous.to,
});

/** Share rows (one per measure) gathered into one cell per key, area and window: `{ n, [measure]: k }`. */
function shareCells(rows: { key: string; area_code: string; w: 'current' | 'previous'; n: number; measure: string; k: number }[]) {
  const out = new Map<string, Map<string, Pair<ShareCell | undefined>>>();
  for (const r of rows) {
    const byArea = out.get(r.key) ?? out.set(r.key, new Map()).get(r.key)!;
    const pair = byArea.get(r.area_code) ?? byArea.set(r.area_code, { current: undefined, previous: undefined }).get(r.area_code)!;
    const cell = (pair[r.w] ??= { n: r.n, with_outcome: 0, sanction_detection: 0, positive_outcome: 0 });
    cell[r.measure] = r.k;
  }
  return out;
}

function pairs<R extends { area_code: string; w: 'current' | 'previous' }, T>(rows: R[], key: (r: R) => string, cell: (r: R) => T) {
  const out = new Map<string, Map<string, Pair<T | undefined>>>();
  for (const r of rows) {
    const byArea = out.get(key(r)) ?? out.set(key(r), new Map()).get(key(r))!;
    const pair = byArea.get(r.area_code) ?? byArea.set(r.area_code, { current: undefined, previous: undefined }).get(r.area_code)!;
    pair[r.w] = cell(r);
  }
  return out;
}

/** The months of a window whose bit is not set in engine-counts.sql's covered_mask (bit i = the i-th month). */
export function missingOf(months: string[], mask: string): string[] {
  const bits = BigInt(mask);
  return months.filter((_, i) => ((bits >> BigInt(i)) & 1n) === 0n);
}

/** One row of queries/engine-counts.sql. */
export type CountRow = {
  key: string;
  area_code: string;
  w: 'current' | 'previous';
  months_covered: number;
  covered_mask: string;
  count: number | null;
  /** the year whose population the window's rate uses ($ycur or $yprev) */
  pop_year: number;
};

/**
 * engine-counts.sql's rows as windows, by candidate and area; a window with no covered month has no row and is
 * empty (never zero). Each window's population is its area's of the loaded year nearest the row's `pop_year` in
 * `population` (the lookups' table; core/stats/population.ts). The engine and the series routes read it the same way.
 */
export function countCells(
  rows: CountRow[],
  period: Period,
  population: ReadonlyMap<string, readonly PopulationYear[]>,
): Map<string, Map<string, Pair<CountCell>>> {
  const counts = new Map<string, Map<string, Pair<CountCell>>>();
  const monthsOf = { current: monthList(period.current.from, period.current.to), previous: monthList(period.previous.from, period.previous.to) };
  // one look-up per area and year, however many candidates the rows have
  const near = new Map<string, NearestPopulation>();
  const populationOf = (area: string, year: number) => {
    const at = `${area}|${year}`;
    let p = near.get(at);
    if (!p) near.set(at, (p = nearestPopulation(population.get(area), year)));
    return p;
  };
  for (const r of rows) {
    const w = period[r.w];
    const pop = populationOf(r.area_code, r.pop_year);
    const byArea = counts.get(r.key) ?? counts.set(r.key, new Map()).get(r.key)!;
    const pair = byArea.get(r.area_code) ?? byArea.set(r.area_code, {} as Pair<CountCell>).get(r.area_code)!;
    pair[r.w] = {
      from: w.from,
      to: w.to,
      months: w.months,
      months_covered: r.months_covered,
      missing_months: missingOf(monthsOf[r.w], r.covered_mask),
      complete: r.months_covered === w.months,
      count: r.count,
      population: pop.population,
      population_year: pop.population_year,
    };
  }
  for (const byArea of counts.values())
    for (const pair of byArea.values())
      for (const w of ['current', 'previous'] as const) pair[w] ??= emptyCell(period[w], monthsOf[w]);
  return counts;
}

/** Both windows of a period with no covered month. */
export const emptyPair = (period: Period): Pair<CountCell> => ({
  current: emptyCell(period.current, monthList(period.current.from, period.current.to)),
  previous: emptyCell(period.previous, monthList(period.previous.from, period.previous.to)),
});

/** A window with no covered month, for an area the counts did not list. */
export function emptyCell(w: { from: string; to: string; months: number }, months: string[]): CountCell {
  return { ...w, months_covered: 0, missing_months: months, complete: false, count: null, population: null, population_year: null };
}

/**
 * The calendar year of a window's middle month, whose mid-year population a rate uses
 * (12 months Feb 2013–Jan 2014 → 2013; a month → its own year).
 */
export const midYear = (w: { to: string; months: number }): number => {
  const [y, m] = w.to.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - Math.floor(w.months / 2);
  return Math.floor(total / 12);
};
