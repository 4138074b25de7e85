import * as Plot from '@observablehq/plot';
import type { SpcLatest, SpcRow } from '../../api/stats/spc.ts';
import { addMonths, fmtInt, lineSwatches, midMonth, monthDate, monthName, monthShort, type ChartOptions } from './common.ts';
import { plot } from './common.ts';

export interface TrendRow {
  month: string;
  count: number;
  rolling_12m: number | null;
}
export interface TrendOptions extends ChartOptions {
  from: string;
  to: string;
  label: string;
  /** an /api/spc body: draws its expected range (band), centre line, signal points and series breaks */
  spc?: SpcOverlay | null;
}
/** What the trend chart draws from an /api/spc answer. */
export interface SpcOverlay {
  method: 'xmr' | 'xmr-seasonal';
  polarity: 'lower-is-better' | 'higher-is-better';
  rows: SpcRow[];
  latest: SpcLatest;
  breaks: { month: string; note: string }[];
}

const SERIES = ['Monthly count', 'Same month last year', 'Rolling 12-month average'];
/**
 * The lines' colours keep clear of the rise (vermillion) and fall (blue) of the chart grammar: the rolling average
 * in ink, last year's months in grey, the process chart's centre line in purple.
 */
const ROLLING = '#1f2933';
const LAST_YEAR = '#616e7c';
const CENTRE = '#7b2d8b';

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
export function trendChart(rows: TrendRow[], { from, to, label, spc, document, width = 720 }: TrendOptions) {
  const data = trendSeries(rows, { from, to });
  const x = (d: { month: string }) => monthDate(d.month);
  // lines at mid-month, on the centre of their month's bar
  const mid = (d: { month: string }) => midMonth(d.month);
  const band = spc ? spcMarks(spc, { from, to }) : null;
  const chart = plot({
    document,
    width,
    height: 280,
    // the y axis's label clear of its top tick's label (Source Sans 3's line is 1.42 em tall)
    marginTop: 28,
    marginLeft: 56,
    // "Month" clear of the two-line tick labels ("Jan" over "2018") above it, also at print's 12 px
    marginBottom: 54,
    x: { type: 'utc', label: 'Month', labelOffset: 50, interval: 'month' },
    // counts: whole-number ticks only (never "0.000000"), and an axis to at least 1 when every month is 0
    y: { grid: true, label: `${label} (incidents per month)`, zero: true, ...(band ? { nice: true } : {}), ...countTicks([...data, ...(spc?.rows ?? []).filter((r) => r.month >= from && r.month <= to).map((r) => ({ count: r.upper }))]) },
    color: band
      ? { domain: [...SERIES, ...band.series], range: ['#56B4E9', LAST_YEAR, ROLLING, '#c9d6e3', CENTRE], legend: true }
      : { domain: SERIES, range: ['#56B4E9', LAST_YEAR, ROLLING], legend: true },
    marks: [
      ...(band?.under ?? []),
      Plot.rectY(data, { x, y: 'count', interval: 'month', inset: 1, fill: () => SERIES[0], title: (d) => `${d.month}: ${fmtInt(d.count)}` }),
      Plot.lineY(data.filter((d) => d.last_year !== null), { x: mid, y: 'last_year', stroke: () => SERIES[1], strokeDasharray: '4 3' }),
      Plot.lineY(data.filter((d) => d.rolling_avg !== null), { x: mid, y: 'rolling_avg', stroke: () => SERIES[2], strokeWidth: 2.5 }),
      ...(band?.over ?? []),
      Plot.ruleY([0]),
    ],
  });
  // the legend draws the lines as lines, as the chart does
  return lineSwatches(chart, {
    [SERIES[1]!]: { stroke: LAST_YEAR, dash: '4 3' },
    [SERIES[2]!]: { stroke: ROLLING, width: 2.5 },
    ...(band ? { [band.series[1]!]: { stroke: CENTRE, width: 1.5, dash: '6 3' } } : {}),
  });
}

/**
 * A count axis's ticks: whole numbers with thousands separators; for small counts (a top under 6) one tick per
 * whole number and a domain from 0 to the top tick (so no tick lies above the frame, over the axis's label), [0, 1]
 * when there is nothing above 0.
 * @example countTicks([{ count: 0 }, { count: 2 }]) // { ticks: [0, 1, 2], tickFormat }
 */
export function countTicks(data: { count: number | null; last_year?: number | null; rolling_avg?: number | null }[]): { tickFormat: (d: number) => string; ticks?: number[]; domain?: number[] } {
  // (a missing value, null, undefined or NaN, counts as none: the top is of the values there are)
  const top = Math.max(0, ...data.flatMap((d) => [d.count, d.last_year, d.rolling_avg]).filter((v): v is number => Number.isFinite(v)));
  const tickFormat = (d: number) => (Number.isInteger(d) ? fmtInt(d) : '');
  if (top >= 6) return { tickFormat };
  const n = Math.max(1, Math.ceil(top));
  return { tickFormat, ticks: Array.from({ length: n + 1 }, (_, i) => i), domain: [0, n] };
}

