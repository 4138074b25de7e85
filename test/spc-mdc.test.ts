/**
 * SPC as Making Data Count advises (issue 22): limits from a baseline (the first 20 months), recalculated at a
 * sustained shift, moving-range screening and the two-of-three rule as NHS-R's NHSRplotthedots does them, held
 * against the peer's own test vectors (test/spc-oracle.ts PEER). Expected figures are worked by hand or in plain
 * loops over the generated data.
 */
import { describe, expect, it } from 'vitest';
import { SPC, spcRules, xmrChart } from '../core/stats/spc.ts';
import { monthsFrom } from './helpers.ts';
import { PEER } from './spc-oracle.ts';

/** A seeded PRNG (mulberry32): the same series on every machine. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** A Poisson count with mean `lambda` (Knuth's multiplication method). */
function poisson(random: () => number, lambda: number) {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > limit);
  return k - 1;
}
/** 170 months from January 2010 of Poisson counts, mean 100 (or `late` from the 90th month, index 89: June 2017). */
function series(seed: number, late = 100) {
  const random = mulberry32(seed);
  return Array.from({ length: 170 }, (_, i) => poisson(random, i >= 89 ? late : 100));
}
const sum = (xs: number[]) => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};
/** Points for the rules with a flat centre 0, sigma 1 and limits ±3 (`spcRules`'s input). */
const flat = (values: number[], centre = 0, sigma = 1, limit = 3 * sigma) =>
  monthsFrom('2020-01', values).map(({ month, count }) => ({ month, value: count, centre, sigma, lower: centre - limit, upper: centre + limit }));

describe("the peer's test vectors (NHSRplotthedots)", () => {
  let compared = 0;
  let agreed = 0;
  const tally = (got: number[], want: readonly number[]) => {
    compared += want.length;
    agreed += want.filter((w, i) => w === got[i]).length;
  };

  it('a shift: 7 or more on one side of the mean, every point of the run marked', () => {
    for (const v of PEER.shift) {
      const got = spcRules(flat(v.side.map((s) => 0.5 * s))).map((m) => (m.signal?.startsWith('shift') ? 1 : 0));
      tally(got, v.part);
      expect(got, JSON.stringify(v.side)).toEqual(v.part);
    }
  });

  it('a trend: 7 each higher (lower) than the one before, a tie breaking it', () => {
    for (const v of PEER.trend) {
      // a centre midway (no 7 on one side) and wide limits: only the trend rule can mark
      const centre = (Math.min(...v.y) + Math.max(...v.y)) / 2;
      const marks = spcRules(flat([...v.y], centre, 100));
      const got = marks.map((m) => (m.signal?.startsWith('trend') ? 1 : 0));
      tally(got, v.part);
      expect(got, JSON.stringify(v.y)).toEqual(v.part);
      // the direction: rising for 1..7, falling for 7..1
      const dir = v.y.at(-2)! < v.y.at(-3)! ? 'trend-down' : 'trend-up';
      expect(marks.filter((m) => m.signal !== null).every((m) => m.signal === dir)).toBe(true);
    }
  });

  it('two of three: close to the limit (2 to 3 sigma) and all three on one side of the mean', () => {
    for (const v of PEER.twoOfThree) {
      // close: 2.5 sigma; not close: 0.5 sigma; on the side given
      const got = spcRules(flat(v.close.map((c, i) => v.side[i]! * (c ? 2.5 : 0.5)))).map((m) => (m.signal?.startsWith('two-of-three') ? 1 : 0));
      tally(got, v.part);
      expect(got, JSON.stringify(v)).toEqual(v.part);
    }
  });

  it('limits from mean ± 2.66 mR̄ with moving ranges of 3.267 mR̄ or more screened out (ptd_spc_standard snapshot)', () => {
    const { y, r1, r2, r3 } = PEER.limits;
    const run = (values: number[], screen: boolean) => xmrChart(monthsFrom('2020-01', values), { polarity: 'higher-is-better', screen });
    const spiked = y.map((v, i) => (i === 14 ? 10 : v));
    for (const [chart, want] of [[run([...y], true), r1], [run(spiked, true), r2], [run(spiked, false), r3]] as const) {
      expect(chart.segments).toHaveLength(1);
      const got = [chart.baseline!.mean, chart.rows[0]!.lower!, chart.rows[0]!.upper!];
      const expected = [want.mean, want.lpl, want.upl];
      // the snapshot prints 7 significant digits
      tally(got.map((g, i) => (Math.abs(g - expected[i]!) < 5e-6 * Math.max(1, Math.abs(expected[i]!)) ? 1 : 0)), [1, 1, 1]);
      got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 5));
      if ('side' in want) {
        const side = chart.rows.slice(0, want.side.length).map((r) => Math.sign(r.count! - r.expected!));
        tally(side, want.side);
        expect(side).toEqual(want.side);
      }
    }
    // the 10 is left out of mR̄ by screening: two moving ranges screened
    expect(run(spiked, true).baseline!.screened).toBe(2);
  });

  it('two points close to the limits on opposite sides of the mean are common cause', () => {
    const chart = xmrChart(monthsFrom('2020-01', [...PEER.opposite.y]), { polarity: 'higher-is-better' });
    const got = chart.rows.slice(-2).map((r) => (r.signal === null ? 'common_cause' : r.signal));
    tally(got.map((g, i) => (g === PEER.opposite.lastTwo[i] ? 1 : 0)), [1, 1]);
    expect(got).toEqual(PEER.opposite.lastTwo);
  });

  it('every compared point agrees with the peer', () => {
    // 31 shift + 45 trend + 55 two-of-three points, 9 limits and 29 sides, 2 opposite-side points
    expect(compared).toBe(171);
    expect(agreed).toBe(compared);
  });
});

