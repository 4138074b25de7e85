import type { Significance } from './stats.ts';

export type Rag = 'red' | 'amber' | 'green' | 'grey';
export type Polarity = 'lower-is-better' | 'higher-is-better';

/** A significance result for a count (conditional binomial) or a rate (two-proportion z). */
export type AnySignificance = Significance | (Omit<Significance, 'test'> & { test: 'two-proportion-z' });

/**
 * Two-sided two-proportion z-test of k1/n1 (current) against k2/n2 (previous), pooled standard error.
 * @example proportionSignificance(45, 192, 30, 180) // { test: 'two-proportion-z', z: 1.63…, p_value: 0.10…, … }
 */
export function proportionSignificance(k1: number, n1: number, k2: number, n2: number, alpha = 0.05): AnySignificance {
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (k1 / n1 - k2 / n2) / se : 0;
  const p = se > 0 ? Math.min(1, erfc(Math.abs(z) / Math.SQRT2)) : 1;
  const significant = p < alpha;
  return { test: 'two-proportion-z', p_value: p, z, significant, direction: !significant ? 'none' : z > 0 ? 'up' : 'down' };
}

/** Complementary error function (Numerical Recipes erfcc, fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Red/amber/green from a significant change and the polarity: red = significantly worse, green = significantly
 * better or meeting the target, amber = no significant change; grey when there is not enough data.
 */
export function trendRag(polarity: Polarity, sig: AnySignificance | null, enough: boolean, meetsTarget?: boolean): Rag {
  if (!enough || !sig) return 'grey';
  if (meetsTarget) return 'green';
  if (!sig.significant) return 'amber';
  const worse = polarity === 'lower-is-better' ? sig.direction === 'up' : sig.direction === 'down';
  return worse ? 'red' : 'green';
}

/** Whether a value meets a target given the polarity (lower-is-better: at or below it). */
export const meets = (polarity: Polarity, value: number, target: number): boolean =>
  polarity === 'lower-is-better' ? value <= target : value >= target;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2014-01` -> `January 2014`. */
export const monthName = (ym: string): string => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;

/** 1 -> 1st, 2 -> 2nd, 11 -> 11th, 22 -> 22nd. */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

/** A whole number with thousands separators: 2837 -> 2,837. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

/** A percentage to one decimal place: 23.456 -> 23.5%. */
export const pct = (n: number): string => `${(Math.round(n * 10) / 10).toLocaleString('en-GB')}%`;

/**
 * The plain-English sentence for a count indicator.
 * @example countSummary({ label: 'Residential burglary', to: '2014-01', current: 2837, previous: 3502, significant: true, rank: 30, of: 32 })
 * // 'Residential burglary: 2,837 in the 12 months to January 2014, down 19% on the previous 12 months (significant); 30th of 32 London boroughs.'
 */
export function countSummary(p: {
  label: string;
  to: string;
  current: number;
  previous: number;
  significant: boolean;
  rank?: number | null;
  of?: number | null;
}): string {
  const change = p.current - p.previous;
  const trend =
    change === 0
      ? 'unchanged on the previous 12 months'
      : p.previous === 0
        ? `up from 0 in the previous 12 months`
        : `${change > 0 ? 'up' : 'down'} ${Math.round(Math.abs((100 * change) / p.previous))}% on the previous 12 months`;
  const sig = change === 0 ? '' : p.significant ? ' (significant)' : ' (not significant)';
  const rank = p.rank && p.of ? `; ${ordinal(p.rank)} of ${p.of} London boroughs` : '';
  return `${p.label}: ${fmt(p.current)} in the 12 months to ${monthName(p.to)}, ${trend}${sig}${rank}.`;
}

/**
 * The sentence for a rate (repeat victims, sanction detections): current and previous rates with their bases.
 * @example rateSummary({ label: 'Domestic abuse repeat victims', to: '2018-12', k: 45, n: 192, rate: 23.4, previous: 20.1, of: 'victims', significant: false })
 */
export function rateSummary(p: {
  label: string;
  to: string;
  k: number;
  n: number;
  rate: number;
  previous: number | null;
  of: string;
  significant: boolean;
}): string {
  const prev =
    p.previous === null
      ? ''
      : p.rate === p.previous
        ? `, unchanged on the previous 12 months`
        : `, ${p.rate > p.previous ? 'up' : 'down'} from ${pct(p.previous)} in the previous 12 months (${p.significant ? 'significant' : 'not significant'})`;
  return `${p.label}: ${pct(p.rate)} (${fmt(p.k)} of ${fmt(p.n)} ${p.of}) in the 12 months to ${monthName(p.to)}${prev}.`;
}