const CONCERN = '#E69F00';
const IMPROVEMENT = '#0072B2';
const UP = new Set(['above', 'shift-up', 'trend-up', 'two-of-three-up']);

/**
 * The SPC layers of the trend chart: the expected range as a band behind the bars (one step per month, so it
 * restarts at a break and leaves a gap where there are no limits), the centre line over them, every signal month
 * marked (a triangle for a rise, a diamond for a fall, orange for concern and blue for improvement: shape and the
 * tooltip carry the direction, not colour alone), and a labelled rule at each series break.
 */
function spcMarks(spc: SpcOverlay, { from, to }: { from: string; to: string }) {
  const rows = spc.rows.filter((r) => r.month >= from && r.month <= to);
  const series = ['Expected range (process limits)', spc.method === 'xmr-seasonal' ? 'Expected (seasonal)' : 'Mean'];
  const mid = (d: { month: string }) => midMonth(d.month);
  // a segment number per row, so the centre line does not join across a break
  let seg = 0;
  const centre = rows.map((r) => {
    if (spc.breaks.some((b) => b.month === r.month)) seg++;
    return { ...r, seg };
  });
  // the band as steps: each month with limits from its first day to the next month's (a gap or break ends a piece)
  const band = centre.flatMap((r, i) => {
    if (r.lower === null || r.upper === null) return [];
    const piece = centre.slice(0, i + 1).filter((c) => c.lower === null).length * 1000 + r.seg;
    const start = monthDate(r.month);
    const end = monthDate(addMonths(r.month, 1));
    return [{ t: start, lower: r.lower, upper: r.upper, seg: piece }, { t: end, lower: r.lower, upper: r.upper, seg: piece }];
  });
  const signals = rows.filter((r) => r.signal !== null && r.count !== null);
  const concern = (r: SpcRow) => UP.has(r.signal!) === (spc.polarity === 'lower-is-better');
  const dots = (fill: string, want: boolean) =>
    Plot.dot(signals.filter((r) => concern(r) === want), {
      x: mid,
      y: 'count',
      symbol: (r: SpcRow) => (UP.has(r.signal!) ? 'triangle' : 'diamond'),
      r: 6,
      fill,
      stroke: '#1f2933',
      strokeWidth: 1,
      className: 'spc-signal',
      title: (r: SpcRow) => `${monthShort(r.month)}: ${fmtInt(r.count!)}, ${r.signal} (special cause, ${want ? 'concern' : 'improvement'})`,
    });
  const breaks = spc.breaks.filter((b) => b.month > from && b.month <= to);
  return {
    series,
    under: [
      Plot.areaY(band, { x: 't', y1: 'lower', y2: 'upper', z: 'seg', fill: () => series[0], fillOpacity: 0.7, className: 'spc-band' }),
    ],
    over: [
      // the limits as thin lines too, so the lower one shows through the bars
      Plot.lineY(band, { x: 't', y: 'upper', z: 'seg', stroke: '#7b8794', strokeWidth: 1, className: 'spc-limit' }),
      Plot.lineY(band, { x: 't', y: 'lower', z: 'seg', stroke: '#7b8794', strokeWidth: 1, className: 'spc-limit' }),
      Plot.lineY(centre.filter((d) => d.expected !== null), { x: mid, y: 'expected', z: 'seg', stroke: () => series[1], strokeWidth: 1.5, strokeDasharray: '6 3', className: 'spc-mean' }),
      dots(CONCERN, true),
      dots(IMPROVEMENT, false),
      Plot.ruleX(breaks, { x: (b) => monthDate(b.month), stroke: '#1f2933', strokeWidth: 1.5, className: 'spc-break' }),
      Plot.text(breaks, { x: (b) => monthDate(b.month), frameAnchor: 'top', dy: 4, dx: 4, textAnchor: 'start', text: () => 'Series break', fontWeight: 'bold', className: 'spc-break-label', title: (b) => b.note }),
    ],
  };
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
  // months with no data (null) are gaps: never counted as 0; a window with some is said to be partial
  const shown = rows.filter((r) => r.month >= from && r.month <= to);
  const known = shown.filter((r) => r.count !== null);
  if (known.length === 0) return `${label}: no data from ${monthName(from)} to ${monthName(to)}`;
  const total = known.reduce((s, r) => s + r.count, 0);
  const partial = known.length < shown.length ? ` in the ${known.length} of ${shown.length} months with data` : '';
  return `${label}: ${fmtInt(total)} from ${monthName(from)} to ${monthName(to)}${partial} (no full year before it to compare with)`;
}
