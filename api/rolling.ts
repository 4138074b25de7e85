import type { Database } from '../data/db.ts';
import { breaksBetween, populationBreaks } from './breaks.ts';
import { badRequest } from './errors.ts';
import { addMonths } from './params.ts';
import { significance } from './stats.ts';
import { rateCi95 } from './stats/poisson.ts';
import { midYear, population, windowCount } from './windows.ts';

export interface RollingInput {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  to: string;
  /** a financial year `YYYY/YY` or a range `YYYY-MM:YYYY-MM` */
  baseline?: string;
}

/**
 * The 12 months ending `to` against the 12 months before (and optionally a baseline): the `/api/rolling` body.
 * @example await rollingComparison(db, { source: 'mps', area, category, to: '2018-12', baseline: '2017/18' })
 */
export async function rollingComparison(db: Database, input: RollingInput) {
  const { source, area, category, to } = input;
  const key = { source, area: area.code, category: category.id };
  const window = async (from: string, end: string) => {
    const w = await windowCount(db, { ...key, from, to: end });
    const pop = await population(db, area.code, midYear(end));
    return {
      from,
      to: end,
      count: w.count,
      rate_per_1000: pop ? (w.count / pop.population) * 1000 : null,
      // exact 95% Poisson interval per 1,000 residents; only for a complete window
      rate_ci95: w.missing_months.length === 0 ? rateCi95(w.count, pop?.population ?? null) : null,
      population_year: pop?.year ?? null,
      missing_months: w.missing_months,
    };
  };
  const current = await window(addMonths(to, -11), to);
  const previousTo = addMonths(to, -12);
  const previous = await window(addMonths(previousTo, -11), previousTo);
  const missing = [...previous.missing_months, ...current.missing_months];
  const base = input.baseline ? parseBaseline(input.baseline) : undefined;
  const baseline = base ? await windowCount(db, { ...key, from: base.from, to: base.to }) : undefined;
  const strip = ({ missing_months: _, ...w }: typeof current) => w;
  return {
    source,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    current: strip(current),
    previous: strip(previous),
    change: current.count - previous.count,
    pct_change: pctChange(current.count, previous.count),
    significance: significance(current.count, previous.count),
    complete: missing.length === 0,
    missing_months: missing,
    // series breaks the two windows straddle (and, for rates, a change of population base between their years)
    breaks: [...breaksBetween(source, category.id, previous.from, to), ...populationBreaks(previous.population_year, current.population_year)],
    baseline: baseline
      ? {
          label: base!.label,
          from: baseline.from,
          to: baseline.to,
          count: baseline.count,
          change: current.count - baseline.count,
          pct_change: pctChange(current.count, baseline.count),
          complete: baseline.missing_months.length === 0,
          missing_months: baseline.missing_months,
          breaks: breaksBetween(source, category.id, baseline.from, to),
        }
      : null,
  };
}

/** 100 x (current - previous) / previous; null when previous is 0. */
export const pctChange = (current: number, previous: number): number | null =>
  previous === 0 ? null : (100 * (current - previous)) / previous;

/**
 * A baseline period: a financial year `2011/12` (April 2011 to March 2012) or a range `2011-04:2012-03`.
 * @example parseBaseline('2011/12') // { label: '2011/12', from: '2011-04', to: '2012-03' }
 */
export function parseBaseline(raw: string): { label: string; from: string; to: string } {
  const fy = /^(\d{4})\/(\d{2})$/.exec(raw);
  if (fy) {
    const start = Number(fy[1]);
    if ((start + 1) % 100 !== Number(fy[2]))
      throw badRequest(`baseline ${JSON.stringify(raw)} is not a financial year (expected e.g. 2011/12)`, { parameter: 'baseline' });
    return { label: raw, from: `${start}-04`, to: `${start + 1}-03` };
  }
  const range = /^(\d{4}-(?:0[1-9]|1[0-2])):(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(raw);
  if (range && range[1]! <= range[2]!) return { label: raw, from: range[1]!, to: range[2]! };
  throw badRequest(
    `malformed baseline: ${JSON.stringify(raw)} (expected a financial year YYYY/YY such as 2011/12, or a range YYYY-MM:YYYY-MM)`,
    { parameter: 'baseline' },
  );
}
