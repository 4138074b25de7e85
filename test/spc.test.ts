import { describe, expect, it } from 'vitest';
import { pChart, SPC, xmrChart, type SpcResult } from '../core/stats/spc.ts';
import { monthsFrom as months } from './helpers.ts';
const signals = (r: SpcResult) => Object.fromEntries(r.rows.filter((x) => x.signal).map((x) => [x.month, x.signal]));

// The baseline year 2018 alternates 12, 10, 12, 10, …: mean 11; every moving range is 2, so mR̄ = 2;
// limits 11 ± 2.66 × 2 = 5.68 .. 16.32; sigma = 2 / 1.128 = 1.7730; 2 sigma lines 11 ± 3.5461 = 7.4539 .. 14.5461.
const BASE = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 12 : 10));
const baseline = { from: '2018-01', to: '2018-12' };
const lower = { polarity: 'lower-is-better' as const, baseline };

describe('XmR chart (Making Data Count)', () => {
  it('limits: mean ± 2.66 mR̄ of the baseline months', () => {
    const r = xmrChart(months('2018-01', BASE), { polarity: 'lower-is-better' });
    expect(r.method).toBe('xmr');
    expect(r.baseline).toEqual({ from: '2018-01', to: '2018-12', mean: 11, mr_bar: 2, months: 12, screened: 0, asked: false });
    expect(r.rows[0]!.lower).toBeCloseTo(5.68, 10);
    expect(r.rows[0]!.upper).toBeCloseTo(16.32, 10);
    expect(r.rows.every((x) => x.expected === 11 && x.signal === null)).toBe(true);
    expect(r.latest.variation).toBe('common-cause');
    expect(r.latest.why).toBe('December 2018 (10) is within the expected range (5.7 to 16.3) and no rule signals: common cause variation');
  });

  it('a spike beyond the upper limit: above; concern or improvement by polarity', () => {
    const series = months('2018-01', [...BASE, 30]);
    const r = xmrChart(series, lower);
    expect(signals(r)).toEqual({ '2019-01': 'above' });
    expect(r.latest).toMatchObject({ month: '2019-01', variation: 'special-cause-concern', signal: 'above', count: 30 });
    expect(r.latest.why).toMatch(/^January 2019 \(30\) is above the expected range \(upper limit 16\.3\)/);
    expect(xmrChart(series, { ...lower, polarity: 'higher-is-better' }).latest.variation).toBe('special-cause-improvement');
    // a dip below the lower limit (5.68)
    expect(signals(xmrChart(months('2018-01', [...BASE, 5]), lower))).toEqual({ '2019-01': 'below' });
  });

  it('a shift: 6 points above the mean is no signal, 7 is', () => {
    // 13 is above the mean (11) but inside the 2 sigma line (14.55); the 10 before and after are below
    const six = xmrChart(months('2018-01', [...BASE, 13, 13, 13, 13, 13, 13, 10]), lower);
    expect(signals(six)).toEqual({});
    const seven = xmrChart(months('2018-01', [...BASE, 13, 13, 13, 13, 13, 13, 13]), lower);
    expect(signals(seven)).toEqual(Object.fromEntries(months('2019-01', Array(7).fill(13)).map((m) => [m.month, 'shift-up'])));
    expect(seven.latest.variation).toBe('special-cause-concern');
    expect(seven.latest.why).toMatch(/one of 7 consecutive months above the mean 11, from January 2019/);
    const down = xmrChart(months('2018-01', [...BASE.map((x) => 22 - x), 9, 9, 9, 9, 9, 9, 9]), lower);
    expect(down.rows.at(-1)!.signal).toBe('shift-down');
    expect(down.latest.variation).toBe('special-cause-improvement');
  });

  it('a point on the mean breaks a shift', () => {
    const onMean = xmrChart(months('2018-01', [...BASE, 13, 13, 13, 11, 13, 13, 13]), lower);
    expect(signals(onMean)).toEqual({});
    const offMean = xmrChart(months('2018-01', [...BASE, 13, 13, 13, 12, 13, 13, 13]), lower);
    expect(Object.keys(signals(offMean))).toHaveLength(7);
  });

  it('a trend: 7 points each higher than the one before (6 is no signal)', () => {
    // 7 < 7.45 is beyond 2 sigma but alone; 4 below and 3 above the mean: no shift
    const seven = xmrChart(months('2018-01', [...BASE, 7, 8, 9, 10, 11.5, 12, 13]), lower);
    expect(signals(seven)).toEqual(Object.fromEntries(months('2019-01', Array(7).fill(0)).map((m) => [m.month, 'trend-up'])));
    expect(seven.latest.why).toMatch(/part of 7 consecutive months each higher than the one before, from January 2019/);
    expect(signals(xmrChart(months('2018-01', [...BASE, 8, 9, 10, 11.5, 12, 13]), lower))).toEqual({});
    // a tie breaks a trend
    expect(signals(xmrChart(months('2018-01', [...BASE, 7, 8, 9, 9, 11.5, 12, 13]), lower))).toEqual({});
    const falling = xmrChart(months('2018-01', [...BASE, 15, 14, 13, 12, 10.5, 9, 8]), lower);
    expect(falling.rows.at(-1)!.signal).toBe('trend-down');
    expect(falling.latest.variation).toBe('special-cause-improvement');
  });

  it('two of three beyond 2 sigma on the same side: the two are marked', () => {
    // 15 is beyond 14.55 but inside the limit 16.32
    const r = xmrChart(months('2018-01', [...BASE, 15, 11.5, 15]), lower);
    expect(signals(r)).toEqual({ '2019-01': 'two-of-three-up', '2019-03': 'two-of-three-up' });
    expect(r.latest.why).toMatch(/two of three consecutive months more than two sigma above the mean 11 \(beyond 14\.5\)/);
    expect(signals(xmrChart(months('2018-01', [...BASE, 15, 11.5, 11.5]), lower))).toEqual({});
    // one beyond 2 sigma above and one below: not the same side
    expect(signals(xmrChart(months('2018-01', [...BASE, 15, 11.5, 7]), lower))).toEqual({});
  });

  it('a month without data breaks the series and is never a zero', () => {
    // 3 + 4 months above the mean around a gap: no shift; without the gap the 8 would be one
    const gap = xmrChart(months('2018-01', [...BASE, 13, 13, 13, null, 13, 13, 13, 13]), lower);
    expect(signals(gap)).toEqual({});
    expect(gap.rows[15]).toMatchObject({ month: '2019-04', count: null, signal: null });
    expect(Object.keys(signals(xmrChart(months('2018-01', [...BASE, 13, 13, 13, 13, 13, 13, 13, 13]), lower)))).toHaveLength(8);
    // mR̄ skips the gap: 10 ranges of 2 (the 10 either side of the gap are not neighbours), mean of 12 months 11
    const base = xmrChart(months('2018-01', [12, 10, 12, 10, 12, 10, null, 10, 12, 10, 12, 10, 12]), { polarity: 'lower-is-better' });
    expect(base.baseline).toEqual({ from: '2018-01', to: '2019-01', mean: 11, mr_bar: 2, months: 12, screened: 0, asked: false });
    // the latest month missing: not enough data, said in words
    const last = xmrChart(months('2018-01', [...BASE, null]), lower);
    expect(last.latest).toMatchObject({ month: '2019-01', variation: 'not-enough-data', count: null });
    expect(last.latest.why).toMatch(/no data for January 2019/);
  });

  it('fewer than 12 baseline months: not enough data', () => {
    const r = xmrChart(months('2018-01', BASE.slice(0, 11)), { polarity: 'lower-is-better' });
    expect(r.baseline).toBeNull();
    expect(r.rows.every((x) => x.expected === null && x.signal === null)).toBe(true);
    expect(r.latest.variation).toBe('not-enough-data');
    expect(r.latest.why).toMatch(/at least 12 baseline months/);
  });

  it('a series break restarts the limits', () => {
    // 2018 around 11, 2019 around 31 (30, 32, …): one chart would call all of 2019 a shift and beyond the limits
    const series = months('2018-01', [...BASE, ...BASE.map((x) => x + 20)]);
    const joined = xmrChart(series, { polarity: 'lower-is-better' });
    expect(Object.keys(signals(joined)).length).toBeGreaterThan(12);
    const split = xmrChart(series, { polarity: 'lower-is-better', breaks: ['2019-01'] });
    expect(signals(split)).toEqual({});
    expect(split.segments.map((s) => [s.from, s.to, s.baseline?.mean, s.baseline?.mr_bar])).toEqual([
      ['2018-01', '2018-12', 11, 2],
      ['2019-01', '2019-12', 31, 2],
    ]);
    expect(split.baseline).toMatchObject({ from: '2019-01', to: '2019-12', mean: 31 });
    expect(split.rows[11]!.expected).toBe(11);
    expect(split.rows[12]!.expected).toBe(31);
    // a baseline asked across the break is clipped to each segment
    const clipped = xmrChart(series, { polarity: 'lower-is-better', breaks: ['2019-01'], baseline: { from: '2018-01', to: '2019-12' } });
    expect(clipped.segments.map((s) => s.baseline?.mean)).toEqual([11, 31]);
  });

  it('counts: the lower limit is drawn at the floor', () => {
    const r = xmrChart(months('2018-01', Array.from({ length: 12 }, (_, i) => (i % 2 ? 0 : 4))), { polarity: 'lower-is-better', floor: 0 });
    // mean 2, mR̄ 4: 2 − 10.64 < 0
    expect(r.rows[0]!.lower).toBe(0);
    expect(r.rows[0]!.upper).toBeCloseTo(12.64, 10);
  });
});

