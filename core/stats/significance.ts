/** The significance of a change between two counts, as served in `significance`. */
export interface Significance {
  test: 'conditional-binomial';
  p_value: number;
  z: number;
  significant: boolean;
  direction: 'up' | 'down' | 'none';
}

/**
 * Exact two-sided conditional binomial test of `current` against `previous`: under no change,
 * current ~ Binomial(current + previous, 1/2); p = min(1, 2 P(X <= min(current, previous))).
 * Also Wheeler's Poisson z = 2(sqrt(current) - sqrt(previous)).
 * @example significance(7, 2) // p_value 0.1797 (= 2 x 46/512), z 2.4631
 */
export function significance(current: number, previous: number, alpha = 0.05): Significance {
  const p = binomialTwoSided(current, previous);
  const significant = p < alpha;
  return {
    test: 'conditional-binomial',
    p_value: p,
    z: 2 * (Math.sqrt(current) - Math.sqrt(previous)),
    significant,
    direction: !significant ? 'none' : current > previous ? 'up' : 'down',
  };
}

function binomialTwoSided(a: number, b: number): number {
  if (a === b) return 1;
  const n = a + b;
  const k = Math.min(a, b);
  // log C(n, k), then sum C(n, i) for i = k..0 relative to C(n, k): C(n, i-1) / C(n, i) = i / (n - i + 1)
  let logCk = 0;
  for (let i = 1; i <= k; i++) logCk += Math.log(n - i + 1) - Math.log(i);
  let term = 1;
  let sum = 1;
  for (let i = k; i >= 1; i--) {
    term *= i / (n - i + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, 2 * Math.exp(logCk - n * Math.LN2 + Math.log(sum)));
}

/** A two-proportion result: the same shape as a count's significance. */
export type ProportionSignificance = Omit<Significance, 'test'> & { test: 'two-proportion-z' };

/**
 * Two-sided two-proportion z-test of k1/n1 (current) against k2/n2 (previous), pooled standard error.
 * @example proportionSignificance(45, 192, 30, 180) // { test: 'two-proportion-z', z: 1.63…, p_value: 0.10…, … }
 */
export function proportionSignificance(k1: number, n1: number, k2: number, n2: number, alpha = 0.05): ProportionSignificance {
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

