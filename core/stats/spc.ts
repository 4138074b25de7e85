/**
 * Statistical process control of a monthly series, as NHS England's *Making Data Count* (MDC) advises and as NHS-R's
 * NHSRplotthedots (the reference implementation) computes it. docs/spc.md says it for analysts.
 *
 * - XmR (individuals) chart: centre = the baseline mean; mR̄ = the mean moving range |xᵢ − xᵢ₋₁| over consecutive
 *   baseline months, after screening (a moving range of 3.267 × the first mR̄ or more is left out, and mR̄ taken again
 *   over the rest, as the peer's default `screen_outliers = TRUE`); process limits = mean ± 2.66 mR̄; sigma =
 *   2.66 mR̄ ÷ 3, so the limits are ± 3 sigma and the 2 sigma line lies at 1.773 mR̄, as in the peer.
 * - Seasonal XmR: the expected value of a month is the mean of the same calendar month over the baseline (at least
 *   24 baseline months, every calendar month at least twice); XmR on the residuals (count − expected), so the
 *   limits are expected + mean residual ± 2.66 mR̄ of the residuals.
 * - p-chart for a proportion k/n: centre p̄ = Σk / Σn over the baseline, limits p̄ ± 3 √(p̄(1 − p̄)/nᵢ).
 *
 * Baselines: the series is split at series breaks; within each piece the limits come from a baseline: the range
 * asked (clipped to the piece; it wins, and is never recalculated), else the first 20 months with data (36 in
 * seasonal mode), projected forward. The limits are recalculated at a sustained shift: a run of 7 or more points on
 * one side of the centre, starting after the piece's first month, followed by enough months for a new baseline (20
 * with data from the run's first month), whose mean lies on the run's side more than 3 standard errors from the old
 * centre (the mean distance from it, in sigmas, above 3 ÷ √20 = 0.67). The new limits start at the run's first month,
 * from the 20 months from there; the months before keep limits from their own baseline.
 *
 * Rules, each within a run of consecutive months with data (a month without data breaks every run; it is never a
 * zero) and within one segment (limits restart at a break or a recalculation), in the peer's order of precedence:
 * 1. a point beyond a process limit (`above` / `below`);
 * 2. a trend: 7 or more consecutive points each higher (lower) than the one before (a tie breaks it);
 * 3. two of three consecutive points between 2 sigma and the process limit, all three on the same side of the centre
 *    (those two are marked; a point beyond the limit is rule 1's, not counted here);
 * 4. a shift: 7 or more consecutive points on the same side of the centre (a point on the centre breaks it).
 * Every point of a qualifying run is marked; a point caught by several rules carries the first in that order.
 */
import { monthName, monthOnly } from '../months.ts';

export type Polarity = 'lower-is-better' | 'higher-is-better';
export type Signal = 'above' | 'below' | 'shift-up' | 'shift-down' | 'trend-up' | 'trend-down' | 'two-of-three-up' | 'two-of-three-down';
export type Variation = 'special-cause-concern' | 'special-cause-improvement' | 'common-cause' | 'not-enough-data';

