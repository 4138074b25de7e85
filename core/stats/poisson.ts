/**
 * Exact (Garwood) Poisson confidence intervals, from the gamma distribution: for a count k, the two-sided
 * 100(1 - α)% interval is [Γ⁻¹(α/2; k), Γ⁻¹(1 - α/2; k + 1)] (= [χ²(α/2; 2k)/2, χ²(1 - α/2; 2k + 2)/2]), with
 * Γ⁻¹(p; a) the inverse of the regularized lower incomplete gamma function P(a, x) (@stdlib).
 */
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import { PER_1000 } from './rate.ts';

/**
 * The exact Poisson interval for an observed count (default 95%); the lower limit of 0 is 0.
 * @example poissonInterval(0) // [0, 3.689]
 * @example poissonInterval(10) // [4.795, 18.39]
 * @example poissonInterval(10, 0.998) // [2.961, 24.13]
 */
export function poissonInterval(count: number, level = 0.95): [number, number] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`a Poisson count must be a whole number >= 0, not ${count}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`a confidence level must be between 0 and 1, not ${level}`);
  const key = `${level}|${count}`;
  let got = INTERVALS.get(key);
  if (!got) {
    const alpha = 1 - level;
    got = [count === 0 ? 0 : gammaincinv(alpha / 2, count), gammaincinv(1 - alpha / 2, count + 1)];
    // a bounded memo: a scorecard asks the same few counts several times (the rate's interval, both funnel levels),
    // and each inverse gamma costs tens of microseconds
    if (INTERVALS.size >= 8192) INTERVALS.clear();
    INTERVALS.set(key, got);
  }
  return [got[0], got[1]];
}

/** Intervals already worked out, by level and count (the function is pure: the same numbers either way). */
const INTERVALS = new Map<string, readonly [number, number]>();

/**
 * The exact 95% Poisson interval of a rate per `per` (default 1,000) residents: the count's interval divided by
 * the population. Null without a population (or with a population of 0).
 * @example rateCi95(10, 100_000) // [0.04795, 0.1839] per 1,000
 */
export function rateCi95(count: number | null, population: number | null, per = PER_1000): [number, number] | null {
  if (count === null || population === null || !(population > 0)) return null;
  const [lo, hi] = poissonInterval(count, 0.95);
  return [(lo / population) * per, (hi / population) * per];
}
