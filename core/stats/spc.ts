/**
 * Statistical process control of a monthly series, as NHS England's *Making Data Count* draws it.
 *
 * - XmR (individuals) chart: centre = the baseline mean; mR̄ = the mean moving range |xᵢ − xᵢ₋₁| over consecutive
 *   baseline months; process limits = mean ± 2.66 mR̄; sigma = mR̄ / 1.128 (so the limits are ± 3 sigma).
 * - Seasonal XmR: the expected value of a month is the mean of the same calendar month over the baseline (at least
 *   24 baseline months, every calendar month at least twice); XmR on the residuals (count − expected), so the
 *   limits are expected + mean residual ± 2.66 mR̄ of the residuals.
 * - p-chart for a proportion k/n: centre p̄ = Σk / Σn over the baseline, limits p̄ ± 3 √(p̄(1 − p̄)/nᵢ).
 *
 * Rules, each within a run of consecutive months with data (a month without data breaks every run; it is never a
 * zero) and within one segment between series breaks (limits restart after a break):
 * 1. a point beyond a process limit (`above` / `below`);
 * 2. a shift: 7 or more consecutive points on the same side of the centre (a point on the centre breaks it);
 * 3. a trend: 7 or more consecutive points each higher (lower) than the one before (a tie breaks it);
 * 4. two of three consecutive points more than 2 sigma from the centre on the same side (those two are marked).
 * Every point of a qualifying run is marked; a point caught by several rules carries the first in that order.
 */
import { monthName, monthOnly } from '../months.ts';

export type Polarity = 'lower-is-better' | 'higher-is-better';
export type Signal = 'above' | 'below' | 'shift-up' | 'shift-down' | 'trend-up' | 'trend-down' | 'two-of-three-up' | 'two-of-three-down';
export type Variation = 'special-cause-concern' | 'special-cause-improvement' | 'common-cause' | 'not-enough-data';

/** The constants of the charts, as docs/statistics.md gives them. */
export const SPC = {
  /** limits = mean ± 2.66 mR̄ */
  limit: 2.66,
  /** sigma = mR̄ / 1.128 (d2 for moving ranges of two) */
  d2: 1.128,
  /** a shift: this many consecutive points on one side of the centre */
  shift: 7,
  /** a trend: this many consecutive points each higher (lower) than the one before */
  trend: 7,
  /** fewest baseline months with data for limits */
  minBaseline: 12,
  /** fewest baseline months with data for seasonal expected values (two full years) */
  minSeasonalBaseline: 24,
} as const;

export interface SpcRow {
  month: string;
  count: number | null;
  /** the centre line: the mean, the seasonal expected value, or p̄ */
  expected: number | null;
  lower: number | null;
  upper: number | null;
  signal: Signal | null;
}
export interface SpcBaseline {
  from: string;
  to: string;
  /** the mean of the baseline months (counts; p̄ for a p-chart) */
  mean: number;
  /** the mean moving range (of the residuals in seasonal mode; null for a p-chart) */
  mr_bar: number | null;
  /** baseline months with data */
  months: number;
}
export interface SpcSegment {
  from: string;
  to: string;
  baseline: SpcBaseline | null;
  /** why there are no limits, when there are none */
  reason: string | null;
  /** seasonal mode: the expected count for each calendar month '01'..'12' */
  seasonal?: Record<string, number>;
}
export interface SpcLatest {
  month: string;
  variation: Variation;
  why: string;
  signal: Signal | null;
  count: number | null;
}
export interface SpcResult {
  method: 'xmr' | 'xmr-seasonal' | 'p';
  /** the last segment's baseline (the one the latest month is judged against); null when it has no limits */
  baseline: SpcBaseline | null;
  rows: SpcRow[];
  latest: SpcLatest;
  /** the series split at breaks, each with its own baseline */
  segments: SpcSegment[];
}
export interface SpcOptions {
  polarity: Polarity;
  seasonal?: boolean;
  /** a baseline range; clipped to each segment it overlaps (segments it misses use all their months) */
  baseline?: { from: string; to: string };
  /** months at which a series break starts a new segment (limits restart) */
  breaks?: string[];
  /** the lowest possible value (0 for counts): limits below it are drawn at it */
  floor?: number;
}

