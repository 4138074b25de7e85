import * as Plot from '@observablehq/plot';
import { type ChartOptions, plot } from './common.ts';
import { fmtInt } from '../core/format.ts';
import { monthName } from '../core/months.ts';
import type { TrendRow } from './trend.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The months the seasonal profile is computed from: `from` to `to` (YYYY-MM), both included. */
export interface SeasonRange {
  from: string;
  to: string;
}

/**
 * The covered months in the range (every month given without one): a month with no count (null) is a gap, left
 * out, never a zero.
 * @example seasonRows(rows, { from: '2014-04', to: '2018-03' })
 */
export const seasonRows = (rows: TrendRow[], range?: SeasonRange): TrendRow[] =>
  rows.filter((r) => (r.count as number | null) !== null && (!range || (r.month >= range.from && r.month <= range.to)));

/** "April 2014 to March 2018". */
export const seasonSpan = (range: SeasonRange) => `${monthName(range.from)} to ${monthName(range.to)}`;

const cells = (rows: TrendRow[], range?: SeasonRange) =>
  // numbers, not numeric strings: Plot draws a "⚠" warning on a scale fed strings that look like numbers
  seasonRows(rows, range).map((r) => ({ year: Number(r.month.slice(0, 4)), month: MONTHS[Number(r.month.slice(5, 7)) - 1]!, count: Number(r.count) }));

/**
 * A month × year heatmap of counts, each cell labelled: the winter peak shows as a dark column. With a `range`, only
 * the months from `range.from` to `range.to`; a month not covered has no cell (a gap, not a zero).
 * @example seasonalityChart(rows, { label: 'Burglary', range: { from: '2014-04', to: '2018-03' } })
 */
export function seasonalityChart(rows: TrendRow[], { label, range, document, width = 720 }: ChartOptions & { label: string; range?: SeasonRange }) {
  const data = cells(rows, range);
  const years = new Set(data.map((d) => d.year)).size;
  const counts = data.map((d) => d.count);
  const dark = Math.min(...counts) + 0.6 * (Math.max(...counts) - Math.min(...counts));
  return plot({
    document,
    width,
    height: 60 + 32 * years,
    marginLeft: 48,
    padding: 0.05,
    x: { domain: MONTHS, label: 'Month', axis: 'top' },
    y: { label: 'Year', type: 'band', tickFormat: (y: number) => String(y) },
    color: { type: 'quantize', n: 6, scheme: 'blues', legend: true, label: `${label} (incidents per month${range ? `, ${seasonSpan(range)}` : ''})` },
    marks: [
      Plot.cell(data, { x: 'month', y: 'year', fill: 'count', inset: 0.5, title: (d) => `${d.month} ${d.year}: ${fmtInt(d.count)}` }),
      Plot.text(data, { x: 'month', y: 'year', text: (d) => fmtInt(d.count), filter: (d) => d.count <= dark, fill: 'black' }),
      Plot.text(data, { x: 'month', y: 'year', text: (d) => fmtInt(d.count), filter: (d) => d.count > dark, fill: 'white' }),
    ],
  });
}

/**
 * The finding: the calendar months with the highest and lowest average count over the covered months (with a
 * `range`, only those from `range.from` to `range.to`, and the range said). A calendar month with no covered month
 * is named as a gap, never averaged as 0: with any, there is no seasonal pattern to show.
 * @example seasonalityFinding(rows, 'Burglary', { from: '2014-04', to: '2018-03' }) // 'Burglary from April 2014 to March 2018 is highest in …'
 */
export function seasonalityFinding(rows: TrendRow[], label: string, range?: SeasonRange): string {
  const sums = new Map<string, { total: number; n: number }>();
  for (const d of cells(rows, range)) {
    const s = sums.get(d.month) ?? { total: 0, n: 0 };
    sums.set(d.month, { total: s.total + d.count, n: s.n + 1 });
  }
  const over = range ? ` from ${seasonSpan(range)}` : '';
  if (sums.size < 12) {
    const missing = MONTHS.filter((m) => !sums.has(m)).map(full);
    const list = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)!}`;
    return `${label}${over}: ${sums.size} of the 12 calendar months covered (no data for ${list}: a gap, not a zero), too few to show a seasonal pattern`;
  }
  const avg = [...sums].map(([month, s]) => ({ month, avg: s.total / s.n }));
  const hi = avg.reduce((a, b) => (b.avg > a.avg ? b : a));
  const lo = avg.reduce((a, b) => (b.avg < a.avg ? b : a));
  const pct = lo.avg > 0 ? Math.round((100 * (hi.avg - lo.avg)) / lo.avg) : null;
  return `${label}${over} is highest in ${full(hi.month)} and lowest in ${full(lo.month)} (${fmtInt(Math.round(hi.avg))} against ${fmtInt(Math.round(lo.avg))} a month on average${pct === null ? '' : `, ${pct}% more`})`;
}

const full = (m: string) =>
  ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][MONTHS.indexOf(m)]!;
