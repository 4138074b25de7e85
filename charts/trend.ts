import * as Plot from '@observablehq/plot';
import type { SpcLatest, SpcRow, SpcSegment } from '../core/stats/spc.ts';
import { type ChartOptions, lineSwatches, midMonth, plot } from './common.ts';
import { addMonths, monthDate, monthName, monthShort } from '../core/months.ts';
import { fmtInt } from '../core/format.ts';
import type { Rolling, SeriesMonth, Shown } from '../core/types.ts';

export interface TrendRow {
  month: string;
  count: number;
  rolling_12m: number | null;
  /** public mode: the month is suppressed and published as this mark ("<5", "[c]"); `count` is then not drawn */
  hidden?: string;
}
/** A row as published (`/api/trend`, a count indicator's `series`): a suppressed count or rolling sum is its mark (a string), never a number. */
export type PublishedTrendRow = SeriesMonth<Shown>;

/**
 * Published rows (public mode: "<5", "[c]") as chart rows: a suppressed month keeps its mark and has no count to
 * draw (a marked gap, never a bar at 0), a withheld rolling sum none to draw either (the line breaks there).
 * @example chartRows([{ month: '2016-10', count: '<5', rolling_12m: '[c]' }]) // [{ month: '2016-10', count: null, rolling_12m: null, hidden: '<5' }]
 */
export const chartRows = (rows: PublishedTrendRow[]): TrendRow[] =>
  rows.map((r) => ({
    month: r.month,
    count: (typeof r.count === 'number' ? r.count : null) as number,
    rolling_12m: typeof r.rolling_12m === 'number' ? r.rolling_12m : null,
    ...(typeof r.count === 'string' ? { hidden: r.count } : {}),
  }));

/** A suppressed month in words, for its tooltip: "2016-10: fewer than 5 (suppressed)". */
const hiddenWords = (month: string, mark: string) => {
  const below = /^<(\d+)$/.exec(mark);
  return below ? `${month}: fewer than ${below[1]} (suppressed, shown as “${mark}”)` : `${month}: withheld (“${mark}”: it would reveal a suppressed count)`;
};
export interface TrendOptions extends ChartOptions {
  from: string;
  to: string;
  label: string;
  /** an /api/spc body: draws its expected range (band), centre line, signal points and series breaks */
  spc?: SpcOverlay | null;
  /**
   * a small multiple for a printed page (the board paper): 190 px tall, no legend (the page carries one key for all
   * its charts) and a y axis labelled "per month" (the caption names the indicator), no x axis label
   */
  compact?: boolean;
}
/** What the trend chart draws from an /api/spc answer. */
export interface SpcOverlay {
  method: 'xmr' | 'xmr-seasonal';
  polarity: 'lower-is-better' | 'higher-is-better';
  rows: SpcRow[];
  latest: SpcLatest;
  breaks: { month: string; note: string }[];
  /** the segments the limits were computed in (/api/spc): the band and centre line step at each, a recalculation is labelled */
  segments?: Pick<SpcSegment, 'from' | 'starts' | 'shift' | 'baseline'>[];
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
      hidden: r.hidden ?? null,
      last_year: byMonth.get(addMonths(r.month, -12))?.count ?? null,
      rolling_12m: r.rolling_12m,
      rolling_avg: r.rolling_12m === null ? null : Math.round((r.rolling_12m / 12) * 10) / 10,
    }));
}

/**
 * Monthly counts as bars, last year's months as a dashed line, the rolling 12-month average as a line.
 * @example trendChart(rows, { from: '2018-01', to: '2018-12', label: 'Burglary' })
 */