/** The constants of the charts (docs/spc.md; docs/statistics.md). */
export const SPC = {
  /** limits = mean ± 2.66 mR̄ */
  limit: 2.66,
  /** d2 for moving ranges of two (2.66 = 3 ÷ 1.128): sigma = 2.66 mR̄ ÷ 3 ≈ mR̄ ÷ 1.128 */
  d2: 1.128,
  /** a shift: this many consecutive points on one side of the centre */
  shift: 7,
  /** a trend: this many consecutive points each higher (lower) than the one before */
  trend: 7,
  /** fewest baseline months with data for limits */
  minBaseline: 12,
  /** fewest baseline months with data for seasonal expected values (two full years) */
  minSeasonalBaseline: 24,
  /** the default baseline: this many months with data from the start of a segment (MDC: 15–20 at least, ideally 20–24) */
  baselinePoints: 20,
  /** the default seasonal baseline: three full years, so each calendar month's expected value is a mean of three */
  seasonalBaselinePoints: 36,
  /** moving-range screening: a moving range this many times the mean moving range or more is left out of mR̄ */
  screen: 3.267,
  /** a shift is sustained when the new baseline's mean lies this many standard errors beyond the old centre */
  sustained: 3,
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
  /** the mean moving range after screening (of the residuals in seasonal mode; null for a p-chart) */
  mr_bar: number | null;
  /** baseline months with data */
  months: number;
  /** moving ranges left out of mR̄ by screening (3.267 × the first mR̄ or more); 0 for a p-chart */
  screened: number;
  /** true when the baseline is the range asked (`baseline=`), false when it is the default (the first 20 months) */
  asked: boolean;
}
export interface SpcSegment {
  from: string;
  to: string;
  baseline: SpcBaseline | null;
  /** why there are no limits, when there are none */
  reason: string | null;
  /** seasonal mode: the expected count for each calendar month '01'..'12' */
  seasonal?: Record<string, number>;
  /** why the segment starts here: the first month, a series break, or limits recalculated at a sustained shift */
  starts: 'start' | 'break' | 'shift';
  /** the sustained shift the limits were recalculated at (`starts` 'shift'), else null */
  shift: { first: string; length: number; direction: 'up' | 'down'; previous_centre: number } | null;
  /** the centre line and limits when they are the same every month (XmR); null otherwise (seasonal, p-chart, no limits) */
  centre: number | null;
  lower: number | null;
  upper: number | null;
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
  /** the series split at breaks and recalculations, each with its own baseline and limits */
  segments: SpcSegment[];
}
export interface SpcOptions {
  polarity: Polarity;
  seasonal?: boolean;
  /** a baseline range; clipped to each break segment it overlaps, never recalculated there (segments it misses use the default) */
  baseline?: { from: string; to: string };
  /** months at which a series break starts a new segment (limits restart) */
  breaks?: string[];
  /** the lowest possible value (0 for counts): limits below it are drawn at it */
  floor?: number;
  /** moving-range screening (default true, as the peer's `screen_outliers`) */
  screen?: boolean;
  /** recalculate the limits at a sustained shift (default true; never within an asked baseline's segment) */
  recalculate?: boolean;
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
 * breaks every run. The precedence is the peer's (NHSRplotthedots `ptd_special_cause_type`): beyond a limit, trend,
 * two of three, shift.
 * @example spcRules(points).map((m) => m.signal) // [null, null, 'above', null, …]
 */
export function spcRules(points: Point[]): Marked[] {
  const out: Marked[] = points.map(() => ({ signal: null }));
  const rank: Record<Signal, number> = { above: 0, below: 0, 'trend-up': 1, 'trend-down': 1, 'two-of-three-up': 2, 'two-of-three-down': 2, 'shift-up': 3, 'shift-down': 3 };
  const mark = (i: number, signal: Signal, run?: Marked['run'], override = false) => {
    const cur = out[i]!.signal;
    if (cur === null || rank[signal] < rank[cur] || (override && rank[signal] === rank[cur])) out[i] = { signal, ...(run ? { run } : {}) };
  };
  const e = (i: number) => points[i]!.value! - points[i]!.centre!;
  const side = (i: number) => (Math.abs(e(i)) < 1e-9 ? 0 : Math.sign(e(i)));
  const outside = (i: number) => {
    const p = points[i]!;
    return (p.upper !== null && p.value! > p.upper) || (p.lower !== null && p.value! < p.lower);
  };
  for (const run of dataRuns(points)) {
    for (const i of run) {
      const p = points[i]!;
      if (p.upper !== null && p.value! > p.upper) mark(i, 'above');
      else if (p.lower !== null && p.value! < p.lower) mark(i, 'below');
    }
    // trend: maximal stretches where every step goes the same strict way (on residuals: the same as values for a
    // flat centre); a point ending one trend and starting the other way carries the later one (the peer's "right side")
    const trends = [1, -1]
      .flatMap((dir) => stretches(run, (a, b) => Math.sign(e(b) - e(a)) === dir && Math.abs(e(b) - e(a)) > 1e-9).map((s) => ({ s, dir })))
      .filter(({ s }) => s.length >= SPC.trend)
      .sort((a, b) => a.s[0]! - b.s[0]!);
    for (const { s, dir } of trends) s.forEach((i) => mark(i, dir > 0 ? 'trend-up' : 'trend-down', { length: s.length, first: points[s[0]!]!.month }, true));
    // two of three: a window of three consecutive points all on one side of the centre, two or more of them between
    // 2 sigma and the process limit (a point beyond the limit is not "close"); those close points are marked
    const close = (i: number) => !outside(i) && Math.abs(e(i)) > 2 * points[i]!.sigma!;
    for (let k = 0; k + 2 < run.length; k++) {
      const w = run.slice(k, k + 3);
      const s0 = side(w[0]!);
      if (s0 === 0 || !w.every((i) => side(i) === s0)) continue;
      const near = w.filter(close);
      if (near.length >= 2) near.forEach((i) => mark(i, s0 > 0 ? 'two-of-three-up' : 'two-of-three-down'));
    }
    // shift: maximal stretches with the same non-zero side of the centre
    for (const s of shifts(run, side)) s.forEach((i) => mark(i, side(i) > 0 ? 'shift-up' : 'shift-down', { length: s.length, first: points[s[0]!]!.month }));
  }
  return out;
}

/** Runs of consecutive months with a value and limits (index lists). */
function dataRuns(points: Point[]): number[][] {
  const runs: number[][] = [];
  points.forEach((p, i) => {
    if (p.value === null || p.centre === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1) === i - 1 && adjacent(points[i - 1]!.month, p.month)) last.push(i);
    else runs.push([i]);
  });
  return runs;
}

