/**
 * "How is this figure made?": resolves one figure of a route (`/api/rolling`, `/api/ranks`, `/api/trend`,
 * `/api/outcomes`, `/api/league`) the way that route computes it, and says which SQL computed it with which
 * parameters, which months it covers and which files they came from. `/api/explain` and `/api/rows` read it.
 */
import { z } from 'zod';
import type { Database } from '../data/db.ts';
import { allIndicators } from '../data/outcomes.ts';
import { InputError } from './errors.ts';
import { cellsOf, stateOf } from './indicators/common.ts';
import {
  activeProfile,
  keyOf,
  runEngine,
  type CountCell,
  type EngineRun,
} from './indicators/engine.ts';
import { leagueOf, leagueProfile } from './indicators/league.ts';
import { seriesRequirement, type Requirement } from './indicators/requirements.ts';
import { scorecard } from './indicators/scorecard.ts';
import { seriesParams, seriesWindows, windowsOf } from './indicators/series.ts';
import type { ExplainRoute, Scorecard } from '../core/types.ts';
import { checkMonths, month, resolveArea, resolveComparison, resolveSeries, resolveSource } from './params.ts';
import { addMonths, monthList } from '../core/months.ts';
import { periodQuery } from './periods.ts';
import { QUERIES, sql } from './queries.ts';
import { resolveLeagueIndicator } from './routes/league.ts';
import { groupMembers } from './routes/ranks.ts';
import { trend, trendParams } from './trend.ts';

export const ROUTES = ['rolling', 'ranks', 'trend', 'outcomes', 'league'] as const;
export type Route = (typeof ROUTES)[number] & ExplainRoute;

/** The figures each route can explain (`figure=`), the first the default. */
export const FIGURES: Record<Route, readonly string[]> = {
  rolling: ['current', 'previous'],
  ranks: ['current'],
  trend: ['count', 'rolling_12m'],
  outcomes: ['current', 'previous'],
  league: ['current'],
};

/** What each route needs besides its own defaults, in words for the 400. */
const REQUIRED: Record<Route, ('area' | 'category' | 'indicator')[]> = {
  rolling: ['area', 'category'],
  ranks: ['area', 'category'],
  trend: ['area', 'category'],
  outcomes: ['area', 'indicator'],
  league: ['area', 'indicator'],
};

