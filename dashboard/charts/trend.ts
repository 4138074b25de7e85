import * as Plot from '@observablehq/plot';
import { addMonths, fmtInt, monthDate, monthName, type ChartOptions } from './common.ts';

export interface TrendRow {
  month: string;
  count: number;
  rolling_12m: number | null;
}
export interface TrendOptions extends ChartOptions {
  from: string;
  to: string;
  label: string;
}

const SERIES = ['Monthly count', 'Same month last year', 'Rolling 12-month average'];

/** The months from..to with last year's counts and the rolling 12-month average per month, for plotting. */
export function trendSeries(rows: TrendRow[], { from, to }: { from: string; to: string }) {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return rows
    .filter((r) => r.month >= from && r.month <= to)
    .map((r) => ({
      month: r.month,
      count: r.count,
      last_year: byMonth.get(addMonths(r.month, -12))?.count ?? null,
      rolling_12m: r.rolling_12m,
      rolling_avg: r.rolling_12m === null ? null : Math.round((r.rolling_12m / 12) * 10) / 10,
    }));
}

/**
 * Monthly counts as bars, last year's months as a dashed line, the rolling 12-month average as a line.
 * @example trendChart(rows, { from: '2018-01', to: '2018-12', label: 'Burglary' })
 */
export function trendChart(rows: TrendRow[], { from, to, label, document, width = 720 }: TrendOptions) {
  const data = trendSeries(rows, { from, to });
  const x = (d: { month: string }) => monthDate(d.month);
  return Plot.plot({
    document,
    width,
    height: 280,
    marginLeft: 56,
    marginBottom: 44,
    x: { type: 'utc', label: 'Month', labelOffset: 40, interval: 'month' },
    y: { grid: true, label: `${label} (incidents per month)`, zero: true },
    color: { domain: SERIES, range: ['#56B4E9', '#1f2933', '#D55E00'], legend: true },
    marks: [
      Plot.rectY(data, { x, y: 'count', interval: 'month', inset: 1, fill: () => SERIES[0], title: (d) => `${d.month}: ${fmtInt(d.count)}` }),
      Plot.lineY(data.filter((d) => d.last_year !== null), { x, y: 'last_year', stroke: () => SERIES[1], strokeDasharray: '4 3' }),
      Plot.lineY(data.filter((d) => d.rolling_avg !== null), { x, y: 'rolling_avg', stroke: () => SERIES[2], strokeWidth: 2.5 }),
      Plot.ruleY([0]),
    ],
  });
}

/** The finding in words: the latest rolling 12 months against the 12 before, else the window's total. */
export function trendFinding(rows: TrendRow[], { from, to, label }: { from: string; to: string; label: string }): string {
  const at = new Map(rows.map((r) => [r.month, r.rolling_12m]));
  const now = at.get(to);
  const before = at.get(addMonths(to, -12));
  if (now != null && before != null && before > 0) {
    const pct = (100 * (now - before)) / before;
    const size = Math.round(Math.abs(pct));
    const dir = size === 0 ? 'about the same as' : `${now > before ? 'up' : 'down'} ${size}% on`;
    return `${label}: ${fmtInt(now)} in the 12 months to ${monthName(to)}, ${dir} the 12 months before`;
  }
  const total = rows.filter((r) => r.month >= from && r.month <= to).reduce((s, r) => s + r.count, 0);
  return `${label}: ${fmtInt(total)} from ${monthName(from)} to ${monthName(to)} (no full year before it to compare with)`;
}
