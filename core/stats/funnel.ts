/**
 * Funnel-plot limits around a comparator (Spiegelhalter 2005; Public Health England's Fingertips methods):
 * - rates (counts over a population): exact Poisson limits around the expected count E = comparator rate x
 *   population. A count O is beyond the upper 100(1 - α)% limit when P(X >= O | E) < α/2 and beyond the lower one
 *   when P(X <= O | E) < α/2 (equivalently: the exact interval of O excludes E). The continuous limit U solves
 *   P(U, E) = α/2 and L solves P(L + 1, E) = 1 - α/2, P the regularized lower incomplete gamma function;
 * - proportions (k of n): p0 ± z √(p0 (1 - p0) / n), the values whose Wilson score interval just touches p0
 *   (what Fingertips' proportion funnels draw), clamped to 0..1.
 * 95% limits are "2 sigma" (z 1.96), 99.8% limits "3 sigma" (z 3.09); only beyond 99.8% is an area called
 * higher or lower than the comparator.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import { poissonInterval } from './poisson.ts';
import { PER_1000 } from './rate.ts';

export type VsLondon = 'higher' | 'lower' | 'similar';
export type FunnelLevel = 0.95 | 0.998;
/** The standard normal quantile for each funnel level's two-sided tail. */
const Z: Record<FunnelLevel, number> = { 0.95: 1.959963984540054, 0.998: 3.090232306167813 };

/**
 * What the London rate is computed from, as served beside `vs_london`: one comparator for every borough (so one
 * funnel), the borough itself included, as Fingertips compares an area with England including it.
 */
export const LONDON_BASIS =
  'London rate over every borough with a complete 12-month window, the borough itself included (as Fingertips compares an area with England); vs_london from the 99.8% and vs_london_95 from the 95% exact Poisson funnel limits for the borough population';

/** The a with P(a, x) = p (P decreasing in a), by bisection. */
function shapeFor(p: number, x: number): number {
  let lo = 1e-12;
  let hi = x + 40 * Math.sqrt(x) + 40;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (gammainc(x, mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact Poisson funnel limits for a rate per `per` residents (default 1,000) around the comparator `rate`, for a
 * population, at 95% or 99.8%.
 * @example poissonFunnel(0.04795389, 100_000, 0.95) // upper ≈ 0.1 per 1,000: E = 4.795, whose 95% upper count limit is 10
 */
export function poissonFunnel(rate: number, population: number, level: FunnelLevel, per = PER_1000): { lower: number; upper: number } {
  const expected = (rate * population) / per;
  const alpha = 1 - level;
  if (expected <= 0) return { lower: 0, upper: 0 };
  const upper = shapeFor(alpha / 2, expected);
  const lower = Math.max(0, shapeFor(1 - alpha / 2, expected) - 1);
  return { lower: (lower / population) * per, upper: (upper / population) * per };
}

/**
 * A count compared with the comparator rate for its population: higher / lower when its exact Poisson interval
 * excludes the expected count, at 99.8% (`vs_london`) and at 95% (`vs_london_95`). Null inputs give nulls.
 * @example vsLondon(150, 100_000, 1.0) // expected 100: { vs_london: 'higher', vs_london_95: 'higher' }
 */
export function vsLondon(count: number | null, population: number | null, londonRate: number | null, per = PER_1000) {
  if (count === null || population === null || londonRate === null || !(population > 0))
    return { vs_london: null, vs_london_95: null } as const;
  const expected = (londonRate * population) / per;
  const verdict = (level: FunnelLevel): VsLondon => {
    const [lo, hi] = poissonInterval(count, level);
    return lo > expected ? 'higher' : hi < expected ? 'lower' : 'similar';
  };
  return { vs_london: verdict(0.998), vs_london_95: verdict(0.95) };
}

/**
 * Funnel limits for a proportion (0..1) around the comparator proportion `p0` for a denominator n.
 * @example proportionFunnel(0.3, 100, 0.95) // { lower: 0.2102, upper: 0.3898 }
 */
export function proportionFunnel(p0: number, n: number, level: FunnelLevel): { lower: number; upper: number } {
  const half = Z[level] * Math.sqrt((p0 * (1 - p0)) / n);
  return { lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half) };
}

/**
 * A proportion k of n compared with the comparator proportion p0 at 99.8% and 95%.
 * @example vsLondonShare(45, 100, 0.3) // { vs_london: 'higher', vs_london_95: 'higher' }
 */
export function vsLondonShare(k: number | null, n: number | null, p0: number | null) {
  if (k === null || n === null || p0 === null || !(n > 0)) return { vs_london: null, vs_london_95: null } as const;
  const verdict = (level: FunnelLevel): VsLondon => {
    const { lower, upper } = proportionFunnel(p0, n, level);
    const p = k / n;
    return p > upper ? 'higher' : p < lower ? 'lower' : 'similar';
  };
  return { vs_london: verdict(0.998), vs_london_95: verdict(0.95) };
}

/**
 * The comparator rate per `per` residents over the rows with a complete window and a population.
 * @example londonRateOf([{ count: 10, population: 1000, complete: true }]) // 10
 */
export function londonRateOf(rows: { count: number | null; population: number | null; complete: boolean }[], per = PER_1000): number | null {
  const ok = rows.filter((r) => r.complete && r.count !== null && r.population !== null && r.population > 0);
  const pop = ok.reduce((s, r) => s + r.population!, 0);
  return pop > 0 ? (ok.reduce((s, r) => s + r.count!, 0) / pop) * per : null;
}

/**
 * Points along the funnel from `minPopulation` to `maxPopulation` (geometric steps), for a chart.
 * @example funnelCurve(9.05, 150_000, 400_000) // [{ population, lower95, upper95, lower998, upper998 }, …]
 */
export function funnelCurve(rate: number, minPopulation: number, maxPopulation: number, points = 60, per = PER_1000) {
  const lo = Math.max(1, minPopulation);
  const ratio = Math.pow(Math.max(maxPopulation, lo + 1) / lo, 1 / (points - 1));
  return Array.from({ length: points }, (_, i) => {
    const population = lo * Math.pow(ratio, i);
    const a = poissonFunnel(rate, population, 0.95, per);
    const b = poissonFunnel(rate, population, 0.998, per);
    return { population, lower95: a.lower, upper95: a.upper, lower998: b.lower, upper998: b.upper };
  });
}
