/**
 * The rate per 1,000 residents: the one implementation of the concept (DOMAIN.md), used by the API, the funnel and
 * Poisson intervals, and the dashboard's charts.
 */

/** Rates are per this many residents. */
export const PER_1000 = 1000;

/**
 * count ÷ population × 1,000; null (no rate, never 0 or NaN) when the count is null or there is no population
 * (null or 0). Whether the window is complete is the caller's rule: a caller that serves a rate only for a
 * complete window checks it before calling.
 * @example ratePer1000(25, 10_000) // 2.5
 * @example ratePer1000(25, 0) // null
 * @example ratePer1000(null, 10_000) // null
 */
export function ratePer1000(count: number | null, population: number | null): number | null {
  if (count === null || !population) return null;
  return (count / population) * PER_1000;
}
