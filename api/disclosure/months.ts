/**
 * Disclosure control as a set, at the level of the month: the one rule every public figure of a monthly series
 * follows (`/api/trend`, `/api/rolling`, `/api/outcomes`, `/api/explain`, the public pack). Pure.
 *
 * 1. A month's count (one area, one category, one month) from 1 to N−1 is hidden (`"<N"`). Where categories add
 *    up (all hate crime = the sum of its five strands), each month's total and parts are one small table, and the
 *    next-smallest part of that month is hidden too (`"[c]"`) until no hidden part of it can be worked out.
 *    What is hidden depends on the data alone (every month loaded), never on the range or route asked for.
 * 2. Any figure that adds up months (a rolling 12-month sum, a period's count: 12 months, a financial year to
 *    date, a quarter, the previous window, a baseline) is published exactly only when every month it adds up is
 *    published; otherwise it is withheld (`"[c]"`), and so is everything computed from it (rate, change, p-value).
 *
 * Why: a published sum of a hidden month is an equation in that month. Differences of rolling sums, a period
 * against its months, or a total against its parts (across any number of requests and ranges) then solve it.
 * With rule 2 no published figure is an equation in a hidden month, so nothing can be solved from any
 * combination of requests: what a reader can learn of a hidden month is what its own month table shows.
 */
import { addMonths } from '../../core/months.ts';
import type { Shown } from '../../core/types.ts';
import { ruleText, SECONDARY, suppress, type Cell, type Line } from './suppress.ts';

/** Additive groups of categories, month by month and over any period: the total's count is the sum of the parts'. */
export const ADDITIVE_GROUPS: Line[] = [
  { total: 'hate-crime', parts: ['hate-crime-race', 'hate-crime-religion', 'hate-crime-sexual-orientation', 'hate-crime-disability', 'hate-crime-transgender'] },
  // the crosswalk's splits that boards publish side by side (burglary and residential burglary are both priority
  // indicators): a small business count would otherwise be the total minus the residential one
  { total: 'burglary', parts: ['burglary-residential', 'burglary-business'] },
  { total: 'robbery', parts: ['robbery-personal', 'robbery-business'] },
];

/** The categories that share a month table with `category` (itself included). */
export const groupOf = (category: string, groups: Line[] = ADDITIVE_GROUPS): string[] => {
  const out = new Set([category]);
  for (const g of groups) if (g.total === category || g.parts.includes(category)) [g.total, ...g.parts].forEach((c) => out.add(c));
  return [...out];
};

export type MonthMark = 'primary' | 'secondary';
export interface MonthCount {
  month: string;
  count: number | null;
}

/**
 * Rule 1 over one or more monthly series (by category): per month, small counts hidden, and each additive group
 * of that month suppressed as a table (its total must equal the sum of its parts, else the month is not linked).
 * Returns, per category, the hidden months and why.
 * @example suppressMonths({ 'hate-crime': rows, 'hate-crime-race': race, … }, 5).get('hate-crime-race')
 */
export function suppressMonths(series: Record<string, MonthCount[]>, threshold: number, groups: Line[] = ADDITIVE_GROUPS): Map<string, Map<string, MonthMark>> {
  const out = new Map(Object.keys(series).map((c) => [c, new Map<string, MonthMark>()]));
  const byMonth = new Map<string, Map<string, number>>();
  for (const [category, rows] of Object.entries(series))
    for (const r of rows) if (r.count !== null) (byMonth.get(r.month) ?? byMonth.set(r.month, new Map()).get(r.month)!).set(category, r.count);
  for (const [month, counts] of byMonth) {
    const cells: Cell[] = [...counts].map(([id, value]) => ({ id, value }));
    const lines = groups.filter((g) => {
      const ids = [g.total, ...g.parts];
      return ids.every((id) => counts.has(id)) && counts.get(g.total) === g.parts.reduce((s, p) => s + counts.get(p)!, 0);
    });
    const s = suppress(cells, lines, threshold);
    for (const id of s.hidden) out.get(id)!.set(month, s.primary.has(id) ? 'primary' : 'secondary');
  }
  return out;
}