/** '2013-06' → 'June 2013' (the one month formatter, core/months.ts). */
export const monthWords = monthName;
const index = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
const adjacent = (a: string, b: string) => index(b) - index(a) === 1;
const r1 = (x: number) => String(Math.round(x * 10) / 10);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** A point as the rules see it: its value, centre, sigma and limits (null centre: no limits). */
interface Point {
  month: string;
  value: number | null;
  centre: number | null;
  sigma: number | null;
  lower: number | null;
  upper: number | null;
}
interface Marked {
  signal: Signal | null;
  /** shift / trend: the run's length and first month */
  run?: { length: number; first: string };
}

/**
 * The special-cause rules over points of one segment (in month order); a month without a value, or without limits,
 * breaks every run.
 * @example spcRules(points).map((m) => m.signal) // [null, null, 'above', null, …]
 */
export function spcRules(points: Point[]): Marked[] {
  const out: Marked[] = points.map(() => ({ signal: null }));
  const rank: Record<Signal, number> = { above: 0, below: 0, 'shift-up': 1, 'shift-down': 1, 'trend-up': 2, 'trend-down': 2, 'two-of-three-up': 3, 'two-of-three-down': 3 };
  const mark = (i: number, signal: Signal, run?: Marked['run']) => {
    const cur = out[i]!.signal;
    if (cur === null || rank[signal] < rank[cur]) out[i] = { signal, ...(run ? { run } : {}) };
  };
  // runs of consecutive months with a value and limits
  const runs: number[][] = [];
  points.forEach((p, i) => {
    if (p.value === null || p.centre === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1) === i - 1 && adjacent(points[i - 1]!.month, p.month)) last.push(i);
    else runs.push([i]);
  });
  const e = (i: number) => points[i]!.value! - points[i]!.centre!;
  for (const run of runs) {
    for (const i of run) {
      const p = points[i]!;
      if (p.upper !== null && p.value! > p.upper) mark(i, 'above');
      else if (p.lower !== null && p.value! < p.lower) mark(i, 'below');
    }
    // shift: maximal stretches with the same non-zero side of the centre
    const side = (i: number) => (Math.abs(e(i)) < 1e-9 ? 0 : Math.sign(e(i)));
    stretches(run, (a, b) => side(a) !== 0 && side(a) === side(b)).forEach((s) => {
      if (s.length >= SPC.shift && side(s[0]!) !== 0)
        s.forEach((i) => mark(i, side(i) > 0 ? 'shift-up' : 'shift-down', { length: s.length, first: points[s[0]!]!.month }));
    });
    // trend: maximal stretches where every step goes the same strict way (on residuals: the same as values for a flat centre)
    for (const dir of [1, -1]) {
      stretches(run, (a, b) => Math.sign(e(b) - e(a)) === dir && Math.abs(e(b) - e(a)) > 1e-9).forEach((s) => {
        if (s.length >= SPC.trend) s.forEach((i) => mark(i, dir > 0 ? 'trend-up' : 'trend-down', { length: s.length, first: points[s[0]!]!.month }));
      });
    }
    // two of three consecutive points beyond 2 sigma on the same side
    for (let k = 0; k + 2 < run.length; k++) {
      const w = run.slice(k, k + 3);
      for (const dir of [1, -1]) {
        const far = w.filter((i) => dir * e(i) > 2 * points[i]!.sigma!);
        if (far.length >= 2) far.forEach((i) => mark(i, dir > 0 ? 'two-of-three-up' : 'two-of-three-down'));
      }
    }
  }
  return out;
}

