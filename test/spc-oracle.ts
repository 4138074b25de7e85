/**
 * The tests' own reading of the Making Data Count rules as NHS-R's NHSRplotthedots applies them (docs/spc.md;
 * core/stats/spc.ts), in plain loops, for the latest point of one unbroken run of months with no gap: the
 * independent route to the `latest.variation` an SPC answer must give. Also the peer's own test vectors (PEER).
 *
 * In the peer's order of precedence: 1. beyond a process limit; 2. a trend: 7 or more consecutive points each higher
 * (lower) than the one before (a tie breaks it); 3. two of three consecutive points all on one side of the centre,
 * two or more of them between 2 sigma and the limit (those marked); 4. a shift: 7 or more consecutive points on the
 * same side of the centre (a point on it breaks the run). The first rule that marks the latest point gives its
 * direction.
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
  const side = (i: number) => (Math.abs(e(i)) < 1e-9 ? 0 : Math.sign(e(i)));
  // 1. beyond a limit
  if (last.value > last.upper) return { rule: 'limit', direction: 'up' };
  if (last.value < last.lower) return { rule: 'limit', direction: 'down' };
  // 2. trend: points each strictly higher (lower) than the one before, counted back from the last
  for (const dir of [1, -1]) {
    let len = 1;
    while (n - 1 - len >= 0 && dir * (e(n - len) - e(n - 1 - len)) > 1e-9) len++;
    if (len >= 7) return { rule: 'trend', direction: dir > 0 ? 'up' : 'down' };
  }
  // 3. two of three: the last point only sits in the last window of three; it is marked when it is close (between
  // 2 sigma and the limit), the window is all on one side, and another point of it is close
  if (n >= 3) {
    const close = (i: number) => Math.abs(e(i)) > 2 * points[i]!.sigma && points[i]!.value <= points[i]!.upper && points[i]!.value >= points[i]!.lower;
    const s = side(n - 1);
    if (s !== 0 && side(n - 2) === s && side(n - 3) === s && close(n - 1) && (close(n - 2) || close(n - 3)))
      return { rule: 'two-of-three', direction: s > 0 ? 'up' : 'down' };
  }
  // 4. shift: the run of points on the last point's side, counted back from it
  if (side(n - 1) !== 0) {
    let len = 1;
    while (n - 1 - len >= 0 && side(n - 1 - len) === side(n - 1)) len++;
    if (len >= 7) return { rule: 'shift', direction: side(n - 1) > 0 ? 'up' : 'down' };
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

/**
 * XmR points with limits from the first `baseline` values (default 20, all when fewer): centre = their mean; the
 * moving ranges |xᵢ − xᵢ₋₁| among them, screened (a range of 3.267 × their mean or more left out, the mean taken
 * again); limits = mean ± 2.66 mR̄ (lower floored); sigma = 2.66 mR̄ ÷ 3.
 */
export function xmrPoints(xs: number[], { floor = 0, baseline = 20, screen = true }: { floor?: number; baseline?: number; screen?: boolean } = {}): OraclePoint[] {
  const base = xs.slice(0, baseline);
  let total = 0;
  for (const x of base) total += x;
  const m = total / base.length;
  const ranges: number[] = [];
  for (let i = 1; i < base.length; i++) ranges.push(Math.abs(base[i]! - base[i - 1]!));
  let sum = 0;
  for (const r of ranges) sum += r;
  let mr = sum / ranges.length;
  if (screen) {
    let kept = 0;
    let keptSum = 0;
    for (const r of ranges) if (r < 3.267 * mr) (kept++, (keptSum += r));
    if (kept) mr = keptSum / kept;
  }
  return xs.map((value) => ({ value, centre: m, sigma: (2.66 * mr) / 3, lower: Math.max(floor, m - 2.66 * mr), upper: m + 2.66 * mr }));
}

/** p-chart points: p̄ = Σk ÷ Σn over the first `baseline` months (default 20), sigma = √(p̄(1 − p̄) ÷ nᵢ), limits p̄ ± 3 sigma clamped to 0..1. */
export function pPoints(kn: { k: number; n: number }[], baseline = 20): OraclePoint[] {
  const base = kn.slice(0, baseline);
  const p = base.reduce((s, x) => s + x.k, 0) / base.reduce((s, x) => s + x.n, 0);
  return kn.map(({ k, n }) => {
    const sigma = Math.sqrt((p * (1 - p)) / n);
    return { value: k / n, centre: p, sigma, lower: Math.max(0, p - 3 * sigma), upper: Math.min(1, p + 3 * sigma) };
  });
}

