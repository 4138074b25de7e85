/**
 * An attacker for published tables (test/shapes-public.test.ts): given hidden cells with what a reader knows of
 * them (bounds: "<5" is 1 to 4, any other hidden count is ≥ 0) and every linear relation the published figures give
 * (a rolling 12-month sum is its months; a total is its parts; a change is current − previous; a rate times its
 * denominator is its numerator), it works out which hidden cells are determined exactly, by
 *   1. exact linear algebra (a cell is determined when its unit vector is in the row space of the relations),
 *   2. bounds propagated through the relations to a fixpoint (a cell whose lower and upper bounds meet),
 *   3. a search of the integer solutions (a cell is determined when every solution gives it the same value).
 * Pure, no product code.
 */

export type Bounds = { lo: number; hi: number };
/** A linear relation Σ coef × var = rhs between hidden cells (published values already moved to the right). */
export type Relation = { terms: [string, number][]; rhs: number; why: string };
export type Attack = { determined: Map<string, number>; inconsistent: string[]; inconclusive: string[] };

const EPS = 1e-7;
const near = (x: number, y: number) => Math.abs(x - y) <= EPS * Math.max(1, Math.abs(x), Math.abs(y));

export function attack(cells: Map<string, Bounds>, relations: Relation[], budget = 200_000): Attack {
  const names = [...cells.keys()].sort();
  const index = new Map(names.map((n, i) => [n, i]));
  const determined = new Map<string, number>();
  const inconsistent: string[] = [];
  const inconclusive: string[] = [];
  const rels = relations
    .map((r) => ({ ...r, terms: r.terms.filter(([n, c]) => c !== 0 && index.has(n)) }))
    .filter((r) => {
      if (r.terms.length) return true;
      if (!near(r.rhs, 0)) inconsistent.push(r.why);
      return false;
    });

  // 1. linear algebra: reduced row echelon form; a row with a single non-zero entry fixes that cell
  const m = rels.map((r) => {
    const row = new Array<number>(names.length + 1).fill(0);
    for (const [n, c] of r.terms) row[index.get(n)!]! += c;
    row[names.length] = r.rhs;
    return row;
  });
  let lead = 0;
  for (let col = 0; col < names.length && lead < m.length; col++) {
    let best = lead;
    for (let i = lead + 1; i < m.length; i++) if (Math.abs(m[i]![col]!) > Math.abs(m[best]![col]!)) best = i;
    if (Math.abs(m[best]![col]!) < 1e-9) continue;
    [m[lead], m[best]] = [m[best]!, m[lead]!];
    const p = m[lead]![col]!;
    for (let j = 0; j <= names.length; j++) m[lead]![j]! /= p;
    for (let i = 0; i < m.length; i++)
      if (i !== lead && Math.abs(m[i]![col]!) > 1e-12) {
        const f = m[i]![col]!;
        for (let j = 0; j <= names.length; j++) m[i]![j]! -= f * m[lead]![j]!;
      }
    lead++;
  }
  for (const row of m) {
    const nz = row.slice(0, names.length).flatMap((c, j) => (Math.abs(c) > 1e-9 ? [j] : []));
    if (nz.length === 1) determined.set(names[nz[0]!]!, row[names.length]! / row[nz[0]!]!);
    if (nz.length === 0 && Math.abs(row[names.length]!) > 1e-6) inconsistent.push('the relations contradict each other');
  }

  // 2. bounds propagation (integers)
  const b = new Map(names.map((n) => [n, { ...cells.get(n)! }]));
  for (let changed = true, round = 0; changed && round < 10_000; round++) {
    changed = false;
    for (const r of rels)
      for (const [n, c] of r.terms) {
        let lo = r.rhs;
        let hi = r.rhs;
        for (const [o, d] of r.terms) {
          if (o === n) continue;
          const ob = b.get(o)!;
          // rhs − Σ d × o: subtract the largest for the low end, the smallest for the high end
          const [small, large] = d > 0 ? [d * ob.lo, d * ob.hi] : [d * ob.hi, d * ob.lo];
          lo -= large;
          hi -= small;
        }
        let [nlo, nhi] = c > 0 ? [lo / c, hi / c] : [hi / c, lo / c];
        nlo = Number.isNaN(nlo) ? -Infinity : Math.ceil(nlo - 1e-6);
        nhi = Number.isNaN(nhi) ? Infinity : Math.floor(nhi + 1e-6);
        const cb = b.get(n)!;
        if (nlo > cb.lo) ((cb.lo = nlo), (changed = true));
        if (nhi < cb.hi) ((cb.hi = nhi), (changed = true));
        if (cb.lo > cb.hi) {
          inconsistent.push(`no value of ${n} fits (${r.why})`);
          changed = false;
          break;
        }
      }
  }
  for (const [n, x] of b) if (x.lo === x.hi && !determined.has(n)) determined.set(n, x.lo);

  // 3. search the integer solutions of each connected group of cells whose bounds are finite
  const byCell = new Map<string, number[]>(names.map((n) => [n, []]));
  rels.forEach((r, i) => r.terms.forEach(([n]) => byCell.get(n)!.push(i)));
  const seen = new Set<string>();
  for (const start of names) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length) {
      const n = queue.pop()!;
      group.push(n);
      for (const ri of byCell.get(n)!) for (const [o] of rels[ri]!.terms) if (!seen.has(o)) (seen.add(o), queue.push(o));
    }
    group.sort();
    const groupRels = [...new Set(group.flatMap((n) => byCell.get(n)!))].map((i) => rels[i]!);
    if (!groupRels.length) continue; // a cell in no relation: only its own bounds (step 2)
    if (group.some((n) => !Number.isFinite(b.get(n)!.lo) || !Number.isFinite(b.get(n)!.hi))) continue;
    const solve = (fixed: string, values: number[]): Map<string, number> | 'budget' | null => {
      let nodes = 0;
      const order = [fixed, ...group.filter((n) => n !== fixed)];
      const value = new Map<string, number>();
      const ok = () =>
        groupRels.every((r) => {
          let lo = 0;
          let hi = 0;
          for (const [n, c] of r.terms) {
            const v = value.get(n);
            if (v !== undefined) ((lo += c * v), (hi += c * v));
            else {
              const x = b.get(n)!;
              lo += Math.min(c * x.lo, c * x.hi);
              hi += Math.max(c * x.lo, c * x.hi);
            }
          }
          return lo <= r.rhs + 1e-6 * Math.max(1, Math.abs(r.rhs)) && hi >= r.rhs - 1e-6 * Math.max(1, Math.abs(r.rhs));
        });
      const dfs = (k: number): boolean | 'budget' => {
        if (++nodes > budget) return 'budget';
        if (k === order.length) return true;
        const n = order[k]!;
        const x = b.get(n)!;
        const vs = k === 0 ? values : Array.from({ length: x.hi - x.lo + 1 }, (_, i) => x.lo + i);
        for (const v of vs) {
          value.set(n, v);
          if (ok()) {
            const r = dfs(k + 1);
            if (r) return r;
          }
          value.delete(n);
        }
        return false;
      };
      const r = dfs(0);
      return r === 'budget' ? 'budget' : r ? new Map(value) : null;
    };
    for (const n of group) {
      if (determined.has(n)) continue;
      const x = b.get(n)!;
      const all = Array.from({ length: x.hi - x.lo + 1 }, (_, i) => x.lo + i);
      const first = solve(n, all);
      if (first === 'budget') {
        inconclusive.push(n);
        continue;
      }
      if (!first) {
        inconsistent.push(`no solution for ${n}`);
        continue;
      }
      const v = first.get(n)!;
      const other = solve(
        n,
        all.filter((y) => y !== v),
      );
      if (other === 'budget') inconclusive.push(n);
      else if (!other) determined.set(n, v);
    }
  }
  return { determined, inconsistent, inconclusive };
}