/** The stretches of a run of 7 or more points on one side of the centre (a point on it breaks the stretch). */
const shifts = (run: number[], side: (i: number) => number) =>
  stretches(run, (a, b) => side(a) !== 0 && side(a) === side(b)).filter((s) => s.length >= SPC.shift && side(s[0]!) !== 0);

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

/** The rows from the start up to and including the `n`th with data (all the rows when fewer have data). */
function firstWithData<T>(rows: T[], n: number, has: (r: T) => boolean): T[] {
  let seen = 0;
  for (let k = 0; k < rows.length; k++) if (has(rows[k]!) && ++seen === n) return rows.slice(0, k + 1);
  return rows;
}

/**
 * The mean moving range over consecutive months both present in `rows`, of `f(row)`, screened (when `screen`): the
 * moving ranges of 3.267 × their mean or more are left out and the mean taken again; null with no pair.
 */
function mrBar<T extends { month: string }>(rows: T[], f: (r: T) => number | null, screen: boolean): { mr: number; screened: number } | null {
  const ranges: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = f(rows[i - 1]!);
    const b = f(rows[i]!);
    if (a !== null && b !== null && adjacent(rows[i - 1]!.month, rows[i]!.month)) ranges.push(Math.abs(b - a));
  }
  if (!ranges.length) return null;
  const first = mean(ranges);
  const kept = screen ? ranges.filter((r) => r < SPC.screen * first) : ranges;
  // (every range equal to 0 keeps none under a strict bound: then there is nothing to screen)
  return kept.length ? { mr: mean(kept), screened: ranges.length - kept.length } : { mr: first, screened: 0 };
}

interface Limits {
  points: Point[];
  baseline: SpcBaseline | null;
  reason: string | null;
  seasonal?: Record<string, number>;
}

type CountRow = { month: string; count: number | null };

/** XmR (or seasonal XmR) limits for one segment from its baseline rows. */
function xmrSegment(seg: CountRow[], base: CountRow[], asked: boolean, opts: SpcOptions): Limits {
  const span = { from: base[0]!.month, to: base.at(-1)!.month };
  const covered = base.filter((r) => r.count !== null);
  const none = (reason: string): Limits => ({
    points: seg.map((r) => ({ month: r.month, value: r.count, centre: null, sigma: null, lower: null, upper: null })),
    baseline: null,
    reason,
  });
  const floor = opts.floor ?? -Infinity;
  const screen = opts.screen ?? true;
  if (opts.seasonal) {
    if (covered.length < SPC.minSeasonalBaseline)
      return none(`seasonal expected values need at least ${SPC.minSeasonalBaseline} baseline months with data (two full years); ${monthWords(span.from)} to ${monthWords(span.to)} has ${covered.length}`);
    const byCal = new Map<string, number[]>();
    for (const r of covered) byCal.set(r.month.slice(5), [...(byCal.get(r.month.slice(5)) ?? []), r.count!]);
    const thin = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).filter((m) => (byCal.get(m)?.length ?? 0) < 2);
    if (thin.length)
      return none(`seasonal expected values need every calendar month at least twice in the baseline; ${thin.map((m) => monthOnly(`2000-${m}`)).join(', ')} ${thin.length === 1 ? 'has' : 'have'} fewer`);
    const expected = Object.fromEntries([...byCal].map(([m, xs]) => [m, mean(xs)]));
    const resid = (r: CountRow) => (r.count === null ? null : r.count - expected[r.month.slice(5)]!);
    const mr = mrBar(base, resid, screen);
    if (mr === null) return none('no two consecutive baseline months with data');
    const mres = mean(covered.map((r) => resid(r)!));
    const sigma = (SPC.limit * mr.mr) / 3;
    return {
      points: seg.map((r) => {
        const centre = expected[r.month.slice(5)]! + mres;
        return { month: r.month, value: r.count, centre, sigma, lower: Math.max(floor, centre - SPC.limit * mr.mr), upper: centre + SPC.limit * mr.mr };
      }),
      baseline: { ...span, mean: mean(covered.map((r) => r.count!)), mr_bar: mr.mr, months: covered.length, screened: mr.screened, asked },
      reason: null,
      seasonal: expected,
    };
  }
  if (covered.length < SPC.minBaseline)
    return none(`limits need at least ${SPC.minBaseline} baseline months with data; ${monthWords(span.from)} to ${monthWords(span.to)} has ${covered.length}`);
  const mr = mrBar(base, (r) => r.count, screen);
  if (mr === null) return none('no two consecutive baseline months with data');
  const centre = mean(covered.map((r) => r.count!));
  const sigma = (SPC.limit * mr.mr) / 3;
  return {
    points: seg.map((r) => ({ month: r.month, value: r.count, centre, sigma, lower: Math.max(floor, centre - SPC.limit * mr.mr), upper: centre + SPC.limit * mr.mr })),
    baseline: { ...span, mean: centre, mr_bar: mr.mr, months: covered.length, screened: mr.screened, asked },
    reason: null,
  };
}