/** Splits a run of indices into maximal stretches in which each neighbouring pair satisfies `joined`. */
function stretches(run: number[], joined: (a: number, b: number) => boolean): number[][] {
  const out: number[][] = [];
  run.forEach((i, k) => {
    if (k > 0 && joined(run[k - 1]!, i)) out.at(-1)!.push(i);
    else out.push([i]);
  });
  return out;
}

/** Splits rows (in month order) at break months: a break month starts a new segment. */
function segmentsOf<T extends { month: string }>(rows: T[], breaks: string[]): T[][] {
  const out: T[][] = [];
  rows.forEach((r, i) => {
    if (i === 0 || breaks.some((b) => rows[i - 1]!.month < b && r.month >= b)) out.push([r]);
    else out.at(-1)!.push(r);
  });
  return out;
}

/** The part of a segment the baseline covers: the asked range clipped to it, or the whole segment. */
function baselineOf<T extends { month: string }>(seg: T[], asked?: { from: string; to: string }): T[] {
  if (asked) {
    const clipped = seg.filter((r) => r.month >= asked.from && r.month <= asked.to);
    if (clipped.length) return clipped;
  }
  return seg;
}

/** The mean moving range over consecutive months both present in `rows`, of `f(row)`; null with no pair. */
function mrBar<T extends { month: string }>(rows: T[], f: (r: T) => number | null): number | null {
  const ranges: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = f(rows[i - 1]!);
    const b = f(rows[i]!);
    if (a !== null && b !== null && adjacent(rows[i - 1]!.month, rows[i]!.month)) ranges.push(Math.abs(b - a));
  }
  return ranges.length ? mean(ranges) : null;
}

interface Limits {
  points: Point[];
  baseline: SpcBaseline | null;
  reason: string | null;
  seasonal?: Record<string, number>;
}

/** XmR (or seasonal XmR) limits for one segment. */
function xmrSegment(seg: { month: string; count: number | null }[], opts: SpcOptions): Limits {
  const base = baselineOf(seg, opts.baseline);
  const span = { from: base[0]!.month, to: base.at(-1)!.month };
  const covered = base.filter((r) => r.count !== null);
  const none = (reason: string): Limits => ({
    points: seg.map((r) => ({ month: r.month, value: r.count, centre: null, sigma: null, lower: null, upper: null })),
    baseline: null,
    reason,
  });
  const floor = opts.floor ?? -Infinity;
  if (opts.seasonal) {
    if (covered.length < SPC.minSeasonalBaseline)
      return none(`seasonal expected values need at least ${SPC.minSeasonalBaseline} baseline months with data (two full years); ${monthWords(span.from)} to ${monthWords(span.to)} has ${covered.length}`);
    const byCal = new Map<string, number[]>();
    for (const r of covered) byCal.set(r.month.slice(5), [...(byCal.get(r.month.slice(5)) ?? []), r.count!]);
    const thin = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).filter((m) => (byCal.get(m)?.length ?? 0) < 2);
    if (thin.length)
      return none(`seasonal expected values need every calendar month at least twice in the baseline; ${thin.map((m) => monthOnly(`2000-${m}`)).join(', ')} ${thin.length === 1 ? 'has' : 'have'} fewer`);
    const expected = Object.fromEntries([...byCal].map(([m, xs]) => [m, mean(xs)]));
    const resid = (r: { month: string; count: number | null }) => (r.count === null ? null : r.count - expected[r.month.slice(5)]!);
    const mr = mrBar(base, resid);
    if (mr === null) return none('no two consecutive baseline months with data');
    const mres = mean(covered.map((r) => resid(r)!));
    const sigma = mr / SPC.d2;
    return {
      points: seg.map((r) => {
        const centre = expected[r.month.slice(5)]! + mres;
        return { month: r.month, value: r.count, centre, sigma, lower: Math.max(floor, centre - SPC.limit * mr), upper: centre + SPC.limit * mr };
      }),
      baseline: { ...span, mean: mean(covered.map((r) => r.count!)), mr_bar: mr, months: covered.length },
      reason: null,
      seasonal: expected,
    };
  }
  if (covered.length < SPC.minBaseline)
    return none(`limits need at least ${SPC.minBaseline} baseline months with data; ${monthWords(span.from)} to ${monthWords(span.to)} has ${covered.length}`);
  const mr = mrBar(base, (r) => r.count);
  if (mr === null) return none('no two consecutive baseline months with data');
  const centre = mean(covered.map((r) => r.count!));
  const sigma = mr / SPC.d2;
  return {
    points: seg.map((r) => ({ month: r.month, value: r.count, centre, sigma, lower: Math.max(floor, centre - SPC.limit * mr), upper: centre + SPC.limit * mr })),
    baseline: { ...span, mean: centre, mr_bar: mr, months: covered.length },
    reason: null,
  };
}

