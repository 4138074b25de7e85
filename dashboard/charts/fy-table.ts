import * as Plot from '@observablehq/plot';
import { FALL, financialYear, fmtInt, fmtPct, RISE, type ChartOptions } from './common.ts';
import { plot } from './common.ts';
import type { TrendRow } from './trend.ts';

export interface FyRow {
  category: string;
  fy: string;
  count: number;
  months: number;
  pct_vs_previous: number | null;
}

/**
 * Sums monthly rows into financial years (April to March), keeping the last `years` of them.
 * @example financialYears('Burglary', rows, 5) // [{ category: 'Burglary', fy: '2017/18', count: 3600, months: 12, … }]
 */
export function financialYears(category: string, rows: TrendRow[], years = 5): FyRow[] {
  const by = new Map<string, { count: number; months: number }>();
  for (const r of rows) {
    const fy = financialYear(r.month);
    const s = by.get(fy) ?? { count: 0, months: 0 };
    by.set(fy, { count: s.count + r.count, months: s.months + 1 });
  }
  const out = [...by].sort(([a], [b]) => a.localeCompare(b)).slice(-years);
  return out.map(([fy, s], i) => {
    const prev = out[i - 1]?.[1];
    const comparable = s.months === 12 && prev?.months === 12 && prev.count > 0;
    return { category, fy, ...s, pct_vs_previous: comparable ? (100 * (s.count - prev!.count)) / prev!.count : null };
  });
}

/** The change between the first and last complete financial years of one category, or null. */
export function periodChange(rows: FyRow[]) {
  const full = rows.filter((r) => r.months === 12);
  if (full.length < 2) return null;
  const [a, b] = [full[0]!, full[full.length - 1]!];
  return { from: a.fy, to: b.fy, change: b.count - a.count, pct: a.count > 0 ? (100 * (b.count - a.count)) / a.count : null };
}

/** Falls (blue) to rises (vermillion), seven bands; white text on the two darkest. */
const SHADES = [FALL, '#5a9fd0', '#bcd8ee', '#f4f4f4', '#f6cdb0', '#e9945a', RISE];

/**
 * A table-like chart: one row per category, one column per financial year, cells shaded by the change on the
 * year before (grey when a year is incomplete), and the change over the period on the right.
 * @example fyTable(rows, { width: 720 })
 */
export function fyTable(rows: FyRow[], { document, width = 720 }: ChartOptions = {}) {
  const fys = [...new Set(rows.map((r) => r.fy))].sort();
  const cats = [...new Set(rows.map((r) => r.category))];
  const change = cats.map((category) => {
    const c = periodChange(rows.filter((r) => r.category === category));
    return { category, fy: 'Change over period', text: c ? `${fmtInt(c.change)} (${fmtPct(c.pct)})` : 'n/a: fewer than\n2 full years' };
  });
  return plot({
    document,
    width,
    height: 60 + 36 * cats.length,
    marginLeft: 250,
    x: { domain: [...fys, 'Change over period'], axis: 'top', label: 'Financial year (April to March); counts of incidents' },
    y: { domain: cats, label: null },
    // the one grammar: falls in blues, rises in vermillions, no change near white; part-years grey
    color: { type: 'threshold', domain: [-20, -10, -5, 5, 10, 20], range: SHADES, legend: true, label: '% change on the year before (grey: part-year or first year)', unknown: '#eef0f2' },
    marks: [
      Plot.cell(rows, { x: 'fy', y: 'category', fill: 'pct_vs_previous', inset: 1 }),
      Plot.text(rows, {
        x: 'fy',
        y: 'category',
        // a part-year on two lines, within its cell
        text: (d) => (d.months === 12 ? fmtInt(d.count) : `${fmtInt(d.count)}\n(${d.months} months)`),
        fill: (d) => (d.pct_vs_previous !== null && Math.abs(d.pct_vs_previous) >= 20 ? 'white' : 'black'),
        title: (d) => `${d.category} ${d.fy}: ${fmtInt(d.count)} in ${d.months} months; ${fmtPct(d.pct_vs_previous)} on the year before`,
      }),
      Plot.text(change, { x: 'fy', y: 'category', text: 'text', fontWeight: 'bold' }),
    ],
  });
}

/** The finding: the largest rise and fall between the first and last complete financial years. */
export function fyFinding(rows: FyRow[]): string {
  const cats = [...new Set(rows.map((r) => r.category))];
  const changes = cats
    .map((category) => ({ category, c: periodChange(rows.filter((r) => r.category === category)) }))
    .filter((d) => d.c && d.c.pct !== null) as { category: string; c: { from: string; to: string; pct: number } }[];
  if (changes.length === 0) {
    const full = [...new Set(rows.filter((r) => r.months === 12).map((r) => r.fy))];
    return `Only ${full.length === 1 ? `one complete financial year (${full[0]})` : 'part-years'} loaded: no change over the period to report yet`;
  }
  const up = changes.reduce((a, b) => (b.c.pct > a.c.pct ? b : a));
  const down = changes.reduce((a, b) => (b.c.pct < a.c.pct ? b : a));
  return `From ${up.c.from} to ${up.c.to}, ${up.category.toLowerCase()} changed most upward (${fmtPct(up.c.pct)}) and ${down.category.toLowerCase()} most downward (${fmtPct(down.c.pct)})`;
}