/**
 * The first sustained shift of a segment's points (limits from its baseline), as the position the limits restart
 * at: a run of 7 or more on one side of the centre starting after the segment's first point, with `n` months with
 * data from its first month whose mean distance from the old centre, in sigmas, is beyond 3 ÷ √n on the run's side.
 */
function sustainedShift(points: Point[], n: number): { at: number; shift: NonNullable<SpcSegment['shift']> } | null {
  const e = (i: number) => points[i]!.value! - points[i]!.centre!;
  const side = (i: number) => (Math.abs(e(i)) < 1e-9 ? 0 : Math.sign(e(i)));
  for (const run of dataRuns(points)) {
    for (const s of shifts(run, side)) {
      const at = s[0]!;
      if (at === 0) continue;
      const next = points.slice(at).filter((p) => p.value !== null && p.centre !== null).slice(0, n);
      if (next.length < n) continue;
      // (a sigma of 0, a flat baseline: any distance is beyond it)
      const z = mean(next.map((p) => (p.sigma! > 0 ? (p.value! - p.centre!) / p.sigma! : Math.sign(p.value! - p.centre!) * 1e9)));
      if (side(at) * z > SPC.sustained / Math.sqrt(n))
        return { at, shift: { first: points[at]!.month, length: s.length, direction: side(at) > 0 ? 'up' : 'down', previous_centre: points[at]!.centre! } };
    }
  }
  return null;
}

/**
 * Runs the limits of each segment (split at breaks, then at sustained shifts), the rules, and the judgement of the
 * last month. `fit(seg, base, asked)` gives the limits of the rows `seg` (indices) from the baseline rows `base`.
 */