export const isHidden = (v: unknown) => typeof v === 'string';
/** What a reader knows of a hidden count: "<N" is 1..N−1; "[c]" or a withheld figure is any count ≥ 0. */
export const boundsOf = (v: unknown, n: number): Bounds => (v === `<${n}` ? { lo: 1, hi: n - 1 } : { lo: 0, hi: Infinity });

/**
 * The attack on one monthly series: every month and every rolling 12-month sum published in any of the responses.
 * Returns the hidden months the attacker determines, and anything inconsistent between the responses.
 */
export function attackTrend(responses: any[], n: number, ALL: string[], budget = 20_000) {
  const month = new Map<string, unknown>();
  const rolling = new Map<string, unknown>();
  const clash: string[] = [];
  for (const res of responses)
    for (const r of res.rows) {
      for (const [map, v] of [
        [month, r.count],
        [rolling, r.rolling_12m],
      ] as const) {
        const had = map.get(r.month);
        if (had === undefined || (isHidden(had) && typeof v === 'number')) map.set(r.month, v);
        if (typeof had === 'number' && typeof v === 'number' && had !== v) clash.push(`${r.month}: ${had} and ${v}`);
        // the same month published as a number in one range and hidden in another gives it away
        if ((typeof had === 'number' && isHidden(v)) || (isHidden(had) && typeof v === 'number')) clash.push(`${r.month}: shown in one range, hidden in another`);
      }
    }
  const cells = new Map<string, Bounds>();
  for (const [m, v] of month) if (isHidden(v)) cells.set(m, boundsOf(v, n));
  const relations: Relation[] = [];
  const ms = [...month.keys()].sort();
  for (const [m, v] of rolling) {
    if (typeof v !== 'number') continue;
    const i = ALL.indexOf(m);
    const window = ALL.slice(i - 11, i + 1);
    let rhs = v;
    const terms: [string, number][] = [];
    for (const w of window) {
      const x = month.get(w);
      if (typeof x === 'number') rhs -= x;
      else if (isHidden(x)) terms.push([w, 1]);
      else terms.push([`unpublished ${w}`, 1]); // a month of the window no response published
    }
    relations.push({ terms, rhs, why: `rolling 12 months to ${m} = ${v}` });
  }
  for (const rel of relations) for (const [t] of rel.terms) if (t.startsWith('unpublished') && !cells.has(t)) cells.set(t, { lo: 0, hi: Infinity });
  // the differences of every two published sums (one month in, the same month a year before out, …): implied by the
  // sums, but they let the bounds travel between the months they link (with them, bounds are exact for two years)
  const windows = relations.slice();
  for (let i = 0; i < windows.length; i++)
    for (let j = i + 1; j < windows.length; j++) {
      const coef = new Map<string, number>();
      for (const [t, c] of windows[i]!.terms) coef.set(t, (coef.get(t) ?? 0) + c);
      for (const [t, c] of windows[j]!.terms) coef.set(t, (coef.get(t) ?? 0) - c);
      const terms = [...coef].filter(([, c]) => c !== 0);
      relations.push({ terms, rhs: windows[i]!.rhs - windows[j]!.rhs, why: `(${windows[i]!.why}) − (${windows[j]!.why})` });
    }
  return { ...attack(cells, relations, budget), clash, cells, month, rolling, ms };
}


