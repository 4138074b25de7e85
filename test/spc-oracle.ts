/**
 * The tests' own reading of the Making Data Count rules (docs/statistics.md "Rules for special cause"; core/stats/spc.ts), in
 * plain loops, for the latest point of one unbroken run of months with no gap: the independent route to the
 * `latest.variation` an SPC answer must give.
 *
 * 1. beyond a process limit; 2. a shift: 7 or more consecutive points on the same side of the centre (a point on it
 * breaks the run); 3. a trend: 7 or more consecutive points each higher (lower) than the one before (a tie breaks
 * it); 4. two of three consecutive points more than 2 sigma from the centre on the same side (the two marked).
 * The first rule that marks the latest point gives its direction.
 */
export interface OraclePoint {
  value: number;
  centre: number;
  sigma: number;
  lower: number;
  upper: number;
}

export type Direction = 'up' | 'down';

/** The rule and direction that mark the last point, or null (common cause). */
export function latestSignal(points: OraclePoint[]): { rule: 'limit' | 'shift' | 'trend' | 'two-of-three'; direction: Direction } | null {
  const n = points.length;
  const last = points[n - 1]!;
  const e = (i: number) => points[i]!.value - points[i]!.centre;
  // 1. beyond a limit
  if (last.value > last.upper) return { rule: 'limit', direction: 'up' };
  if (last.value < last.lower) return { rule: 'limit', direction: 'down' };
  // 2. shift: the run of points on the last point's side, counted back from it
  const side = (i: number) => (Math.abs(e(i)) < 1e-9 ? 0 : Math.sign(e(i)));
  if (side(n - 1) !== 0) {
    let len = 1;
    while (n - 1 - len >= 0 && side(n - 1 - len) === side(n - 1)) len++;
    if (len >= 7) return { rule: 'shift', direction: side(n - 1) > 0 ? 'up' : 'down' };
  }
  // 3. trend: points each strictly higher (lower) than the one before, counted back from the last
  for (const dir of [1, -1]) {
    let len = 1;
    while (n - 1 - len >= 0 && dir * (e(n - len) - e(n - 1 - len)) > 1e-9) len++;
    if (len >= 7) return { rule: 'trend', direction: dir > 0 ? 'up' : 'down' };
  }
  // 4. two of three: the last point only sits in the last window of three; it is marked when it is one of the two
  if (n >= 3) {
    for (const dir of [1, -1]) {
      const far = (i: number) => dir * e(i) > 2 * points[i]!.sigma;
      if (far(n - 1) && (far(n - 2) || far(n - 3))) return { rule: 'two-of-three', direction: dir > 0 ? 'up' : 'down' };
    }
  }
  return null;
}

/** The variation the latest point gives, judged with the polarity. */
export function latestVariation(points: OraclePoint[], polarity: 'lower-is-better' | 'higher-is-better') {
  const s = latestSignal(points);
  if (!s) return 'common-cause';
  const good = (s.direction === 'down') === (polarity === 'lower-is-better');
  return good ? 'special-cause-improvement' : 'special-cause-concern';
}

/** XmR points: centre = mean, mR̄ = mean |xᵢ − xᵢ₋₁|, limits = mean ± 2.66 mR̄ (lower floored), sigma = mR̄ ÷ 1.128. */
export function xmrPoints(xs: number[], floor = 0): OraclePoint[] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  let sum = 0;
  for (let i = 1; i < xs.length; i++) sum += Math.abs(xs[i]! - xs[i - 1]!);
  const mr = sum / (xs.length - 1);
  return xs.map((value) => ({ value, centre: m, sigma: mr / 1.128, lower: Math.max(floor, m - 2.66 * mr), upper: m + 2.66 * mr }));
}

/** p-chart points: p̄ = Σk ÷ Σn, sigma = √(p̄(1 − p̄) ÷ nᵢ), limits p̄ ± 3 sigma clamped to 0..1. */
export function pPoints(kn: { k: number; n: number }[]): OraclePoint[] {
  const p = kn.reduce((s, x) => s + x.k, 0) / kn.reduce((s, x) => s + x.n, 0);
  return kn.map(({ k, n }) => {
    const sigma = Math.sqrt((p * (1 - p)) / n);
    return { value: k / n, centre: p, sigma, lower: Math.max(0, p - 3 * sigma), upper: Math.min(1, p + 3 * sigma) };
  });
}
