import type { Database } from '../data/db.ts';
import { allIndicators, type Indicator } from '../data/outcomes.ts';
import { InputError } from './errors.ts';
import { requirement } from './indicators/requirements.ts';
import { sql } from './queries.ts';
import { breaksBetween } from './breaks.ts';
import { lookups } from './lookups.ts';
import { pChart, xmrChart, type Polarity } from '../core/stats/spc.ts';
import { trend } from './trend.ts';

export interface SpcInput {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  from: string;
  to: string;
  baseline?: { from: string; to: string };
  seasonal?: boolean;
}

/**
 * The polarity of a series: the profile indicator's with the category's id (data/outcomes.json), else
 * lower-is-better (a crime count), with the rule in words.
 * @example polarityOf('burglary') // { polarity: 'lower-is-better', rule: 'the profile indicator "burglary"' }
 */
export function polarityOf(category: string): { polarity: Polarity; rule: string } {
  const ind = allIndicators().find((i) => i.id === category);
  return ind
    ? { polarity: ind.polarity, rule: `the profile indicator ${JSON.stringify(ind.id)} (${ind.polarity})` }
    : { polarity: 'lower-is-better', rule: 'no profile indicator has this id: a crime count, so lower is better' };
}

/**
 * The `/api/spc` body: the monthly series (gaps null, via queries/engine-series.sql: api/trend.ts) as an XmR chart, seasonal or not, its
 * limits from the first 20 months (or the baseline asked), restarting at each series break in from..to (the data's
 * classification changes and the reference file's) and at each sustained shift (core/stats/spc.ts, docs/spc.md).
 * @example await spcSeries(db, { source: 'mps', area, category, from: '2017-01', to: '2018-12', seasonal: false })
 */
export async function spcSeries(db: Database, input: SpcInput) {
  const { source, area, category, from, to } = input;
  const series = await trend(db, { source, area: area.code, category: category.id, from, to });
  const breaks = breaksBetween(source, category.id, from, to, { area: area.code, changes: (await lookups(db)).classificationChanges });
  const { polarity, rule } = polarityOf(category.id);
  const chart = xmrChart(
    series.map((r) => ({ month: r.month, count: r.count })),
    { polarity, seasonal: input.seasonal, baseline: input.baseline, breaks: breaks.map((b) => b.month), floor: 0 },
  );
  return {
    source,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    from,
    to,
    polarity,
    polarity_rule: rule,
    method: chart.method as 'xmr' | 'xmr-seasonal',
    baseline: chart.baseline,
    rows: chart.rows,
    latest: chart.latest,
    breaks,
    segments: chart.segments,
  };
}

/**
 * A share indicator of the profile (an outcome rate, a find rate) as a p-chart of its monthly proportion, from its
 * source (its own `source`, else a local extract), over from..to: the `/api/spc?indicator=` body.
 * @example await spcShare(db, { indicator, area, from: '2017-01', to: '2018-12' })
 */
export async function spcShare(db: Database, input: { indicator: Extract<Indicator, { kind: 'share' }>; area: { code: string; name: string }; from: string; to: string }) {
  const { indicator: ind, area, from, to } = input;
  const source = ind.source ?? 'local';
  const r = requirement(ind, source);
  if (!r) throw new InputError(`indicator ${ind.id} cannot be counted from ${source}`, { parameter: 'indicator' });
  const rows = await db.all<{ month: string; k: number | null; n: number | null }>(sql('spc-share'), {
    source,
    category: r.category,
    requires: JSON.stringify(r.requires),
    measure: ind.outcome,
    area: area.code,
    from,
    to,
  });
  const breaks = breaksBetween(source, r.category, from, to, { area: area.code, changes: (await lookups(db)).classificationChanges });
  const chart = pChart(rows, { polarity: ind.polarity, breaks: breaks.map((b) => b.month) });
  return {
    source,
    area: { code: area.code, name: area.name },
    indicator: { id: ind.id, label: ind.label },
    from,
    to,
    polarity: ind.polarity,
    polarity_rule: `the profile indicator ${JSON.stringify(ind.id)} (${ind.polarity})`,
    method: 'p' as const,
    baseline: chart.baseline,
    rows: chart.rows.map((row, i) => ({ ...row, k: rows[i]?.k ?? null, n: rows[i]?.n ?? null })),
    latest: chart.latest,
    breaks,
    segments: chart.segments,
  };
}
