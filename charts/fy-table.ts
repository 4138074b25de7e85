import * as Plot from '@observablehq/plot';
import { type ChartOptions, FALL, plot, RISE } from './common.ts';
import { financialYear } from '../core/months.ts';
import { fmtInt, fmtPct, inSentence } from '../core/format.ts';
import type { TrendRow } from './trend.ts';

export interface FyRow {
  category: string;
  fy: string;
  count: number;
  /** the months of the year covered (12 for a complete year) */
  months: number;
  pct_vs_previous: number | null;
  /** why the year is not compared with the year before although both are complete: a series break between them (the engine's reason) */
  not_compared?: string | null;
  /** the source of the count, when rows of one category may come from different sources */
  source?: string;
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

/**
 * The change between the first and last complete financial years of one category since its latest series break, or
 * null (`broken`: a break left fewer than two comparable years).
 */
export function periodChange(rows: FyRow[]) {
  // complete years of the same source as the latest complete year: counts of different sources are not compared
  const latest = rows.filter((r) => r.months === 12).at(-1);
  const same = rows.filter((r) => r.months === 12 && r.source === latest?.source);
  // nor are years either side of a series break: from the latest year not compared with the one before it
  const cut = same.map((r) => !!r.not_compared).lastIndexOf(true);
  const full = same.slice(Math.max(0, cut));
  if (full.length < 2) return null;
  const [a, b] = [full[0]!, full[full.length - 1]!];
  return { from: a.fy, to: b.fy, change: b.count - a.count, pct: a.count > 0 ? (100 * (b.count - a.count)) / a.count : null };
}

/** Falls (blue) to rises (vermillion), seven bands, as in every chart; white text on the darkest blue. */
const SHADES = [FALL, '#5a9fd0', '#bcd8ee', '#f4f4f4', '#f6cdb0', '#e9945a', RISE];
/** A shaded cell's direction in a glyph as well as its colour: ↑ a rise, ↓ a fall of 5% or more (the shipped font's arrows). */
export const arrow = (pct: number | null) => (pct === null ? '' : pct >= 5 ? '↑ ' : pct <= -5 ? '↓ ' : '');

/** The change column, drawn in the right margin: wide enough for "−1,234 (−12%)" and "n/a: fewer than". */
const CHANGE_WIDTH = 124;
/** The narrowest a year's column may be: "9 of 12 months" at 9 px and a cell's inset either side. */
const MIN_COLUMN = 72;

/**
 * A table-like chart: one row per category, one column per financial year, cells shaded by the change on the
 * year before (grey when a year is incomplete), and the change over the period on the right, in a column of its
 * own. The chart widens when the years would not fit their labels.
 * @example fyTable(rows, { width: 720 })
 */
export function fyTable(rows: FyRow[], { document, width = 760 }: ChartOptions = {}) {
  const fys = [...new Set(rows.map((r) => r.fy))].sort();
  const cats = [...new Set(rows.map((r) => r.category))];
  const change = cats.map((category) => {
    const c = periodChange(rows.filter((r) => r.category === category));
    const broken = rows.some((r) => r.category === category && r.not_compared);
    return { category, text: c ? `${fmtInt(c.change)} (${fmtPct(c.pct)})` : broken ? 'n/a: series\nbreak' : 'n/a: fewer than\n2 full years' };
  });
  // the category names at 10 px (about 6 px a character), not wider than 300 px
  const marginLeft = Math.min(300, 16 + 6 * Math.max(10, ...cats.map((c) => c.length)));
  const w = Math.max(width, marginLeft + CHANGE_WIDTH + MIN_COLUMN * fys.length);
  return plot({
    document,
    width: w,
    height: 50 + 34 * cats.length,
    marginLeft,
    marginRight: CHANGE_WIDTH,
    x: { domain: fys, axis: 'top', label: 'Financial year (April to March); counts of incidents', labelAnchor: 'left' },
    y: { domain: cats, label: null },
    // the one grammar: falls in blues, rises in vermillions, no change near white; part-years grey
    color: { type: 'threshold', domain: [-20, -10, -5, 5, 10, 20], range: SHADES, legend: true, label: '% change on the year before (↑ a rise, ↓ a fall of 5% or more; grey: part-year or first year)', unknown: '#eef0f2' },
    marks: [
      Plot.cell(rows, { x: 'fy', y: 'category', fill: 'pct_vs_previous', inset: 1 }),
      // a part-year's count, with its months on a line of their own under it
      ...[rows.filter((d) => d.months === 12), rows.filter((d) => d.months !== 12)].map((part, i) =>
        Plot.text(part, {
          x: 'fy',
          y: 'category',
          dy: i ? -6 : 0,
          text: (d: FyRow) => `${arrow(d.pct_vs_previous)}${fmtInt(d.count)}`,
          fill: (d: FyRow) => (d.pct_vs_previous !== null && d.pct_vs_previous <= -20 ? 'white' : 'black'),
          title: (d: FyRow) =>
            `${d.category} ${d.fy}: ${fmtInt(d.count)} in ${d.months} of 12 months${d.source ? ` (${d.source})` : ''}${d.not_compared ? `; not compared with the year before: ${d.not_compared}` : d.months === 12 ? `; ${fmtPct(d.pct_vs_previous)} on the year before` : '; not compared'}`,
        })),
      Plot.text(rows.filter((d) => d.months !== 12), { x: 'fy', y: 'category', dy: 7, fontSize: 9, fill: '#52606d', text: (d: FyRow) => `${d.months} of 12 months` }),
      // the change over the period: a column in the right margin, with its heading level with the years'
      Plot.text(change, { y: 'category', frameAnchor: 'right', textAnchor: 'start', dx: 10, text: 'text', fontWeight: 'bold' }),
      Plot.text(['Change over period'], { frameAnchor: 'top-right', textAnchor: 'start', lineAnchor: 'bottom', dx: 10, dy: -9, fontWeight: 'bold' }),
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
    const broken = cats.filter((c) => rows.some((r) => r.category === c && r.not_compared));
    if (broken.length)
      return `No change over the period to report: a series break leaves fewer than two comparable complete years (${broken.map(inSentence).join(', ')})`;
    const full = [...new Set(rows.filter((r) => r.months === 12).map((r) => r.fy))];
    return `Only ${full.length === 1 ? `one complete financial year (${full[0]})` : 'part-years'} loaded: no change over the period to report yet`;
  }
  const up = changes.reduce((a, b) => (b.c.pct > a.c.pct ? b : a));
  const down = changes.reduce((a, b) => (b.c.pct < a.c.pct ? b : a));
  return `From ${up.c.from} to ${up.c.to}, ${inSentence(up.category)} changed most upward (${fmtPct(up.c.pct)}) and ${inSentence(down.category)} most downward (${fmtPct(down.c.pct)})`;
}