describe('seasonal XmR', () => {
  // Three years with a winter peak: Jan 120, Feb..Sep 100, Oct 110, Nov 140, Dec 130, plus noise [2, -1, 0, 1, -2]
  // by month number in the series; then 2019-01..2019-11 at the usual level of each month.
  const PATTERN = [120, 100, 100, 100, 100, 100, 100, 100, 100, 110, 140, 130];
  const NOISE = [2, -1, 0, 1, -2];
  const values = Array.from({ length: 47 }, (_, i) => PATTERN[i % 12]! + (i < 36 ? NOISE[i % 5]! : 0));
  const series = months('2016-01', values);

  it('a November at its usual level is common cause in seasonal mode, flagged without it', () => {
    const plain = xmrChart(series, { polarity: 'lower-is-better' });
    expect(plain.latest.month).toBe('2019-11');
    expect(plain.latest.variation).toBe('special-cause-concern');
    expect(plain.latest.signal).toBe('above');
    const seasonal = xmrChart(series, { polarity: 'lower-is-better', seasonal: true });
    expect(seasonal.method).toBe('xmr-seasonal');
    expect(seasonal.latest.variation).toBe('common-cause');
    // Novembers: 2016-11 (i = 10, noise 2), 2017-11 (i = 22, noise 0), 2018-11 (i = 34, noise -2), 2019-11 (140): mean 140
    expect(seasonal.segments[0]!.seasonal!['11']).toBe(140);
    // Januaries: 2016-01 (i = 0, +2), 2017-01 (i = 12, 0), 2018-01 (i = 24, -2), 2019-01 (120): mean 120
    expect(seasonal.segments[0]!.seasonal!['01']).toBe(120);
    const nov = seasonal.rows.at(-1)!;
    expect(nov.lower! < 140 && 140 < nov.upper!).toBe(true);
    // a November 40 above its usual level is flagged in seasonal mode too
    const high = xmrChart(months('2016-01', [...values.slice(0, 46), 180]), { polarity: 'lower-is-better', seasonal: true });
    expect(high.latest.signal).toBe('above');
  });

  it('fewer than 24 baseline months: not enough data for seasonal mode, and it says so', () => {
    const r = xmrChart(series, { polarity: 'lower-is-better', seasonal: true, baseline: { from: '2016-01', to: '2017-10' } });
    expect(r.baseline).toBeNull();
    expect(r.latest.variation).toBe('not-enough-data');
    expect(r.latest.why).toMatch(/at least 24 baseline months with data \(two full years\); January 2016 to October 2017 has 22/);
    expect(SPC.minSeasonalBaseline).toBe(24);
  });
});

describe('p-chart', () => {
  it('limits p̄ ± 3 √(p̄(1 − p̄)/n) and the rules on proportions', () => {
    // 12 months of 30 of 100 (p̄ = 0.3; sigma = √(0.21/100) = 0.04583; limits 0.1625 .. 0.4375), then 50 of 100
    const rows = [...Array.from({ length: 12 }, (_, i) => ({ month: `2018-${String(i + 1).padStart(2, '0')}`, k: i % 2 ? 28 : 32, n: 100 })), { month: '2019-01', k: 50, n: 100 }];
    const r = pChart(rows, { polarity: 'higher-is-better', baseline: { from: '2018-01', to: '2018-12' } });
    expect(r.baseline!.mean).toBeCloseTo(0.3, 12);
    expect(r.rows[0]!.upper).toBeCloseTo(0.3 + 3 * Math.sqrt(0.0021), 12);
    expect(r.rows.at(-1)!.signal).toBe('above');
    expect(r.latest.variation).toBe('special-cause-improvement');
    expect(r.latest.why).toMatch(/^January 2019 \(50%\) is above the expected range/);
  });
});
