import type { Database } from '../data/db.ts';
import { InputError } from './errors.ts';
import { pctChange } from './indicators/common.ts';
import type { CountCell } from './indicators/engine.ts';
import { seriesRun, windowsOf } from './indicators/series.ts';
import { type Period, resolvePeriod } from './periods.ts';
import { monthsBetween } from '../core/months.ts';
import { comparisonAcross } from './breaks.ts';
import { lookups } from './lookups.ts';
import { significance } from '../core/stats/significance.ts';
import { rateCi95 } from '../core/stats/poisson.ts';
import { ratePer1000 } from '../core/stats/rate.ts';
import type { Rolling, RollingWindow } from '../core/types.ts';

export interface RollingInput {
  source: string;
  area: { code: string; name: string };
  category: { id: string; label: string };
  period: Period;
  /** a financial year `YYYY/YY` or a range `YYYY-MM:YYYY-MM` */
  baseline?: string;
}

/**
 * A window as /api/rolling shows it: the count over the covered months (null when none), a rate only when complete
 * and the area has a resident population; `rate_reason` says in words why there is no rate (null when there is one).
 */
const shown = (w: CountCell, area: { name: string }): RollingWindow => ({
  from: w.from,
  to: w.to,
  months: w.months,
  months_covered: w.months_covered,
  complete: w.complete,
  count: w.count,
  rate_per_1000: w.complete ? ratePer1000(w.count, w.population) : null,
  rate_reason: !w.complete
    ? `no rate: ${w.months_covered} of the window's ${w.months} months covered`
    : !w.population
      ? `no rate: no resident population for ${area.name} (not a borough)`
      : null,
  // exact 95% Poisson interval per 1,000 residents; only for a complete window
  rate_ci95: w.complete ? rateCi95(w.count, w.population) : null,
  population_year: w.population_year,
});

/**
 * A period (default the 12 months ending `to`) against its comparison window (and optionally a baseline): the
 * `/api/rolling` body. A change, % change and significance only when both windows are complete and the comparison
 * crosses no break that makes them not like for like (`not_compared` says which: breaks.ts `comparisonAcross`).
 * @example await rollingComparison(db, { source: 'mps', area, category, period: resolvePeriod('2018-12'), baseline: '2017/18' })
 */
export async function rollingComparison(db: Database, input: RollingInput): Promise<Rolling> {
  const { source, area, category, period } = input;
  const run = await seriesRun(db, { source, category: category.id, period, area: area.code });
  const { current, previous } = windowsOf(run.byArea, area.code, period);
  const complete = current.complete && previous.complete;
  const loaded = { area: area.code, changes: (await lookups(db)).classificationChanges };
  const base = input.baseline ? parseBaseline(input.baseline) : undefined;
  const baseline = await (base
    ? (() => {
        // the baseline as the current window of a one-off period
        const p = { ...resolvePeriod(base.to, '12m'), current: { from: base.from, to: base.to, months: monthsBetween(base.from, base.to) } };
        return seriesRun(db, { source, category: category.id, period: p, area: area.code }).then((b) => ({ ...windowsOf(b.byArea, area.code, p).current, made_by: b.made_by }));
      })()
    : undefined);
  // series breaks the two windows straddle (and, for rates, a change of population base between their years)
  const across = comparisonAcross(source, category.id, previous.from, current.to, loaded, [previous.population_year, current.population_year]);
  const compared = complete && across.not_compared === null;
  const baseAcross = base ? comparisonAcross(source, category.id, base.from, current.to, loaded) : undefined;
  const baseCompared = complete && !!baseline?.complete && baseAcross?.not_compared === null;
  return {
    source,
    area: { code: area.code, name: area.name },
    category: { id: category.id, label: category.label },
    period: period.period,
    vs: period.vs,
    label: period.words,
    current: shown(current, area),
    previous: shown(previous, area),
    change: compared ? current.count! - previous.count! : null,
    pct_change: compared ? pctChange(current.count!, previous.count!) : null,
    significance: compared ? significance(current.count!, previous.count!) : null,
    complete,
    missing_months: [...previous.missing_months, ...current.missing_months],
    breaks: across.breaks,
    /** why the two windows are not compared across a series break (null when they are, or when a window is incomplete) */
    not_compared: across.not_compared,
    baseline:
      base && baseline
        ? {
            label: base.label,
            from: base.from,
            to: base.to,
            count: baseline.count,
            change: baseCompared ? current.count! - baseline.count! : null,
            pct_change: baseCompared ? pctChange(current.count!, baseline.count!) : null,
            complete: baseline.complete,
            missing_months: baseline.missing_months,
            breaks: baseAcross!.breaks,
            not_compared: baseAcross!.not_compared,
            /** the statement the baseline window was read from, as bound */
            made_by: baseline.made_by,
          }
        : null,
    /** the statement both windows were read from, as bound (`/api/explain` shows it) */
    made_by: run.made_by,
  };
}

/**
 * A baseline period: a financial year `2011/12` (April 2011 to March 2012) or a range `2011-04:2012-03`.
 * @example parseBaseline('2011/12') // { label: '2011/12', from: '2011-04', to: '2012-03' }
 */
export function parseBaseline(raw: string): { label: string; from: string; to: string } {
  const fy = /^(\d{4})\/(\d{2})$/.exec(raw);
  if (fy) {
    const start = Number(fy[1]);
    if ((start + 1) % 100 !== Number(fy[2]))
      throw new InputError(`baseline ${JSON.stringify(raw)} is not a financial year (expected e.g. 2011/12)`, { parameter: 'baseline' });
    return { label: raw, from: `${start}-04`, to: `${start + 1}-03` };
  }
  const range = /^(\d{4}-(?:0[1-9]|1[0-2])):(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(raw);
  if (range && range[1]! <= range[2]!) return { label: raw, from: range[1]!, to: range[2]! };
  throw new InputError(
    `malformed baseline: ${JSON.stringify(raw)} (expected a financial year YYYY/YY such as 2011/12, or a range YYYY-MM:YYYY-MM)`,
    { parameter: 'baseline' },
  );
}
