import type { Database } from '../../data/db.ts';
import { InputError } from '../errors.ts';
import { validQuery } from '../params.ts';
import { explainSchema, explanation } from '../routes/explain.ts';
import { metaBody } from '../routes/meta.ts';
import { outcomesBody, outcomesSchema } from '../routes/outcomes.ts';
import { spcBody, spcSchema } from '../routes/spc.ts';
import { addMonths } from '../../core/months.ts';
import type { SpcOverlay } from '../../charts/trend.ts';
import type { Meta, Published, PublishedScorecard, SeriesMonth, Shown, Wards } from '../../core/types.ts';
import type { PackExplanations } from './notes.ts';
import { packWards } from './wards.ts';

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
/** One month of an indicator's published series (core/types.ts). */
export type TrendPoint = SeriesMonth<Shown>;
export interface PackData {
  options: PackOptions;
  meta: Meta;
  outcomes: Outcomes;
  /** per count indicator: its result's monthly series (`series`), ending at `to` (or its source's last month) */
  trends: Map<string, TrendPoint[]>;
  /** per count indicator (partnership packs only): its process chart over the same months, drawn as the expected range */
  spc: Map<string, SpcOverlay>;
  /** how each table row and chart is made: the explanation `/api/explain` gives for the same parameters (public packs: `public=1`) */
  explain: PackExplanations;
  /** "wards to watch": the area's wards per WATCH_CATEGORIES category (api/report/wards.ts; partnership packs with ward data only) */
  wards?: Wards[];
}

/** What the pack's charts are drawn from: everything but the notes' explanations. */
export type PackFigures = Omit<PackData, 'explain'>;

/** Whether the pack draws a trend chart for these months: at least 13 with a figure (a year and its comparison). */
export const charted = (rows: TrendPoint[]) => rows.filter((r) => r.count !== null).length >= 13;

/** A figure the engine cannot give for these parameters (a category a source cannot express, say): left out of the pack. */
const unless = (e: unknown): undefined => {
  if (e instanceof InputError) return undefined;
  throw e;
};

/**
 * Everything the pack shows, from the functions behind the routes (with the same validated parameters and the same
 * disclosure control), so the annex matches `/api/outcomes` exactly; all of it read from one version of the database.
 * A bad area or month is an InputError naming the bad value.
 * @example await packData(db, { area: 'Barnet', to: '2018-12', threshold: null })
 */
export const packData = (db: Database, options: PackOptions, onFigures?: (figures: PackFigures) => Promise<unknown>): Promise<PackData> =>
  db.pin(() => read(db, options, onFigures));

/**
 * `onFigures` is called once the figures are in and before the explanations are (so the charts are drawn while the
 * database answers the rest); the pack is read when the promise it returns settles too.
 */
async function read(db: Database, options: PackOptions, onFigures?: (figures: PackFigures) => Promise<unknown>): Promise<PackData> {
  const n = options.threshold;
  const pub: Record<string, string> = n ? { public: '1', suppress_below: String(n) } : {};
  const periodParams: Record<string, string> = { ...(options.period ? { period: options.period } : {}), ...(options.vs ? { vs: options.vs } : {}) };
  const [meta, outcomes]: [Meta, Outcomes] = await Promise.all([
    metaBody(db),
    outcomesBody(db, validQuery(outcomesSchema, { area: options.area, to: options.to, ...periodParams }), n),
  ]);
  const explain: PackExplanations = { indicators: new Map(), trends: new Map(), queries: new Map() };
  const explainOf = (key: string, q: Record<string, string>) => {
    explain.queries.set(key, q);
    const params = { ...q, ...pub };
    return explanation(db, validQuery(explainSchema, params), `/api/rows?${new URLSearchParams(params)}`, n);
  };
  const indicators = outcomes.outcomes.flatMap((o) => o.indicators);
  const trends = new Map<string, TrendPoint[]>();
  const spc = new Map<string, SpcOverlay>();
  const overlays: Promise<() => void>[] = [];
  const charts: (() => Promise<() => void>)[] = [];
  for (const ind of indicators) {
    const source = meta.sources.find((s) => s.id === ind.source);
    if (ind.kind !== 'count' || !source) continue;
    const end = options.to > source.last ? source.last : options.to;
    // the indicator's own monthly series, as the engine computed it for the result (the 36 months to the period's
    // end; in a public pack after the month-level rule over every month loaded, as /api/trend?public=1 shows it),
    // within its source's loaded months
    if (!ind.series) continue;
    const from = addMonths(end, -35);
    const rows = ind.series.filter((r) => r.month >= from && r.month >= source.first && r.month <= end);
    trends.set(ind.id, rows);
    // the chart's last month, as the trend route computed it (the same parameters as the rows above)
    if (charted(rows)) {
      const q = { route: 'trend', figure: 'rolling_12m', source: source.id, area: outcomes.area.code, category: ind.id, from: source.first, to: source.last, month: end };
      charts.push(() => explainOf(`trend:${ind.id}`, q).then((e) => () => explain.trends.set(ind.id, e)));
    }
    // the expected range and signals (not in a public pack: /api/spc serves exact counts only)
    if (!n)
      overlays.push(
        spcBody(db, validQuery(spcSchema, { source: source.id, area: outcomes.area.code, category: ind.id, from: from < source.first ? source.first : from, to: end }))
          .catch(unless)
          .then((overlay) => () => void (overlay && overlay.method !== 'p' && spc.set(ind.id, overlay))),
      );
  }
  // every statement at once, the process charts first (the charts are drawn from them while the rest is answered),
  // then each indicator's explanation and each trend chart's (the engine's run for the period is shared through its
  // cache); each answer is kept in the order of the indicators
  const pending: Promise<() => void>[] = [
    ...indicators.map(async (ind) => {
      const e = await explainOf(`outcomes:${ind.id}`, { route: 'outcomes', area: outcomes.area.code, indicator: ind.id, to: options.to, ...periodParams });
      return () => explain.indicators.set(ind.id, e);
    }),
    ...charts.map((start) => start()),
  ];
  const [explained] = await Promise.all([
    Promise.all(pending),
    Promise.all(overlays).then((sets) => {
      for (const set of sets) set();
      return onFigures?.({ options, meta, outcomes, trends, spc });
    }),
  ]);
  for (const set of explained) set();
  // wards to watch: not in a public pack (ward counts are small and not disclosure-controlled)
  const wards = n ? [] : await packWards(db, outcomes.area.code, options.to);
  return { options, meta, outcomes, trends, spc, explain, wards };
}
