/**
 * "How is this figure made?": resolves one figure of a route (`/api/rolling`, `/api/ranks`, `/api/trend`,
 * `/api/outcomes`, `/api/league`) by calling that route's own body function, and says which SQL computed it with
 * which parameters (the body's `made_by`: what the code that ran it bound), which months it covers and which files
 * they came from. `/api/explain` and `/api/rows` read it.
 */
import { z } from 'zod';
import type { Database } from '../data/db.ts';
import { allIndicators } from '../data/outcomes.ts';
import { InputError } from './errors.ts';
import { stateOf } from './indicators/common.ts';
import { activeProfile, keyOf, runEngine } from './indicators/engine.ts';
import { leagueProfile } from './indicators/league.ts';
import { madeByOf } from './indicators/made-by.ts';
import { seriesRequirement, type Requirement } from './indicators/requirements.ts';
import type { ExplainRoute, Scorecard, WardExplanation } from '../core/types.ts';
import { fmt1, fmtInt } from '../core/format.ts';
import { wardsResult, wardsSchema } from './wards.ts';
import { month, resolveArea, resolveComparison, resolveSource, validQuery } from './params.ts';
import { addMonths, monthList, monthsBetween } from '../core/months.ts';
import { ROLLING_MONTHS } from '../core/stats/rolling.ts';
import { periodQuery } from './periods.ts';
import { QUERIES, sql } from './queries.ts';
import { leagueBody, resolveLeagueIndicator } from './routes/league.ts';
import { outcomesBody } from './routes/outcomes.ts';
import { ranksResult } from './routes/ranks.ts';
import { rollingBody } from './routes/rolling.ts';
import { trendResult } from './routes/trend.ts';

export const ROUTES = ['rolling', 'ranks', 'trend', 'outcomes', 'league', 'wards'] as const;
export type Route = (typeof ROUTES)[number] & ExplainRoute;

/** The figures each route can explain (`figure=`), the first the default. */
export const FIGURES: Record<Route, readonly string[]> = {
  rolling: ['current', 'previous'],
  ranks: ['current'],
  trend: ['count', 'rolling_12m'],
  outcomes: ['current', 'previous'],
  league: ['current'],
  wards: ['current'],
};

/** What each route needs besides its own defaults, in words for the 400. */
const REQUIRED: Record<Route, ('area' | 'category' | 'indicator' | 'ward')[]> = {
  rolling: ['area', 'category'],
  ranks: ['area', 'category'],
  trend: ['area', 'category'],
  outcomes: ['area', 'indicator'],
  league: ['area', 'indicator'],
  wards: ['area', 'category', 'ward'],
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
  /** wards: the ward (its 2022 code) whose count is explained */
  ward: text('ward'),
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
  /** wards: the ward's rate arithmetic, its borough and the unplaced remainder (core/types.ts WardExplanation) */
  ward?: WardExplanation;
  /** wards: the query of `/api/wards` the figure is a row of (public mode reads the same body after disclosure control) */
  wardsQuery?: z.output<typeof wardsSchema>;
  /** the rows link when it is not `/api/rows` with the same parameters (wards: `/api/wards/rows`) */
  rows_url?: string;
}

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

/** A window as a route's body gives it: its months, count, missing months and population year. */
function fromWindow(w: { from: string; to: string; months: number; months_covered: number; missing_months: string[]; count: number | null; population_year: number | null }) {
  const missing = new Set(w.missing_months);
  return {
    window: { from: w.from, to: w.to, months: w.months },
    value: w.count,
    count: w.count,
    state: stateOf(w),
    covered_months: monthList(w.from, w.to).filter((m) => !missing.has(m)),
    missing_months: w.missing_months,
    population_year: w.population_year,
  };
}

const defaultRule = (q: FigureQuery, source: string) =>
  q.source
    ? `${source}: the source asked for (source=${source})`
    : `${source}: the default source (the first loaded of mps, policeuk, local, stopsearch)`;

/** The parameters of the query a route takes, from an explain query (its own `route` and `figure` aside). */
const periodOf = (q: FigureQuery) => ({ to: q.to, period: q.period, vs: q.vs });

/**
 * Resolves the figure a request names by calling its route's own body function with the same query (so through the
 * same engine runs and statements), and reading the figure and the statements that made it (`made_by`) from the body.
 * @example await resolveFigure(db, { route: 'rolling', area: 'Barnet', category: 'burglary', to: '2018-12' })
 */
export async function resolveFigure(db: Database, q: FigureQuery): Promise<Figure> {
  const f = await resolve(db, q);
  return { ...f, area: { code: f.area.code, name: f.area.name } };
}

