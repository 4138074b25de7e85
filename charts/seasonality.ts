import * as Plot from '@observablehq/plot';
import { type ChartOptions, plot } from './common.ts';
import { fmtInt } from '../core/format.ts';
import type { TrendRow } from './trend.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const cells = (rows: TrendRow[]) =>
  // numbers, not numeric strings: Plot draws a "⚠" warning on a scale fed strings that look like numbers
  rows.map((r) => ({ year: Number(r.month.slice(0, 4)), month: MONTHS[Number(r.month.slice(5, 7)) - 1]!, count: Number(r.count) }));

/**
 * A month × year heatmap of counts, each cell labelled: the winter peak shows as a dark column.
 * @example seasonalityChart(rows, { label: 'Burglary' })
 */
export function seasonalityChart(rows: TrendRow[], { label, document, width = 720 }: ChartOptions & { label: string }) {
  const data = cells(rows);
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
    color: { type: 'quantize', n: 6, scheme: 'blues', legend: true, label: `${label} (incidents per month)` },
    marks: [
      Plot.cell(data, { x: 'month', y: 'year', fill: 'count', inset: 0.5, title: (d) => `${d.month} ${d.year}: ${fmtInt(d.count)}` }),
      Plot.text(data, { x: 'month', y: 'year', text: (d) => fmtInt(d.count), filter: (d) => d.count <= dark, fill: 'black' }),
      Plot.text(data, { x: 'month', y: 'year', text: (d) => fmtInt(d.count), filter: (d) => d.count > dark, fill: 'white' }),
    ],
  });
}

/** The finding: the calendar months with the highest and lowest average count. */
export function seasonalityFinding(rows: TrendRow[], label: string): string {
  const sums = new Map<string, { total: number; n: number }>();
  for (const d of cells(rows)) {
    const s = sums.get(d.month) ?? { total: 0, n: 0 };
    sums.set(d.month, { total: s.total + d.count, n: s.n + 1 });
  }
  if (sums.size < 12) return `${label}: fewer than 12 calendar months loaded, too few to show a seasonal pattern`;
  const avg = [...sums].map(([month, s]) => ({ month, avg: s.total / s.n }));
  const hi = avg.reduce((a, b) => (b.avg > a.avg ? b : a));
  const lo = avg.reduce((a, b) => (b.avg < a.avg ? b : a));
  const pct = lo.avg > 0 ? Math.round((100 * (hi.avg - lo.avg)) / lo.avg) : null;
  return `${label} is highest in ${full(hi.month)} and lowest in ${full(lo.month)} (${fmtInt(Math.round(hi.avg))} against ${fmtInt(Math.round(lo.avg))} a month on average${pct === null ? '' : `, ${pct}% more`})`;
}

const full = (m: string) =>
  ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][MONTHS.indexOf(m)]!;
