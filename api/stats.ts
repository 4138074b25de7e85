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