/** Runs the limits of each segment, the rules, and the judgement of the last month. */
function chart(
  method: SpcResult['method'],
  rows: { month: string; count: number | null }[],
  segLimits: (seg: number[]) => Limits,
  opts: SpcOptions,
): SpcResult {
  if (rows.length === 0) throw new RangeError('an SPC chart needs at least one month');
  const idx = rows.map((_, i) => i);
  const segs = segmentsOf(idx.map((i) => ({ month: rows[i]!.month, i })), opts.breaks ?? []).map((s) => s.map((x) => x.i));
  const outRows: SpcRow[] = [];
  const marks: Marked[] = [];
  const points: Point[] = [];
  const segments: SpcSegment[] = [];
  for (const seg of segs) {
    const lim = segLimits(seg);
    const m = spcRules(lim.points);
    lim.points.forEach((p, k) => {
      outRows.push({ month: p.month, count: rows[seg[k]!]!.count, expected: p.centre, lower: p.lower, upper: p.upper, signal: m[k]!.signal });
      marks.push(m[k]!);
      points.push(p);
    });
    segments.push({ from: rows[seg[0]!]!.month, to: rows[seg.at(-1)!]!.month, baseline: lim.baseline, reason: lim.reason, ...(lim.seasonal ? { seasonal: lim.seasonal } : {}) });
  }
  const last = segments.at(-1)!;
  return { method, baseline: last.baseline, rows: outRows, latest: judge(outRows.at(-1)!, marks.at(-1)!, points.at(-1)!, last, opts.polarity, method), segments };
}

const UP = new Set<Signal>(['above', 'shift-up', 'trend-up', 'two-of-three-up']);

/** The latest month's variation, in words, judged with the polarity. */
function judge(row: SpcRow, mark: Marked, p: Point, seg: SpcSegment, polarity: Polarity, method: SpcResult['method']): SpcLatest {
  const at = { month: row.month, signal: row.signal, count: row.count };
  const M = monthWords(row.month);
  if (row.count === null) return { ...at, variation: 'not-enough-data', why: `no data for ${M} (a month without data is a gap, not a zero)` };
  if (row.expected === null) return { ...at, variation: 'not-enough-data', why: `no ${method === 'xmr-seasonal' ? 'seasonal ' : ''}limits: ${seg.reason}` };
  const v = method === 'p' ? `${r1(100 * row.count)}%` : r1(row.count);
  const c = method === 'p' ? `${r1(100 * row.expected)}%` : r1(row.expected);
  const centre = method === 'xmr-seasonal' ? `the expected ${c}` : `the mean ${c}`;
  if (row.signal === null)
    return { ...at, variation: 'common-cause', why: `${M} (${v}) is within the expected range (${fmt(row.lower!, method)} to ${fmt(row.upper!, method)}) and no rule signals: common cause variation` };
  const up = UP.has(row.signal);
  const good = up === (polarity === 'higher-is-better');
  const variation = good ? 'special-cause-improvement' : 'special-cause-concern';
  const side = up ? 'above' : 'below';
  const why = {
    beyond: `${M} (${v}) is ${side} the expected range (${up ? 'upper' : 'lower'} limit ${fmt(up ? row.upper! : row.lower!, method)})`,
    shift: `${M} (${v}) is one of ${mark.run?.length} consecutive months ${side} ${centre}, from ${monthWords(mark.run?.first ?? row.month)} (a shift: ${SPC.shift} or more)`,
    trend: `${M} (${v}) is part of ${mark.run?.length} consecutive months each ${up ? 'higher' : 'lower'} than the one before, from ${monthWords(mark.run?.first ?? row.month)} (a trend: ${SPC.trend} or more)`,
    two: `${M} (${v}) is one of two of three consecutive months more than two sigma ${side} ${centre} (beyond ${fmt(p.centre! + (up ? 2 : -2) * p.sigma!, method)})`,
  }[row.signal === 'above' || row.signal === 'below' ? 'beyond' : (row.signal.split('-')[0] as 'shift' | 'trend' | 'two')];
  return { ...at, variation, why: `${why}: special cause, ${good ? 'improvement' : 'concern'} (${polarity})` };
}
const fmt = (x: number, method: SpcResult['method']) => (method === 'p' ? `${r1(100 * x)}%` : r1(x));

