import type { Database } from '../../data/db.ts';
import { createApp } from '../app.ts';
import { addMonths } from '../params.ts';
import type { SpcOverlay } from '../../dashboard/charts/trend.ts';
import type { Published, PublishedScorecard, Shown } from '../indicators/types.ts';
import type { Explanation } from '../explain-body.ts';
import type { PackExplanations } from './notes.ts';

/** A bad --area or --to: the API's message, naming the bad value. */
export class ReportInputError extends Error {}

export interface PackOptions {
  area: string;
  to: string;
  /** the disclosure threshold for a public pack, or null for the unsuppressed (partnership) pack */
  threshold: number | null;
  title?: string;
  /** the period and comparison (default 12m against the year before) */
  period?: string;
  vs?: string;
}

/** One indicator as the pack reads it: the engine's result, after disclosure control for a public pack. */
export type Indicator = Published;
export type Outcomes = PublishedScorecard;
export interface Meta {
  sources: { id: string; first: string; last: string; rows: number }[];
}
export interface TrendPoint {
  month: string;
  count: Shown;
  rolling_12m: Shown;
}
export interface PackData {
  options: PackOptions;
  meta: Meta;
  outcomes: Outcomes;
  /** per count indicator: up to three years of monthly counts ending at `to` (or its source's last month) */
  trends: Map<string, TrendPoint[]>;
  /** per count indicator (partnership packs only): its process chart over the same months, drawn as the expected range */
  spc: Map<string, SpcOverlay>;
  /** how each table row and chart is made: `/api/explain` for the same parameters (public packs: `public=1`) */
  explain: PackExplanations;
}

/** Whether the pack draws a trend chart for these months: at least 13 with a figure (a year and its comparison). */
export const charted = (rows: TrendPoint[]) => rows.filter((r) => r.count !== null).length >= 13;

/**
 * Everything the pack shows, read through the API itself so the annex matches `/api/outcomes` exactly.
 * @example await packData(db, { area: 'Barnet', to: '2018-12', threshold: null })
 */
export async function packData(db: Database, options: PackOptions): Promise<PackData> {
  const app = createApp(db, { token: '' });
  const get = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const res = await app.request(`${path}?${new URLSearchParams(params)}`);
    const body = await res.json();
    if (res.status !== 200) throw new ReportInputError((body as { error: string }).error);
    return body as T;
  };
  const n = options.threshold;
  const pub: Record<string, string> = n ? { public: '1', suppress_below: String(n) } : {};
  const meta = await get<Meta>('/api/meta', {});
  const periodParams: Record<string, string> = { ...(options.period ? { period: options.period } : {}), ...(options.vs ? { vs: options.vs } : {}) };
  const outcomes = await get<Outcomes>('/api/outcomes', { area: options.area, to: options.to, ...periodParams, ...pub });
  const explain: PackExplanations = { indicators: new Map(), trends: new Map(), queries: new Map() };
  const explainOf = async (key: string, q: Record<string, string>) => {
    explain.queries.set(key, q);
    return get<Explanation>('/api/explain', { ...q, ...pub });
  };
  // every indicator's explanation at once (the engine's run for the period is shared through its cache)
  await Promise.all(
    outcomes.outcomes
      .flatMap((o) => o.indicators)
      .map(async (ind) =>
        explain.indicators.set(ind.id, await explainOf(`outcomes:${ind.id}`, { route: 'outcomes', area: outcomes.area.code, indicator: ind.id, to: options.to, ...periodParams })),
      ),
  );
  const trends = new Map<string, TrendPoint[]>();
  const spc = new Map<string, SpcOverlay>();
  for (const ind of outcomes.outcomes.flatMap((o) => o.indicators)) {
    const source = meta.sources.find((s) => s.id === ind.source);
    if (ind.kind !== 'count' || !source) continue;
    const end = options.to > source.last ? source.last : options.to;
    let rows: TrendPoint[];
    try {
      // the whole loaded series; in a public pack as /api/trend?public=1 publishes it (the month-level rule over every
      // month loaded, so the chart shows what the scorecard and the trend route show)
      rows = (await get<{ rows: TrendPoint[] }>('/api/trend', { source: source.id, area: outcomes.area.code, category: ind.id, from: source.first, to: source.last, ...pub })).rows;
    } catch {
      continue;
    }
    const from = addMonths(end, -35);
    trends.set(ind.id, rows.filter((r) => r.month >= from && r.month <= end));
    // the chart's last month, as the trend route computed it (the same request as the rows above)
    if (charted(trends.get(ind.id)!)) explain.trends.set(ind.id, await explainOf(`trend:${ind.id}`, { route: 'trend', figure: 'rolling_12m', source: source.id, area: outcomes.area.code, category: ind.id, from: source.first, to: source.last, month: end }));
    // the expected range and signals (not in a public pack: /api/spc serves exact counts only)
    if (!n)
      await get<SpcOverlay>('/api/spc', { source: source.id, area: outcomes.area.code, category: ind.id, from: from < source.first ? source.first : from, to: end })
        .then((body) => spc.set(ind.id, body))
        .catch(() => undefined);
  }
  return { options, meta, outcomes, trends, spc, explain };
}