/**
 * NHS-R's NHSRplotthedots test vectors (github.com/nhs-r-community/NHSRplotthedots, tests/testthat/
 * test-ptd_calculate_point_type.R and test-ptd_spc_standard.R with its snapshot _snaps/ptd_spc_standard.md), as the
 * peer's expected results: 1 where the peer marks a point as part of the rule, 0 where it does not.
 */
export const PEER = {
  /** `ptd_part_of_seven_trend(ptd_seven_point_one_side_mean(relative_to_mean))`: a shift, 7 on one side */
  shift: [
    { side: [1, 1, 1, 1, 1, 1], part: [0, 0, 0, 0, 0, 0] },
    { side: [1, 1, 1, 1, 1, 1, -1], part: [0, 0, 0, 0, 0, 0, 0] },
    { side: [1, 1, 1, 1, 1, 1, 1, 1, -1], part: [1, 1, 1, 1, 1, 1, 1, 1, 0] },
    { side: [-1, -1, -1, -1, -1, -1, -1, -1, 1], part: [1, 1, 1, 1, 1, 1, 1, 1, 0] },
  ],
  /** `ptd_part_of_seven_trend(ptd_seven_point_trend(y))`: a trend, 7 each higher (lower) than the one before */
  trend: [
    { y: [1, 2, 3, 4, 5, 6], part: [0, 0, 0, 0, 0, 0] },
    { y: [1, 2, 3, 3, 4, 5, 6], part: [0, 0, 0, 0, 0, 0, 0] },
    { y: [1, 2, 3, 4, 5, 6, 7], part: [1, 1, 1, 1, 1, 1, 1] },
    { y: [2, 1, 2, 3, 4, 5, 6, 7, 3], part: [0, 1, 1, 1, 1, 1, 1, 1, 0] },
    { y: [7, 6, 5, 4, 3, 2, 1], part: [1, 1, 1, 1, 1, 1, 1] },
    { y: [2, 7, 6, 5, 4, 3, 2, 1, 3], part: [0, 1, 1, 1, 1, 1, 1, 1, 0] },
  ],
  /** `ptd_part_of_two_in_three(ptd_two_in_three(close, relative_to_mean), close)`: close = between 2 sigma and the limit */
  twoOfThree: [
    { close: [1, 0, 1], side: [1, 1, 1], part: [1, 0, 1] },
    { close: [0, 1, 1], side: [1, 1, 1], part: [0, 1, 1] },
    { close: [1, 1, 0], side: [1, 1, 1], part: [1, 1, 0] },
    { close: [0, 0, 1, 0, 1, 0, 0], side: [1, 1, 1, 1, 1, 1, 1], part: [0, 0, 1, 0, 1, 0, 0] },
    { close: [0, 0, 1, 1, 0, 0, 0], side: [1, 1, 1, 1, 1, 1, 1], part: [0, 0, 1, 1, 0, 0, 0] },
    { close: [1, 0, 1], side: [1, -1, 1], part: [0, 0, 0] },
    { close: [0, 1, 1], side: [1, -1, 1], part: [0, 0, 0] },
    { close: [1, 1, 0], side: [1, -1, 1], part: [0, 0, 0] },
    { close: [0, 0, 1, 0, 1, 0, 0], side: [1, -1, 1, -1, 1, -1, 1], part: [0, 0, 0, 0, 0, 0, 0] },
    { close: [0, 0, 1, 1, 0, 0, 0], side: [-1, 1, -1, 1, -1, 1, -1], part: [0, 0, 0, 0, 0, 0, 0] },
    { close: [1, 0, 0, 1], side: [1, 1, 1, 1], part: [0, 0, 0, 0] },
    { close: [1, 0, 0, 1, 1], side: [1, 1, 1, 1, 1], part: [0, 0, 0, 1, 1] },
  ],
  /**
   * `ptd_spc_standard`: 20 values (R's `set.seed(123); rnorm(20)`), limits from all 20 with screening (r1); the 15th
   * set to 10, with screening (r2) and without (r3). Figures as the snapshot prints them (7 significant digits).
   */
  limits: {
    y: [
      -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.2240818,
      0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716, 0.7013559, -0.47279141,
    ],
    r1: { mean: 0.1416238, lpl: -3.01138, upl: 3.294627, side: [-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1] },
    r2: { mean: 0.6694159, lpl: -2.383666, upl: 3.722497, side: [-1, -1, 1, -1, -1, 1, -1, -1, -1, -1, 1, -1, -1, -1] },
    r3: { mean: 0.6694159, lpl: -4.596625, upl: 5.935457 },
  },
  /** "it only reports special cause for 2of3 points close to limits when they are on the same side of the mean" */
  opposite: { y: [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 5.5, -5.5], lastTwo: ['common_cause', 'common_cause'] },
} as const;