/**
 * An XmR chart of a monthly series (months in order, consecutive; a null count is a month without data), with or
 * without seasonal expected values, its limits restarting at each break.
 * @example xmrChart(rows, { polarity: 'lower-is-better', floor: 0 }).latest // { month: '2013-06', variation: 'special-cause-concern', … }
 * @example xmrChart(rows, { polarity: 'lower-is-better', seasonal: true, breaks: ['2019-01'] })
 */
export function xmrChart(rows: { month: string; count: number | null }[], opts: SpcOptions): SpcResult {
  return chart(opts.seasonal ? 'xmr-seasonal' : 'xmr', rows, (seg) => xmrSegment(seg.map((i) => rows[i]!), opts), opts);
}

/**
 * A p-chart of a monthly proportion k of n (n null or 0: a month without data); `count` and `expected` are
 * proportions (0..1). Limits p̄ ± 3 √(p̄(1 − p̄)/nᵢ), within 0..1; at least 12 baseline months.
 * @example pChart([{ month: '2018-01', k: 12, n: 40 }, …], { polarity: 'higher-is-better' })
 */
export function pChart(rows: { month: string; k: number | null; n: number | null }[], opts: Omit<SpcOptions, 'seasonal' | 'floor'>): SpcResult {
  const props = rows.map((r) => ({ month: r.month, count: r.k !== null && r.n ? r.k / r.n : null }));
  return chart('p', props, (seg) => {
    const segRows = seg.map((i) => rows[i]!);
    const base = baselineOf(segRows, opts.baseline).filter((r) => r.k !== null && r.n);
    const span = baselineOf(segRows, opts.baseline);
    const points = segRows.map((r, k) => ({ month: r.month, value: props[seg[k]!]!.count, centre: null as number | null, sigma: null as number | null, lower: null as number | null, upper: null as number | null }));
    if (base.length < SPC.minBaseline)
      return { points, baseline: null, reason: `limits need at least ${SPC.minBaseline} baseline months with data; ${monthWords(span[0]!.month)} to ${monthWords(span.at(-1)!.month)} has ${base.length}` };
    const pbar = base.reduce((s, r) => s + r.k!, 0) / base.reduce((s, r) => s + r.n!, 0);
    segRows.forEach((r, k) => {
      if (!r.n) return;
      const sigma = Math.sqrt((pbar * (1 - pbar)) / r.n);
      Object.assign(points[k]!, { centre: pbar, sigma, lower: Math.max(0, pbar - 3 * sigma), upper: Math.min(1, pbar + 3 * sigma) });
    });
    return { points, baseline: { from: span[0]!.month, to: span.at(-1)!.month, mean: pbar, mr_bar: null, months: base.length }, reason: null };
  }, opts);
}