function chart(
  method: SpcResult['method'],
  rows: CountRow[],
  fit: (seg: number[], base: number[], asked: boolean) => Limits,
  opts: SpcOptions & { baselinePoints: number },
): SpcResult {
  if (rows.length === 0) throw new RangeError('an SPC chart needs at least one month');
  const idx = rows.map((_, i) => i);
  const pieces = segmentsOf(idx.map((i) => ({ month: rows[i]!.month, i })), opts.breaks ?? []).map((s) => s.map((x) => x.i));
  const has = (i: number) => rows[i]!.count !== null;
  const outRows: SpcRow[] = [];
  const marks: Marked[] = [];
  const points: Point[] = [];
  const segments: SpcSegment[] = [];
  const push = (seg: number[], lim: Limits, starts: SpcSegment['starts'], shift: SpcSegment['shift']) => {
    const m = spcRules(lim.points);
    lim.points.forEach((p, k) => {
      outRows.push({ month: p.month, count: rows[seg[k]!]!.count, expected: p.centre, lower: p.lower, upper: p.upper, signal: m[k]!.signal });
      marks.push(m[k]!);
      points.push(p);
    });
    const flat = method === 'xmr' && lim.baseline !== null;
    const p0 = lim.points[0]!;
    segments.push({
      from: rows[seg[0]!]!.month,
      to: rows[seg.at(-1)!]!.month,
      baseline: lim.baseline,
      reason: lim.reason,
      ...(lim.seasonal ? { seasonal: lim.seasonal } : {}),
      starts,
      shift,
      centre: flat ? p0.centre : null,
      lower: flat ? p0.lower : null,
      upper: flat ? p0.upper : null,
    });
  };
  const asked = opts.baseline;
  const dataIn = (seg: number[]) => seg.filter(has).length;
  pieces.forEach((piece, n) => {
    const first: SpcSegment['starts'] = n === 0 ? 'start' : 'break';
    const inAsked = asked ? piece.filter((i) => rows[i]!.month >= asked.from && rows[i]!.month <= asked.to) : [];
    if (inAsked.length) return push(piece, fit(piece, inAsked, true), first, null);
    const fitDefault = (seg: number[]) => fit(seg, firstWithData(seg, opts.baselinePoints, has), false);
    // where the limits restart (positions in the piece), each at a sustained shift against the limits before it
    const cuts: { at: number; shift: NonNullable<SpcSegment['shift']> }[] = [];
    let start = 0;
    for (;;) {
      const lim = fitDefault(piece.slice(start));
      const cut = lim.baseline && opts.recalculate !== false ? sustainedShift(lim.points, opts.baselinePoints) : null;
      if (!cut) break;
      const at = start + cut.at;
      // a recalculated segment too short to stand (fewer than 12 months with data before the next shift: a run that
      // began a few months before the real change) is folded back: the change starts at the later shift instead,
      // against the limits before the first
      if (cuts.length && dataIn(piece.slice(start, at)) < SPC.minBaseline) {
        const from = cuts.length > 1 ? cuts.at(-2)!.at : 0;
        const prev = fitDefault(piece.slice(from)).points.slice(at - from);
        const dir = cut.shift.direction === 'up' ? 1 : -1;
        let length = 0;
        while (length < prev.length && prev[length]!.value !== null && dir * (prev[length]!.value! - prev[length]!.centre!) > 1e-9) length++;
        cuts[cuts.length - 1] = { at, shift: { ...cut.shift, length, previous_centre: prev[0]!.centre! } };
      } else cuts.push({ at, shift: cut.shift });
      start = at;
    }
    const bounds = [0, ...cuts.map((c) => c.at), piece.length];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const seg = piece.slice(bounds[k], bounds[k + 1]);
      push(seg, fitDefault(seg), k === 0 ? first : 'shift', k === 0 ? null : cuts[k - 1]!.shift);
    }
  });
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
  return chart(
    opts.seasonal ? 'xmr-seasonal' : 'xmr',
    rows,
    (seg, base, asked) => xmrSegment(seg.map((i) => rows[i]!), base.map((i) => rows[i]!), asked, opts),
    { ...opts, baselinePoints: opts.seasonal ? SPC.seasonalBaselinePoints : SPC.baselinePoints },
  );
}

/**
 * A p-chart of a monthly proportion k of n (n null or 0: a month without data); `count` and `expected` are
 * proportions (0..1). Limits p̄ ± 3 √(p̄(1 − p̄)/nᵢ), within 0..1; at least 12 baseline months; baselines and
 * recalculation as the XmR chart's.
 * @example pChart([{ month: '2018-01', k: 12, n: 40 }, …], { polarity: 'higher-is-better' })
 */
export function pChart(rows: { month: string; k: number | null; n: number | null }[], opts: Omit<SpcOptions, 'seasonal' | 'floor'>): SpcResult {
  const props = rows.map((r) => ({ month: r.month, count: r.k !== null && r.n ? r.k / r.n : null }));
  const fit = (seg: number[], baseIdx: number[], asked: boolean): Limits => {
    const segRows = seg.map((i) => rows[i]!);
    const span = baseIdx.map((i) => rows[i]!);
    const base = span.filter((r) => r.k !== null && r.n);
    const points = segRows.map((r, k) => ({ month: r.month, value: props[seg[k]!]!.count, centre: null as number | null, sigma: null as number | null, lower: null as number | null, upper: null as number | null }));
    if (base.length < SPC.minBaseline)
      return { points, baseline: null, reason: `limits need at least ${SPC.minBaseline} baseline months with data; ${monthWords(span[0]!.month)} to ${monthWords(span.at(-1)!.month)} has ${base.length}` };
    const pbar = base.reduce((s, r) => s + r.k!, 0) / base.reduce((s, r) => s + r.n!, 0);
    segRows.forEach((r, k) => {
      if (!r.n) return;
      const sigma = Math.sqrt((pbar * (1 - pbar)) / r.n);
      Object.assign(points[k]!, { centre: pbar, sigma, lower: Math.max(0, pbar - 3 * sigma), upper: Math.min(1, pbar + 3 * sigma) });
    });
    return { points, baseline: { from: span[0]!.month, to: span.at(-1)!.month, mean: pbar, mr_bar: null, months: base.length, screened: 0, asked }, reason: null };
  };
  return chart('p', props, fit, { ...opts, baselinePoints: SPC.baselinePoints });
}