export function trendChart(rows: TrendRow[], { from, to, label, spc, document, width = 720, compact = false }: TrendOptions) {
  const data = trendSeries(rows, { from, to });
  const x = (d: { month: string }) => monthDate(d.month);
  // lines at mid-month, on the centre of their month's bar
  const mid = (d: { month: string }) => midMonth(d.month);
  const band = spc ? spcMarks(spc, { from, to, r: compact ? 3.5 : 6 }) : null;
  const drawn = [
    data.some((d) => typeof d.count === 'number'),
    data.some((d) => d.last_year !== null),
    data.some((d) => d.rolling_avg !== null),
  ];
  const legend = ([[SERIES[0]!, '#56B4E9'], [SERIES[1]!, LAST_YEAR], [SERIES[2]!, ROLLING]] as [string, string][])
    .filter((_, i) => drawn[i])
    .concat(band ? band.drawn.map((name) => [name, name === band.series[0] ? '#c9d6e3' : CENTRE] as [string, string]) : []);
  const chart = plot({
    document,
    width,
    height: compact ? 190 : 280,
    // the y axis's label clear of its top tick's label (Source Sans 3's line is 1.42 em tall)
    marginTop: 28,
    marginLeft: compact ? 48 : 56,
    // "Month" clear of the two-line tick labels ("Jan" over "2018") above it, also at print's 12 px
    marginBottom: compact ? 34 : 54,
    // no scale interval: it would floor every mark's month to its 1st (a line's point off its bar's centre); the bars
    // span their month by the mark's own interval, the lines and points sit at mid-month (midMonth)
    x: compact ? { type: 'utc', label: null } : { type: 'utc', label: 'Month', labelOffset: 50 },
    // counts: whole-number ticks only (never "0.000000"), and an axis to at least 1 when every month is 0
    y: { grid: true, label: compact ? 'per month' : `${label} (incidents per month)`, zero: true, ...(band ? { nice: true } : {}), ...countTicks([...data, ...(spc?.rows ?? []).filter((r) => r.month >= from && r.month <= to).map((r) => ({ count: r.upper }))]) },
    // the legend names only what is drawn: no "Rolling 12-month average" over three months with no rolling sum
    color: { domain: legend.map(([name]) => name), range: legend.map(([, colour]) => colour), legend: !compact },
    marks: [
      ...(band?.under ?? []),
      // a bar only for a month with a count: a suppressed (or missing) month is never drawn at 0 or at full height
      Plot.rectY(
        data.filter((d) => typeof d.count === 'number'),
        { x, y: 'count', interval: 'month', inset: 1, fill: () => SERIES[0], title: (d) => `${d.month}: ${fmtInt(d.count)}` },
      ),
      // a suppressed month: a marked gap, its mark written above the axis, its tooltip in words
      Plot.text(
        data.filter((d) => d.hidden !== null),
        { x: mid, y: 0, text: (d) => d.hidden, dy: -7, fontSize: 9, fill: LAST_YEAR, className: 'suppressed-month', title: (d) => hiddenWords(d.month, d.hidden!) },
      ),
      // the lines break at a month without a value (a hidden month, a withheld rolling sum) rather than join across it
      Plot.lineY(data.some((d) => d.hidden !== null) ? data : data.filter((d) => d.last_year !== null), { x: mid, y: 'last_year', stroke: () => SERIES[1], strokeDasharray: '4 3' }),
      Plot.lineY(data.some((d) => d.hidden !== null) ? data : data.filter((d) => d.rolling_avg !== null), { x: mid, y: 'rolling_avg', stroke: () => SERIES[2], strokeWidth: 2.5 }),
      ...(band?.over ?? []),
      Plot.ruleY([0]),
    ],
  });
  if (compact) return chart;
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
function spcMarks(spc: SpcOverlay, { from, to, r = 6 }: { from: string; to: string; r?: number }) {
  const rows = spc.rows.filter((r) => r.month >= from && r.month <= to);
  const series = ['Expected range (process limits)', spc.method === 'xmr-seasonal' ? 'Expected (seasonal)' : 'Mean'];
  const mid = (d: { month: string }) => midMonth(d.month);
  // a segment number per row, so the centre line does not join across a break or a recalculation of the limits
  const starts = new Set([...spc.breaks.map((b) => b.month), ...(spc.segments ?? []).filter((s) => s.starts !== 'start').map((s) => s.from)]);
  let seg = 0;
  const centre = rows.map((r) => {
    if (starts.has(r.month)) seg++;
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
  // a long view (more than three years) draws smaller marks, so neighbouring months' marks do not overlap
  const size = rows.length > 36 ? 4 : 6;
  const concern = (r: SpcRow) => UP.has(r.signal!) === (spc.polarity === 'lower-is-better');
  const dots = (fill: string, want: boolean) =>
    Plot.dot(signals.filter((r) => concern(r) === want), {
      x: mid,
      y: 'count',
      symbol: (row: SpcRow) => (UP.has(row.signal!) ? 'triangle' : 'diamond'),
      r: Math.min(r, size),
      fill,
      stroke: '#1f2933',
      strokeWidth: 1,
      className: 'spc-signal',
      title: (r: SpcRow) => `${monthShort(r.month)}: ${fmtInt(r.count!)}, ${r.signal} (special cause, ${want ? 'concern' : 'improvement'})`,
    });
  const breaks = spc.breaks.filter((b) => b.month > from && b.month <= to);
  // the limits recalculated at a sustained shift (not at a break, which has its own rule)
  const recalc = (spc.segments ?? []).filter((s) => s.starts === 'shift' && s.shift && s.from > from && s.from <= to);
  const shiftWords = (s: (typeof recalc)[number]) =>
    `Limits recalculated from ${monthName(s.from)}: ${s.shift!.length} months in a row ${s.shift!.direction === 'up' ? 'above' : 'below'} the previous mean (${fmtInt(Math.round(s.shift!.previous_centre))}), a sustained shift`;
  return {
    series,
    // a series the legend may name: drawn only where there are limits (and so a centre line)
    drawn: band.length ? series : [],
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
      // a recalculation is a dotted rule whose tooltip says why (no text mark: a label inside the plot would be struck by
      // the lines of a long series; the panel's description names each recalculation in words)
      Plot.ruleX(recalc, { x: (s) => monthDate(s.from), stroke: '#7b8794', strokeWidth: 1, strokeDasharray: '2 3', className: 'spc-recalc', title: shiftWords }),
    ],
  };
}

/**
 * The engine's comparison of the 12 months to `to` with the 12 before, as `/api/rolling` gives it: a title never works
 * out a change of its own (a series break, a gap or another source would make it wrong).
 */
export type Verdict = Pick<Rolling, 'change' | 'pct_change' | 'not_compared'> & {
  current: Pick<Rolling['current'], 'count' | 'complete'>;
  previous: Pick<Rolling['previous'], 'count' | 'complete'>;
};

/**
 * The finding in words: the engine's verdict on the latest 12 months against the 12 before (`verdict`, from
 * `/api/rolling`); not compared across a series break, saying why; else the window's total.
 * @example trendFinding(rows, { from, to: '2018-12', label: 'Burglary in Barnet', verdict }) // 'Burglary in Barnet: 1,390 in the 12 months to December 2018, up 9% on the 12 months before'
 */
export function trendFinding(rows: TrendRow[], { from, to, label, verdict }: { from: string; to: string; label: string; verdict: Verdict | null }): string {
  const now = verdict?.current.complete ? verdict.current.count : null;
  if (verdict && now !== null) {
    const head = `${label}: ${fmtInt(now)} in the 12 months to ${monthName(to)}`;
    if (verdict.not_compared) return `${head}; not compared with the 12 months before: ${verdict.not_compared}`;
    if (verdict.change !== null) {
      if (verdict.pct_change === null) return `${head}, up from none in the 12 months before`;
      const size = Math.round(Math.abs(verdict.pct_change));
      return `${head}, ${size === 0 ? 'about the same as' : `${verdict.change > 0 ? 'up' : 'down'} ${size}% on`} the 12 months before`;
    }
  }
  // months with no data (null) are gaps: never counted as 0; a window with some is said to be partial
  const shown = rows.filter((r) => r.month >= from && r.month <= to);
  const known = shown.filter((r) => r.count !== null);
  if (known.length === 0) return `${label}: no data from ${monthName(from)} to ${monthName(to)}`;
  const total = known.reduce((s, r) => s + r.count, 0);
  const partial = known.length < shown.length ? ` in the ${known.length} of ${shown.length} months with data` : '';
  return `${label}: ${fmtInt(total)} from ${monthName(from)} to ${monthName(to)}${partial} (no full year before it to compare with)`;
}