describe('baselines and recalculation (Making Data Count)', () => {
  it('a stable Poisson series of 170 months: limits from the first 20, few months flagged', () => {
    const shares: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const xs = series(seed);
      const chart = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0 });
      // the first segment's limits come from its first 20 months, by hand
      const first = chart.segments[0]!;
      expect(first.baseline).toMatchObject({ from: '2010-01', to: '2011-08', months: 20, asked: false });
      expect(first.baseline!.mean).toBeCloseTo(sum(xs.slice(0, 20)) / 20, 10);
      expect(first.centre).toBeCloseTo(sum(xs.slice(0, 20)) / 20, 10);
      shares.push(chart.rows.filter((r) => r.signal !== null).length / xs.length);
    }
    // on average well under 10% (the rules' own false-alarm rate with the true mean known is about 7%: runs of 7 on
    // one side happen by chance); no seed near the 126–134 of 170 flagged before
    expect(sum(shares) / shares.length).toBeLessThan(0.1);
    expect(shares.filter((s) => s < 0.1).length).toBeGreaterThanOrEqual(14);
    expect(Math.max(...shares)).toBeLessThan(0.25);
  });

  it('a step from 100 to 140 in June 2017 is detected as a shift and the limits recalculated after it', () => {
    for (const seed of [3, 4, 5]) {
      const xs = series(seed, 140);
      const chart = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0 });
      expect(chart.segments, `seed ${seed}`).toHaveLength(2);
      const [before, after] = chart.segments as [(typeof chart.segments)[0], (typeof chart.segments)[0]];
      // by hand: the old centre is the mean of the first 20 months; the shift starts where the run of months above it
      // that holds June 2017 (index 89) begins
      const oldMean = sum(xs.slice(0, 20)) / 20;
      let first = 89;
      while (first > 0 && xs[first - 1]! > oldMean) first--;
      const start = monthsFrom('2010-01', xs)[first]!.month;
      expect(after).toMatchObject({ from: start, starts: 'shift', shift: { first: start, direction: 'up' } });
      expect(after.shift!.length).toBeGreaterThanOrEqual(SPC.shift);
      expect(after.shift!.previous_centre).toBeCloseTo(oldMean, 10);
      expect(before.to < start && before.centre).toBeCloseTo(oldMean, 10);
      // the new limits: the mean of the 20 months from the run's first month, about 140
      const newMean = sum(xs.slice(first, first + 20)) / 20;
      expect(after.baseline!.mean).toBeCloseTo(newMean, 10);
      expect(Math.abs(newMean - 140)).toBeLessThan(8);
      expect(chart.rows.at(-1)!.expected).toBeCloseTo(newMean, 10);
      // without recalculation every month from the step on would be flagged against the old limits
      const fixed = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0, recalculate: false });
      expect(fixed.rows.slice(89).every((r) => r.signal !== null)).toBe(true);
      expect(chart.rows.slice(first).filter((r) => r.signal !== null).length).toBeLessThan(0.15 * (170 - first));
    }
  });

  it('a run that began a few months before the step: the short segment it would leave is folded back', () => {
    // seed 1: the months above the old mean begin in January 2017, five months before the step; limits from January
    // (5 months at 100, 15 at 140) would be shifted again in June, leaving a 5-month segment without limits (fewer
    // than 12 months): the change starts in June instead and January..May keep the old limits
    const xs = series(1, 140);
    const oldMean = sum(xs.slice(0, 20)) / 20;
    let first = 89;
    while (first > 0 && xs[first - 1]! > oldMean) first--;
    expect(monthsFrom('2010-01', xs)[first]!.month).toBe('2017-01');
    const chart = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0 });
    expect(chart.segments.map((s) => [s.from, s.to, s.starts])).toEqual([
      ['2010-01', '2017-05', 'start'],
      ['2017-06', '2024-02', 'shift'],
    ]);
    expect(chart.segments[0]!.centre).toBeCloseTo(oldMean, 10);
    expect(chart.segments[1]!.shift).toMatchObject({ first: '2017-06', direction: 'up' });
    expect(chart.segments[1]!.shift!.previous_centre).toBeCloseTo(oldMean, 10);
    expect(chart.segments[1]!.baseline!.mean).toBeCloseTo(sum(xs.slice(89, 109)) / 20, 10);
  });

  it('an asked baseline wins: no recalculation within it', () => {
    const xs = series(3, 140);
    const chart = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0, baseline: { from: '2010-01', to: '2011-12' } });
    expect(chart.segments).toHaveLength(1);
    expect(chart.baseline).toMatchObject({ from: '2010-01', to: '2011-12', months: 24, asked: true });
    expect(chart.baseline!.mean).toBeCloseTo(sum(xs.slice(0, 24)) / 24, 10);
  });

  it('a series break restarts the limits from the first 20 months after it', () => {
    const xs = series(4);
    const chart = xmrChart(monthsFrom('2010-01', xs), { polarity: 'lower-is-better', floor: 0, breaks: ['2015-01'], recalculate: false });
    expect(chart.segments.map((s) => [s.from, s.starts, s.baseline!.from, s.baseline!.to])).toEqual([
      ['2010-01', 'start', '2010-01', '2011-08'],
      ['2015-01', 'break', '2015-01', '2016-08'],
    ]);
    expect(chart.segments[1]!.baseline!.mean).toBeCloseTo(sum(xs.slice(60, 80)) / 20, 10);
  });
});