/**
 * Rules 1 and 2 for one series, given its hidden months: how a month and how a sum of months are shown.
 * @example const r = monthRule(marks, 5); r.month('2018-03', 3) // '<5'; r.sum('2018-01', '2018-12', 41) // '[c]'
 */
export function monthRule(marks: Map<string, MonthMark>, threshold: number) {
  const hidden = [...marks.keys()];
  const month = (m: string, v: number | null): Shown => (v === null ? null : marks.get(m) === 'primary' ? `<${threshold}` : marks.has(m) ? SECONDARY : v);
  /** does from..to hold a hidden month? */
  const holds = (from: string, to: string) => hidden.some((m) => m >= from && m <= to);
  /** a sum over from..to: a one-month window is its month; otherwise exact only when it holds no hidden month */
  const sum = (from: string, to: string, v: number | null): Shown => (v === null ? null : from === to ? month(from, v) : holds(from, to) ? SECONDARY : v);
  return { month, sum, holds };
}

export interface TrendIn {
  month: string;
  count: number | null;
  rolling_12m: number | null;
}

/**
 * A monthly series with its rolling 12-month sums, for publication: each month by rule 1, each rolling sum by rule
 * 2. `marks` are the series' hidden months from {@link suppressMonths} over every month loaded (and its additive
 * group); without them, the series' own small months. Any from..to slice of the result shows the same figures.
 * @example publicTrend(allRows, 5, marks).filter((r) => r.month >= '2018-01')
 */
export function publicTrend(rows: TrendIn[], threshold: number, marks?: Map<string, MonthMark>) {
  const m = marks ?? suppressMonths({ series: rows }, threshold, []).get('series')!;
  const rule = monthRule(m, threshold);
  return rows.map((r) => ({
    ...r,
    count: rule.month(r.month, r.count),
    rolling_12m: rule.sum(addMonths(r.month, -11), r.month, r.rolling_12m),
  }));
}

interface RollingWindow {
  from: string;
  to: string;
  count: number | null;
  rate_per_1000: number | null;
  rate_ci95: [number, number] | null;
}
interface RollingBody {
  current: RollingWindow;
  previous: RollingWindow;
  change: number | null;
  pct_change: number | null;
  significance: unknown;
  baseline: { from: string; to: string; count: number | null; change: number | null; pct_change: number | null } | null;
}

/**
 * `/api/rolling` for publication: each window's count by rule 2 (its rate and interval withheld with it), and the
 * change, % change and significance withheld when either window is; the same for the baseline. `withheld` names
 * what was withheld.
 * @example publicRolling(await rollingComparison(db, input), 5, marks)
 */
export function publicRolling<T extends RollingBody>(body: T, threshold: number, marks: Map<string, MonthMark>) {
  const rule = monthRule(marks, threshold);
  const withheld: string[] = [];
  const win = (w: RollingWindow, name: string) => {
    const count = rule.sum(w.from, w.to, w.count);
    if (count === w.count) return w;
    withheld.push(`${name}.count`, ...(w.rate_per_1000 !== null ? [`${name}.rate_per_1000`] : []), ...(w.rate_ci95 !== null ? [`${name}.rate_ci95`] : []));
    return { ...w, count, rate_per_1000: null, rate_ci95: null };
  };
  const current = win(body.current, 'current');
  const previous = win(body.previous, 'previous');
  const hidden = current !== body.current || previous !== body.previous;
  const drop = <K extends string>(o: Record<K, unknown>, keys: K[], prefix = '') =>
    Object.fromEntries(keys.map((k) => (o[k] !== null && withheld.push(`${prefix}${k}`), [k, null])));
  let baseline = body.baseline;
  if (baseline) {
    const count = rule.sum(baseline.from, baseline.to, baseline.count);
    if (count !== baseline.count) withheld.push('baseline.count');
    baseline = { ...baseline, count: count as number | null, ...(hidden || count !== baseline.count ? drop(baseline, ['change', 'pct_change'], 'baseline.') : {}) };
  }
  return {
    ...body,
    current,
    previous,
    ...(hidden ? drop(body as unknown as Record<'change' | 'pct_change' | 'significance', unknown>, ['change', 'pct_change', 'significance']) : {}),
    baseline,
    disclosure: { threshold, rule: ruleText(threshold), withheld },
  };
}