/**
 * Everything a set of responses publishes about monthly cells (`category|month`): each cell as shown, and every
 * linear relation the published figures make between cells: a rolling or period sum (Σ its months = value), a
 * change (Σ current months − Σ previous months = value), a total with its parts in one month (total − Σ parts = 0).
 */
export type Publication = {
  cells: Map<string, unknown>;
  sums: { plus: string[]; minus?: string[]; value: unknown; why: string }[];
  /** the same cell published as a number in one place and hidden (or another number) in another */
  clash: string[];
};
export const publication = (): Publication => ({ cells: new Map(), sums: [], clash: [] });
/** Records a cell as one response shows it (a cell seen as a number anywhere is known). */
export function publishCell(p: Publication, key: string, v: unknown, where: string) {
  const had = p.cells.get(key);
  if ((typeof had === 'number' && isHidden(v)) || (isHidden(had) && typeof v === 'number')) p.clash.push(`${key}: shown in one place, hidden in another (${where})`);
  if (typeof had === 'number' && typeof v === 'number' && had !== v) p.clash.push(`${key}: ${had} and ${v} (${where})`);
  if (had === undefined || had === null || (isHidden(had) && typeof v === 'number')) p.cells.set(key, v);
}

/**
 * The attack on a publication: the hidden cells (bounds from their marks), every published relation with the known
 * cells moved to the right, and the differences of every two relations that hold hidden cells (so bounds travel
 * between them, as in {@link attackTrend}). A cell no response published is an unknown of at least 0.
 */
export function attackPublication(p: Publication, n: number, budget = 20_000) {
  const cells = new Map<string, Bounds>();
  for (const [k, v] of p.cells) if (isHidden(v)) cells.set(k, boundsOf(v, n));
  const relations: Relation[] = [];
  for (const s of p.sums) {
    if (typeof s.value !== 'number') continue;
    let rhs = s.value;
    const terms: [string, number][] = [];
    for (const [list, sign] of [
      [s.plus, 1],
      [s.minus ?? [], -1],
    ] as const)
      for (const c of list) {
        const v = p.cells.get(c);
        if (typeof v === 'number') rhs -= sign * v;
        else if (isHidden(v)) terms.push([c, sign]);
        else {
          if (!cells.has(`unpublished ${c}`)) cells.set(`unpublished ${c}`, { lo: 0, hi: Infinity });
          terms.push([`unpublished ${c}`, sign]);
        }
      }
    relations.push({ terms, rhs, why: s.why });
  }
  const open = relations.filter((r) => r.terms.length);
  for (let i = 0; i < open.length; i++)
    for (let j = i + 1; j < open.length; j++) {
      const coef = new Map<string, number>();
      for (const [t, c] of open[i]!.terms) coef.set(t, (coef.get(t) ?? 0) + c);
      for (const [t, c] of open[j]!.terms) coef.set(t, (coef.get(t) ?? 0) - c);
      const terms = [...coef].filter(([, c]) => c !== 0);
      if (terms.length) relations.push({ terms, rhs: open[i]!.rhs - open[j]!.rhs, why: `(${open[i]!.why}) − (${open[j]!.why})` });
    }
  return { ...attack(cells, relations, budget), cells, relations };
}
