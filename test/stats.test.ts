import { rollingSeries } from '../core/stats/rolling.ts';
import { describe, expect, it } from 'vitest';
import { significance } from '../core/stats/significance.ts';

describe('conditional binomial test and Wheeler z', () => {
  it('7 vs 2: p = 2 x P(X <= 2 | n = 9) = 2 x (1 + 9 + 36) / 512', () => {
    const s = significance(7, 2);
    expect(s.p_value).toBeCloseTo((2 * 46) / 512, 12);
    expect(s.z).toBeCloseTo(2 * (Math.sqrt(7) - Math.sqrt(2)), 12); // 2.46308
    expect(s).toMatchObject({ test: 'conditional-binomial', significant: false, direction: 'none' });
  });

  it('30 vs 30: no change, p = 1, z = 0', () => {
    expect(significance(30, 30)).toEqual({ test: 'conditional-binomial', p_value: 1, z: 0, significant: false, direction: 'none' });
  });

  it('0 vs 5: p = 2 x (1/2)^5 = 0.0625, z = -2 sqrt(5)', () => {
    const s = significance(0, 5);
    expect(s.p_value).toBeCloseTo(0.0625, 12);
    expect(s.z).toBeCloseTo(-2 * Math.sqrt(5), 12);
    expect(s.significant).toBe(false);
  });

  it('0 vs 6: p = 2/64 = 0.03125, significant and down', () => {
    const s = significance(0, 6);
    expect(s.p_value).toBeCloseTo(0.03125, 12);
    expect(s).toMatchObject({ significant: true, direction: 'down' });
  });

  it('12 vs 3 by hand: P(X <= 3 | n = 15) = (1 + 15 + 105 + 455) / 32768, p = 0.03516', () => {
    const s = significance(12, 3);
    expect(s.p_value).toBeCloseTo((2 * 576) / 32768, 12);
    expect(s).toMatchObject({ significant: true, direction: 'up' });
  });

  it('stays finite for large counts and agrees with the normal approximation', () => {
    const s = significance(5200, 5000);
    // normal approximation with continuity correction: z = (|a - n/2| - 0.5) / sqrt(n/4)
    const zNormal = (100 - 0.5) / Math.sqrt(10200 / 4);
    expect(s.p_value).toBeGreaterThan(0.04);
    expect(s.p_value).toBeLessThan(0.06);
    expect(zNormal).toBeCloseTo(1.97, 2); // p about 0.049
    expect(significance(0, 0).p_value).toBe(1);
    const huge = significance(60000, 50000).p_value;
    expect(huge).toBeGreaterThanOrEqual(0);
    expect(huge).toBeLessThan(1e-100);
  });
});

describe('ratePer1000: the one rate per 1,000 residents', () => {
  it('is count ÷ population × 1,000, by hand', async () => {
    const { ratePer1000, PER_1000 } = await import('../core/stats/rate.ts');
    expect(PER_1000).toBe(1000);
    expect(ratePer1000(25, 10_000)).toBe(2.5); // 25 / 10,000 = 0.0025 per resident
    expect(ratePer1000(0, 10_000)).toBe(0); // a real zero count is a rate of 0
    expect(ratePer1000(3, 7)).toBeCloseTo(428.571428571, 6); // 3000 / 7
  });
  it('is null (never 0 or NaN) without a count or a population', async () => {
    const { ratePer1000 } = await import('../core/stats/rate.ts');
    expect(ratePer1000(null, 10_000)).toBeNull();
    expect(ratePer1000(25, null)).toBeNull();
    expect(ratePer1000(25, 0)).toBeNull();
    expect(ratePer1000(0, 0)).toBeNull();
  });
});

describe('rollingSeries: the monthly series with its rolling 12-month sum (core/stats/rolling.ts)', () => {
  // 2017-02..2018-02 covered with counts 1..13 except 2017-09 (a gap); the window asked for is 2018-01..2018-03
  const covered = ['2017-02', '2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-08', '2017-10', '2017-11', '2017-12', '2018-01', '2018-02']
    .map((month, i) => ({ month, count: i + 1 }));
  it('a gap is null, never 0, and a rolling sum over it is null', () => {
    expect(rollingSeries(covered, '2018-01', '2018-03')).toEqual([
      { month: '2018-01', count: 11, rolling_12m: null },
      { month: '2018-02', count: 12, rolling_12m: null },
      { month: '2018-03', count: null, rolling_12m: null },
    ]);
  });
  it('sums the 12 months to each month when all are covered (a covered zero counts)', () => {
    const full = [...covered.slice(0, 7), { month: '2017-09', count: 0 }, ...covered.slice(7)];
    // 2017-03..2018-02: 2+3+4+5+6+7+0+8+9+10+11+12 = 77; 2017-02..2018-01: 1+2+...+7+0+8+...+11 = 66
    expect(rollingSeries(full, '2018-01', '2018-02')).toEqual([
      { month: '2018-01', count: 11, rolling_12m: 66 },
      { month: '2018-02', count: 12, rolling_12m: 77 },
    ]);
  });
  it('no months when from is after to', () => {
    expect(rollingSeries(covered, '2018-03', '2018-01')).toEqual([]);
  });
});