const text = (what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(100, `${what} is too long`).optional();

/** The query of `/api/explain` and `/api/rows`: a figure's own route's parameters, plus `route` and `figure`. */
export const figureQuery = {
  route: z.enum(ROUTES, {
    error: (i) => `unknown route: ${JSON.stringify(i.input)} (allowed: ${ROUTES.join(', ')})`,
  }),
  figure: text('figure'),
  source: z.string().optional(),
  area: text('area'),
  category: text('category'),
  indicator: text('indicator'),
  from: month.optional(),
  to: month.optional(),
  /** trend: the month whose count or rolling sum is explained (default `to`) */
  month: month.optional(),
  ...periodQuery,
  // accepted because the routes take them; they do not change a borough's count
  measure: z
    .enum(['rate', 'count'], {
      error: (i) => `unknown measure: ${JSON.stringify(i.input)} (allowed: rate, count)`,
    })
    .optional(),
  group: z.string().max(100).optional(),
  baseline: z.string().max(20).optional(),
};
export type FigureQuery = z.infer<z.ZodObject<typeof figureQuery>>;

/** One figure, resolved as its route computes it. */
export interface Figure {
  route: Route;
  figure: string;
  source: string | null;
  area: { code: string; name: string };
  /** the category or indicator, and how the source counts it (its monthly_counts category and coverage keys) */
  subject: { id: string; label: string; kind: string };
  requirement: Requirement | null;
  window: { from: string; to: string; months: number };
  /** the figure as the route gives it (a count; a percentage for rate indicators; null when nothing is covered) */
  value: number | null;
  /** the count the rows add up to (null when rows cannot add up to the figure) */
  count: number | null;
  state: 'number' | 'partial' | 'none';
  covered_months: string[];
  missing_months: string[];
  population_year: number | null;
  /** the SQL files, in the order they build on each other */
  sql: string[];
  /** the parameters bound to each statement, by SQL file name (as its route binds them) */
  parameters: Record<string, Record<string, unknown>>;
  source_rule: string | null;
  /** why rows are not offered for this figure, or null */
  no_rows: string | null;
  /** a percentage's k of n (league rows of repeat and share indicators), for disclosure control */
  kn?: { k: number | null; n: number | null };
  /** the route's own body (outcomes: the scorecard), for disclosure control */
  scorecard?: Scorecard;
}

const coveredOf = (c: CountCell) => {
  const missing = new Set(c.missing_months);
  return monthList(c.from, c.to).filter((m) => !missing.has(m));
};

function required(q: FigureQuery) {
  for (const k of REQUIRED[q.route])
    if (!q[k])
      throw new InputError(
        `${k} is required for route=${q.route} (the ${k === 'area' ? 'area whose figure' : k} to explain)`,
        { parameter: k },
      );
  const allowed = FIGURES[q.route];
  const figure = q.figure ?? allowed[0]!;
  if (!allowed.includes(figure))
    throw new InputError(
      `unknown figure for route=${q.route}: ${JSON.stringify(q.figure)} (allowed: ${allowed.join(', ')})`,
      { parameter: 'figure', allowed },
    );
  return figure;
}

/** A count window of a series as the rolling and ranks routes give it. */
function fromCell(c: CountCell) {
  return {
    window: { from: c.from, to: c.to, months: c.months },
    value: c.count,
    count: c.count,
    state: stateOf(c),
    covered_months: coveredOf(c),
    missing_months: c.missing_months,
    population_year: c.population_year,
  };
}

const defaultRule = (q: FigureQuery, source: string) =>
  q.source
    ? `${source}: the source asked for (source=${source})`
    : `${source}: the default source (the first loaded of mps, policeuk, local, stopsearch)`;

/**
 * Resolves the figure a request names, computing it through the same functions as its route.
 * @example await resolveFigure(db, { route: 'rolling', area: 'Barnet', category: 'burglary', to: '2018-12' })
 */
export async function resolveFigure(db: Database, q: FigureQuery): Promise<Figure> {
  const f = await resolve(db, q);
  return { ...f, area: { code: f.area.code, name: f.area.name } };
}

async function resolve(db: Database, q: FigureQuery): Promise<Figure> {
  const figure = required(q);
  switch (q.route) {
    case 'rolling':
    case 'ranks': {
      const { source, area, category } = await resolveSeries(db, {
        source: q.source,
        area: q.area!,
        category: q.category!,
      });
      const period = await resolveComparison(db, q, source);
      if (q.route === 'ranks') {
        const members = await groupMembers(db, q.group);
        if (members && !members.includes(area.code))
          throw new InputError(`area ${area.name} is not in group ${q.group}: its ranks do not list it`, {
            parameter: 'area',
            allowed: members,
          });
      }
      // /api/rolling asks for one area; /api/ranks for every area at once
      const p = {
        source: source.id,
        category: category.id,
        period,
        ...(q.route === 'rolling' ? { area: area.code } : {}),
      };
      const cell = windowsOf(await seriesWindows(db, p), area.code, period)[figure as 'current' | 'previous'];
      return {
        route: q.route,
        figure,
        source: source.id,
        area,
        subject: { id: category.id, label: category.label, kind: 'count' },
        requirement: seriesRequirement(source.id, category.id, allIndicators()),
        ...fromCell(cell),
        sql: ['macros', 'engine-counts'],
        parameters: { 'engine-counts': seriesParams(p) },
        source_rule: defaultRule(q, source.id),
        no_rows: null,
      };
    }
    case 'trend': {
      const { source, area, category } = await resolveSeries(db, {
        source: q.source,
        area: q.area!,
        category: q.category!,
      });
      const to = q.to ?? source.last;
      const from = q.from ?? source.first;
      checkMonths(source, to, from);
      const at = q.month ?? to;
      if (at < from || at > to)
        throw new InputError(`month=${at} is not within from=${from} to to=${to}`, { parameter: 'month' });
      const args = { source: source.id, area: area.code, category: category.id };
      const rows = await trend(db, { ...args, from: addMonths(at, -11), to: at });
      const window = figure === 'count' ? rows.slice(-1) : rows;
      const covered = window.filter((r) => r.count !== null).map((r) => r.month);
      const value = figure === 'count' ? (window[0]?.count ?? null) : (rows.at(-1)?.rolling_12m ?? null);
      const months = window.map((r) => r.month);
      return {
        route: 'trend',
        figure,
        source: source.id,
        area,
        subject: { id: category.id, label: category.label, kind: 'count' },
        requirement: seriesRequirement(source.id, category.id, allIndicators()),
        window: { from: months[0]!, to: at, months: months.length },
        value,
        count: value,
        state: stateOf({ months_covered: covered.length, months: months.length }),
        covered_months: covered,
        missing_months: months.filter((m) => !covered.includes(m)),
        population_year: null,
        sql: ['macros', 'engine-series'],
        parameters: { 'engine-series': trendParams({ ...args, from, to }) },
        source_rule: defaultRule(q, source.id),
        no_rows:
          value === null && covered.length > 0
            ? 'the rolling 12-month sum is null: not every one of its months is covered'
            : null,
      };
    }
    case 'outcomes': {
      const area = await resolveArea(db, q.area!);
      const forced = q.source ? await resolveSource(db, q.source) : undefined;
      const period = await resolveComparison(db, q, forced);
      const body = await scorecard(db, { area, period, source: forced?.id });
      const results = body.outcomes.flatMap((o) => o.indicators);
      const id = q.indicator!.trim().toLowerCase();
      const r = results.find((i) => i.id === id);
      if (!r)
        throw new InputError(
          `unknown indicator: ${JSON.stringify(q.indicator)} (allowed: ${results.map((i) => i.id).join(', ')})`,
          {
            parameter: 'indicator',
            allowed: results.map((i) => i.id),
          },
        );
      // the same run the scorecard read (the engine caches it for this version of the database)
      const run = await runEngine(db, { period, source: forced?.id, area: area.code });
      const w = period[figure as 'current' | 'previous'];
      const base = {
        route: 'outcomes' as const,
        figure,
        area,
        subject: { id: r.id, label: r.label, kind: r.kind },
        source_rule: r.source_rule,
        scorecard: body,
      };
      if (r.kind === 'manual')
        return {
          ...base,
          source: r.source,
          requirement: null,
          window: w,
          value: figure === 'current' ? r.value : null,
          count: null,
          state: r.state,
          covered_months: [],
          missing_months: [],
          population_year: null,
          sql: ['macros', 'engine-manual'],
          parameters: run.parameters['engine-manual'] ? { 'engine-manual': run.parameters['engine-manual'] } : {},
          source_rule: r.source_rule,
          no_rows: 'a manual value is loaded as it is (the indicators format): it has no rows',
        };
      const cells = r.windows[figure as 'current' | 'previous'];
      const cell = r.source
        ? cellsOf(run, keyOf(r.id, r.source), area.code)[figure as 'current' | 'previous']
        : undefined;
      const rate = r.kind !== 'count';
      return {
        ...base,
        source: r.source,
        requirement: r.source ? (run.requirements.get(keyOf(r.id, r.source)) ?? null) : null,
        window: { from: cells.from, to: cells.to, months: cells.months },
        value: rate ? (cells as { rate: number | null }).rate : (cells as { count: number | null }).count,
        count: rate ? null : (cell?.count ?? null),
        state: stateOf(cells),
        covered_months: monthList(cells.from, cells.to).filter((m) => !cells.missing_months.includes(m)),
        missing_months: cells.missing_months,
        population_year: rate ? null : (cell?.population_year ?? null),
        ...engineSql(run, r.kind),
        no_rows:
          r.source === null
            ? 'no source covers this figure'
            : rate
              ? `a ${r.kind} indicator is a percentage (k of n), not a count of rows`
              : null,
      };
    }
    case 'league': {
      const area = await resolveArea(db, q.area!);
      const ind = await resolveLeagueIndicator(db, q.indicator!);
      const period = await resolveComparison(db, q);
      const run = await runEngine(db, { period, profile: leagueProfile(activeProfile(), ind) });
      const body = leagueOf(run, ind);
      const source = body.source;
      const cell = cellsOf(run, source ? keyOf(ind.id, source) : '', area.code).current;
      const rate = ind.kind !== 'count';
      const row = body.rows.find((x) => x.area.code === area.code);
      return {
        route: 'league',
        figure,
        source,
        area,
        subject: { id: ind.id, label: ind.label, kind: ind.kind },
        requirement: source ? (run.requirements.get(keyOf(ind.id, source)) ?? null) : null,
        ...fromCell(cell),
        value: rate ? (row?.rate ?? null) : cell.count,
        count: rate ? null : cell.count,
        population_year: rate ? null : cell.population_year,
        ...(rate ? { kn: { k: row?.k ?? null, n: row?.n ?? null } } : {}),
        ...engineSql(run, ind.kind),
        source_rule: body.source_rule,
        no_rows:
          source === null
            ? 'no source covers this figure'
            : rate
              ? `a ${ind.kind} indicator is a percentage (k of n), not a count of rows`
              : null,
      };
    }
  }
}

/**
 * The engine statements behind an indicator of a kind, and the parameters the run bound to each: a count reads
 * engine-counts; a repeat rate engine-repeats (and the counts that choose its source); a share engine-shares.
 */
function engineSql(run: EngineRun, kind: string) {
  const names = ['engine-counts', ...(kind === 'repeat' ? ['engine-repeats'] : kind === 'share' ? ['engine-shares'] : [])];
  return {
    sql: ['macros', ...names],
    parameters: Object.fromEntries(names.flatMap((n) => (run.parameters[n] ? [[n, run.parameters[n]]] : []))),
  };
}

/** The kinds of local slice ('area|crime', 'area|asb') a requirement reads. */
export function localTypes(r: Requirement | null): string[] {
  if (!r) return [];
  const types = r.requires.filter((k) => k.startsWith('type:')).map((k) => k.slice(5));
  return types.length ? types : r.category === 'asb' ? ['asb'] : ['crime'];
}

/**
 * The files (with their load and when it finished) the figure's covered months came from; for MPS, the crime
 * classification each file's months were published in (series breaks are named where it changes).
 */
export async function figureFiles(db: Database, f: Figure) {
  if (!f.source || f.covered_months.length === 0) return [];
  const files = await db.all<{
    file: string;
    load_id: number;
    loaded_at: string | null;
    months: string[];
    slice_rows: number;
    classification?: string | null;
  }>(sql('explain-files'), {
    source: f.source,
    area: f.area.code,
    months: JSON.stringify(f.covered_months),
    types: JSON.stringify(localTypes(f.requirement)),
  });
  return f.source === 'mps' ? files : files.map(({ classification: _c, ...file }) => file);
}

/** The SQL files with their text, as read from queries/. */
export const sqlFiles = (names: string[]) =>
  names.map((name) => ({ name: `queries/${name}.sql`, text: QUERIES[name] ?? sql(name) }));

/** The rows statement of each source with incident rows or cells. */
export const ROWS_SQL: Record<string, string> = {
  mps: 'rows-mps',
  policeuk: 'rows-policeuk',
  local: 'rows-local',
  stopsearch: 'rows-stopsearch',
};

/** The rows behind a figure (only its covered months), or why there are none to offer. */
export async function figureRows(db: Database, f: Figure): Promise<Record<string, unknown>[]> {
  if (f.no_rows) throw new InputError(`no rows for this figure: ${f.no_rows}`, { parameter: 'figure' });
  if (!f.source || !f.requirement || f.covered_months.length === 0) return [];
  const name = ROWS_SQL[f.source];
  if (!name)
    throw new InputError(`rows are offered for sources ${Object.keys(ROWS_SQL).join(', ')} (found ${f.source})`, {
      parameter: 'source',
    });
  return db.all(sql(name), {
    area: f.area.code,
    category: f.requirement.category,
    months: JSON.stringify(f.covered_months),
  });
}