describe('moving-range screening, by hand', () => {
  // 20 months alternating 10, 12 with one huge outlier, 60 in place of the 11th (a 10): 17 moving ranges of 2 and two
  // of 48; mean of the 20: (10 × 10 + 10 × 12 − 10 + 60) ÷ 20 = 13.5
  const xs = Array.from({ length: 20 }, (_, i) => (i === 10 ? 60 : i % 2 ? 12 : 10));
  it('screened: the two 48s (≥ 3.267 × 130/19 = 22.35) are left out, mR̄ = 2, limits 13.5 ± 5.32', () => {
    const chart = xmrChart(monthsFrom('2018-01', xs), { polarity: 'lower-is-better' });
    expect(chart.baseline).toMatchObject({ mean: 13.5, mr_bar: 2, screened: 2, months: 20 });
    expect(chart.rows[0]!.lower).toBeCloseTo(13.5 - 5.32, 10);
    expect(chart.rows[0]!.upper).toBeCloseTo(13.5 + 5.32, 10);
    expect(chart.rows[10]!.signal).toBe('above');
  });
  it('unscreened: mR̄ = 130/19 = 6.842, limits 13.5 ± 18.2', () => {
    const chart = xmrChart(monthsFrom('2018-01', xs), { polarity: 'lower-is-better', screen: false });
    expect(chart.baseline).toMatchObject({ mean: 13.5, screened: 0 });
    expect(chart.baseline!.mr_bar).toBeCloseTo(130 / 19, 12);
    expect(chart.rows[0]!.upper).toBeCloseTo(13.5 + (2.66 * 130) / 19, 10);
  });
});

describe('two of three, by hand', () => {
  // baseline 2018 alternating 12, 10: mean 11, mR̄ 2, limits 11 ± 5.32 = 5.68 .. 16.32, sigma 2.66 × 2 ÷ 3 = 1.7733,
  // 2 sigma lines 11 ± 3.5467 = 7.4533 .. 14.5467
  const BASE = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 12 : 10));
  const run = (tail: number[]) => {
    const chart = xmrChart(monthsFrom('2018-01', [...BASE, ...tail]), { polarity: 'lower-is-better', baseline: { from: '2018-01', to: '2018-12' } });
    return chart.rows.slice(12).map((r) => r.signal);
  };
  it('two close above with the third above the mean: both marked', () => {
    expect(run([15, 11.5, 15])).toEqual(['two-of-three-up', null, 'two-of-three-up']);
    expect(run([15, 15.5, 12])).toEqual(['two-of-three-up', 'two-of-three-up', null]);
    expect(run([7, 10, 7])).toEqual(['two-of-three-down', null, 'two-of-three-down']);
  });
  it('the third below the mean: no signal (the peer since 2022; the product flagged it before)', () => {
    expect(run([15, 10.5, 15])).toEqual([null, null, null]);
  });
  it('a point beyond the limit is not "close": it is marked above, the other close one alone is not', () => {
    expect(run([15, 17, 11.5])).toEqual([null, 'above', null]);
  });
});
