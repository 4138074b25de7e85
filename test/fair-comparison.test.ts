import { describe, expect, it } from 'vitest';
import { londonRateOf, poissonFunnel, proportionFunnel, vsLondon, vsLondonShare } from '../core/stats/funnel.ts';
import { poissonInterval, rateCi95 } from '../core/stats/poisson.ts';

describe('exact (Garwood) Poisson intervals', () => {
  it('match published values', () => {
    // the values the issue quotes (and every table of exact Poisson limits): 0 → 0..3.689, 10 → 4.795..18.39
    const [lo0, hi0] = poissonInterval(0);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(3.689, 3);
    const [lo10, hi10] = poissonInterval(10);
    expect(lo10).toBeCloseTo(4.795, 3);
    expect(hi10).toBeCloseTo(18.39, 2);
    // 5: from the chi-square table, χ²(0.025; 10) = 3.247 and χ²(0.975; 12) = 23.337, halved: 1.6235 .. 11.6685
    const [lo5, hi5] = poissonInterval(5);
    expect(lo5).toBeCloseTo(3.247 / 2, 3);
    expect(hi5).toBeCloseTo(23.337 / 2, 3);
    // 1: χ²(0.025; 2) = 0.0506 and χ²(0.975; 4) = 11.143, halved: 0.0253 .. 5.5716
    expect(poissonInterval(1)[0]).toBeCloseTo(0.0506 / 2, 4);
    expect(poissonInterval(1)[1]).toBeCloseTo(11.143 / 2, 3);
    expect(() => poissonInterval(-1)).toThrow(/whole number/);
    expect(() => poissonInterval(2.5)).toThrow(/whole number/);
  });

  it('rate_ci95 per 1,000 residents: the count interval over the population', () => {
    const [lo, hi] = rateCi95(10, 100_000)!;
    expect(lo).toBeCloseTo(0.04795, 5);
    expect(hi).toBeCloseTo(0.1839, 4);
    expect(rateCi95(10, null)).toBeNull();
    expect(rateCi95(null, 1000)).toBeNull();
  });
});

describe('funnel limits around the London rate', () => {
  it('Poisson: the count at a limit is the one whose exact interval just reaches the expected count', () => {
    // E = 4.7955 (= χ²(0.025; 20) / 2 = 9.591 / 2: the lower 95% limit of 10) expected in 1,000 residents at 4.7955
    // per 1,000: its upper 95% count limit is 10, i.e. 10 per 1,000
    expect(poissonFunnel(4.7955, 1000, 0.95).upper).toBeCloseTo(10, 2);
    // E = 18.39 (= χ²(0.975; 22) / 2 = 36.781 / 2: the upper 95% limit of 10): its lower 95% count limit is 10
    expect(poissonFunnel(18.3905, 1000, 0.95).lower).toBeCloseTo(10, 2);
    // a large population: close to the normal approximation r ± z √(E) / N × 1,000 (z = 3.09 at 99.8%)
    const big = poissonFunnel(9, 300_000, 0.998);
    expect(big.upper).toBeCloseTo(9 + (3.09 * Math.sqrt(2700)) / 300, 1);
    expect(big.lower).toBeCloseTo(9 - (3.09 * Math.sqrt(2700)) / 300, 1);
    // 99.8% limits lie outside the 95% ones
    const n95 = poissonFunnel(9, 50_000, 0.95);
    const n998 = poissonFunnel(9, 50_000, 0.998);
    expect(n998.lower < n95.lower && n95.upper < n998.upper).toBe(true);
  });

  it('proportions: p0 ± z √(p0 (1 − p0) / n)', () => {
    // 0.3 ± 1.96 × √(0.21 / 100) = 0.3 ± 0.0898
    const f = proportionFunnel(0.3, 100, 0.95);
    expect(f.lower).toBeCloseTo(0.2102, 4);
    expect(f.upper).toBeCloseTo(0.3898, 4);
    expect(proportionFunnel(0.1, 20, 0.998).lower).toBe(0);
    expect(vsLondonShare(45, 100, 0.3)).toEqual({ vs_london: 'higher', vs_london_95: 'higher' });
    expect(vsLondonShare(38, 100, 0.3)).toEqual({ vs_london: 'similar', vs_london_95: 'similar' });
  });

  it('vs_london for a constructed borough: 10,000 residents, London 10 per 1,000, so 100 expected', () => {
    // 125: 95% interval 104.0 .. 148.9 excludes 100, 99.8% interval 93.3 .. 163.6 does not
    expect(vsLondon(125, 10_000, 10)).toEqual({ vs_london: 'similar', vs_london_95: 'higher' });
    // 140: 99.8% interval 106.3 .. 180.6 excludes 100
    expect(vsLondon(140, 10_000, 10)).toEqual({ vs_london: 'higher', vs_london_95: 'higher' });
    // 75: 95% 59.0 .. 94.0 (lower), 99.8% 51.1 .. 105.8 (similar); 60: 99.8% 38.9 .. 88.0 (lower)
    expect(vsLondon(75, 10_000, 10)).toEqual({ vs_london: 'similar', vs_london_95: 'lower' });
    expect(vsLondon(60, 10_000, 10)).toEqual({ vs_london: 'lower', vs_london_95: 'lower' });
    expect(vsLondon(100, 10_000, 10)).toEqual({ vs_london: 'similar', vs_london_95: 'similar' });
    expect(vsLondon(100, null, 10)).toEqual({ vs_london: null, vs_london_95: null });
    // the verdict agrees with the funnel: 12.5 per 1,000 is above the 95% upper limit (12.06), below the 99.8% one (13.28)
    expect(poissonFunnel(10, 10_000, 0.95).upper).toBeLessThan(12.5);
    expect(poissonFunnel(10, 10_000, 0.998).upper).toBeGreaterThan(12.5);
  });

  it('the London rate: over complete windows only, the borough itself included', () => {
    const rows = [
      { count: 100, population: 10_000, complete: true },
      { count: 300, population: 20_000, complete: true },
      { count: 5, population: 10_000, complete: false },
    ];
    // (100 + 300) / 30,000 × 1,000
    expect(londonRateOf(rows)).toBeCloseTo(13.3333, 4);
    expect(londonRateOf([])).toBeNull();
  });
});