async function resolve(db: Database, q: FigureQuery): Promise<Figure> {
  const figure = required(q);
  switch (q.route) {
    case 'rolling': {
      const body = await rollingBody(db, { source: q.source, area: q.area!, category: q.category!, baseline: q.baseline, ...periodOf(q) });
      const w = body[figure as 'current' | 'previous'];
      // the body lists both windows' missing months together (the windows do not overlap)
      const missing = body.missing_months.filter((m) => m >= w.from && m <= w.to);
      return {
        route: 'rolling',
        figure,
        source: body.source,
        area: body.area,
        subject: { id: body.category.id, label: body.category.label, kind: 'count' },
        requirement: seriesRequirement(body.source, body.category.id, allIndicators()),
        ...fromWindow({ ...w, missing_months: missing }),
        sql: body.made_by.sql,
        parameters: body.made_by.parameters,
        source_rule: defaultRule(q, body.source),
        no_rows: null,
      };
    }
    case 'ranks': {
      const area = await resolveArea(db, q.area!);
      const { body } = await ranksResult(
        db,
        // the area too: outside London it chooses the default comparator (its force area) and is needed by group=peers
        { source: q.source, category: q.category!, measure: q.measure ?? 'rate', group: q.group, area: q.area, format: 'json', ...periodOf(q) },
        null,
      );
      const row = body.rows.find((r) => r.area.code === area.code);
      if (!row)
        throw new InputError(
          q.group
            ? `area ${area.name} is not in group ${q.group}: its ranks do not list it`
            : `area ${area.name} is not a London borough: the ranks list only the 32 boroughs`,
          { parameter: 'area', allowed: body.rows.map((r) => r.area.code) },
        );
      return {
        route: 'ranks',
        figure,
        source: body.source,
        area: row.area,
        subject: { id: body.category.id, label: body.category.label, kind: 'count' },
        requirement: seriesRequirement(body.source, body.category.id, allIndicators()),
        ...fromWindow({ ...row, from: body.from, to: body.to, months: monthsBetween(body.from, body.to) }),
        sql: body.made_by.sql,
        parameters: body.made_by.parameters,
        source_rule: defaultRule(q, body.source),
        no_rows: null,
      };
    }
    case 'trend': {
      const { body, covered } = await trendResult(
        db,
        { source: q.source, area: q.area!, category: q.category!, from: q.from, to: q.to, format: 'json' },
        null,
      );
      // the body's months are its from..to (each month a row)
      const [from, to] = [body.rows[0]!.month, body.rows.at(-1)!.month];
      const at = q.month ?? to;
      if (at < from || at > to)
        throw new InputError(`month=${at} is not within from=${from} to to=${to}`, { parameter: 'month' });
      const row = body.rows.find((r) => r.month === at)!;
      // the month, or the 12 months to it (the months before `from` as the statement found them covered)
      const months = figure === 'count' ? [at] : monthList(addMonths(at, -(ROLLING_MONTHS - 1)), at);
      const found = new Set(covered);
      const coveredMonths = months.filter((m) => found.has(m));
      const value = figure === 'count' ? row.count : row.rolling_12m;
      return {
        route: 'trend',
        figure,
        source: body.source,
        area: body.area,
        subject: { id: body.category.id, label: body.category.label, kind: 'count' },
        requirement: seriesRequirement(body.source, body.category.id, allIndicators()),
        window: { from: months[0]!, to: at, months: months.length },
        value,
        count: value,
        state: stateOf({ months_covered: coveredMonths.length, months: months.length }),
        covered_months: coveredMonths,
        missing_months: months.filter((m) => !found.has(m)),
        population_year: null,
        sql: body.made_by.sql,
        parameters: body.made_by.parameters,
        source_rule: defaultRule(q, body.source),
        no_rows:
          value === null && coveredMonths.length > 0
            ? 'the rolling 12-month sum is null: not every one of its months is covered'
            : null,
      };
    }
    case 'outcomes': {
      const body = await outcomesBody(db, { area: q.area!, source: q.source, ...periodOf(q) }, null);
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
      // the statements behind this indicator, as the scorecard's engine run bound them
      const made = madeByOf(body.made_by.parameters, body.made_by.indicators[r.id] ?? []);
      const w = body.period[figure as 'current' | 'previous'];
      const base = {
        route: 'outcomes' as const,
        figure,
        area: body.area,
        subject: { id: r.id, label: r.label, kind: r.kind },
        source_rule: r.source_rule,
        scorecard: body,
        sql: made.sql,
        parameters: made.parameters,
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
          no_rows: 'a manual value is loaded as it is (the indicators format): it has no rows',
        };
      const cells = r.windows[figure as 'current' | 'previous'];
      const rate = r.kind !== 'count';
      // how the chosen source counts the indicator: the requirement of the scorecard's own engine run (cached)
      const forced = q.source ? await resolveSource(db, q.source) : undefined;
      const period = await resolveComparison(db, q, forced);
      const run = r.source ? await runEngine(db, { period, source: forced?.id, area: body.area.code }) : null;
      return {
        ...base,
        source: r.source,
        requirement: run && r.source ? (run.requirements.get(keyOf(r.id, r.source)) ?? null) : null,
        ...fromWindow({ ...cells, count: rate ? null : (cells as { count: number | null }).count, population_year: rate ? null : (cells as { population_year: number | null }).population_year }),
        value: rate ? (cells as { rate: number | null }).rate : (cells as { count: number | null }).count,
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
      const body = await leagueBody(db, { indicator: q.indicator!, ...periodOf(q) });
      const ind = await resolveLeagueIndicator(db, q.indicator!);
      const source = body.source;
      const rate = ind.kind !== 'count';
      const row = body.rows.find((x) => x.area.code === area.code);
      if (!row)
        throw new InputError(`area ${area.name} is not a London borough: the league lists only the 32 boroughs`, {
          parameter: 'area',
          allowed: body.rows.map((r) => r.area.code),
        });
      const { from, to } = body;
      // the same (cached) engine run as the league's: how the source counts the indicator
      const run = source ? await runEngine(db, { period: await resolveComparison(db, q), profile: leagueProfile(activeProfile(), ind) }) : null;
      return {
        route: 'league',
        figure,
        source,
        area: row.area,
        subject: { id: ind.id, label: ind.label, kind: ind.kind },
        requirement: run && source ? (run.requirements.get(keyOf(ind.id, source)) ?? null) : null,
        ...fromWindow({
          from,
          to,
          months: body.period.current.months,
          months_covered: row.months_covered,
          // no source: no month covered
          missing_months: source ? row.missing_months : monthList(from, to),
          count: rate ? null : row.count,
          population_year: rate ? null : row.population_year,
        }),
        value: rate ? row.rate : row.count,
        ...(rate ? { kn: { k: row.k, n: row.n } } : {}),
        sql: body.made_by.sql,
        parameters: body.made_by.parameters,
        source_rule: body.source_rule,
        no_rows:
          source === null
            ? 'no source covers this figure'
            : rate
              ? `a ${ind.kind} indicator is a percentage (k of n), not a count of rows`
              : null,
      };
    }
    case 'wards': {
      const wq = validQuery(wardsSchema, { area: q.area, category: q.category, to: q.to, period: q.period, vs: q.vs, source: q.source });
      const { body } = await wardsResult(db, wq);
      const code = q.ward!.trim().toUpperCase();
      const row = body.rows.find((r) => r.code === code);
      if (!row)
        throw new InputError(
          `unknown ward of ${body.area.name}: ${JSON.stringify(q.ward)} (allowed: ${body.rows.map((r) => `${r.code} ${r.name}`).sort().join(', ')})`,
          { parameter: 'ward', allowed: body.rows.map((r) => r.code).sort() },
        );
      const { current } = body.period;
      const missing = new Set(body.missing_months);
      const u = body.unplaced;
      const rows = new URLSearchParams({ area: body.area.code, category: body.category.id, to: current.to, period: body.period.period, vs: body.period.vs, source: body.source, ward: row.code });
      const arithmetic =
        row.rate_per_1000 === null || row.count === null
          ? row.population === null
            ? `no rate: no Census 2021 population is published for ${row.name} (no LSOA falls in it)`
            : `no rate: ${body.reason ?? 'the window is not fully covered'}`
          : `${fmtInt(row.count)} crimes ÷ ${fmtInt(row.population!)} residents (Census 2021) × 1,000 = ${fmt1(row.rate_per_1000)} per 1,000`;
      return {
        route: 'wards',
        figure,
        source: body.source,
        area: body.area,
        subject: { id: body.category.id, label: body.category.label, kind: 'count' },
        requirement: null,
        window: { from: current.from, to: current.to, months: body.months },
        value: row.count,
        count: row.count,
        state: stateOf({ months_covered: body.months_covered, months: body.months }),
        covered_months: monthList(current.from, current.to).filter((m) => !missing.has(m)),
        missing_months: body.missing_months,
        population_year: 2021,
        sql: body.made_by.sql,
        parameters: body.made_by.parameters,
        source_rule: q.source
          ? `${body.source}: the ward-level source asked for (source=${body.source})`
          : `${body.source}: the first ward-level source loaded (of mpsward, mpsdash)`,
        no_rows: body.source === 'mpsward' ? null : `rows are served for the MPS ward file (mpsward) only, not ${body.source}`,
        ward: {
          code: row.code,
          name: row.name,
          population: row.population,
          population_source: 'Census 2021 usual residents of the ward (ONS, by its LSOAs: data/reference/wards.csv)',
          count: row.count,
          rate_per_1000: row.rate_per_1000,
          arithmetic,
          vs_borough: row.vs_borough,
          borough: body.borough,
          unplaced: { count: u.count, borough_count: u.borough_count, wards_count: u.wards_count, note: u.note },
        },
        wardsQuery: wq,
        rows_url: `/api/wards/rows?${rows}`,
      };
    }
  }
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
  if (f.route === 'wards') {
    // the ward-level source's files, and the borough-level source's its unplaced remainder was taken from
    const borough = f.ward?.unplaced.borough_count !== null ? f.ward?.borough.source : undefined;
    return db.all<{ file: string; load_id: number; loaded_at: string | null; months: string[]; slice_rows: number; source: string }>(sql('explain-ward-files'), {
      sources: JSON.stringify([...new Set([f.source, ...(borough ? [borough] : [])])]),
      area: f.area.code,
      months: JSON.stringify(f.covered_months),
    });
  }
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
  if (f.route === 'wards')
    return f.covered_months.length === 0
      ? []
      : db.all(sql('wards-rows'), { area: f.area.code, category: f.subject.id, ward: f.ward!.code, months: f.covered_months.join(',') });
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
