/**
 * The suppression engine: primary and secondary suppression over figures linked by totals, with an audit. Pure: it
 * knows cells and lines, no crime vocabulary. The adapters (tables.ts, scorecard.ts) feed it.
 */
import type { Shown } from '../../core/types.ts';

/** Counts from 1 to `threshold − 1` are suppressed unless told otherwise (`--suppress-below N`, `suppress_below=N`). */
export const DEFAULT_THRESHOLD = 5;

/** What a secondary (complementary) suppression shows instead of its count. */
export const SECONDARY = '[c]';

/**
 * The disclosure rule in plain words, for footnotes and the `disclosure` field of public output.
 * @example ruleText(5) // 'Counts from 1 to 4 are shown as "<5"; …'
 */
export const ruleText = (n: number) =>
  `Statistical disclosure control: counts from 1 to ${n - 1} are shown as "<${n}" (zeros are shown). ` +
  `Where categories add up (all hate crime is the sum of its strands), the next-smallest count of the same month is also ` +
  `withheld and shown as "${SECONDARY}". A figure that adds up months (a rolling 12-month sum, a period's or the comparison ` +
  `window's count) is published only when every month in it is published; otherwise it is withheld and shown as "${SECONDARY}", ` +
  `so that no difference of published sums can give a hidden month back. ` +
  `A figure computed from a withheld count (a rate, a percentage, a change, a p-value, a rank) is withheld. ` +
  `Where a published total (a London total, all victims) would reveal a suppressed count by subtraction, the next-smallest ` +
  `count in that total is also withheld and shown as "${SECONDARY}", until no suppressed count can be worked out from the published figures.`;

/* ---------------------------------------------------------------- the suppression engine */

/** One figure of an additive structure. `published: false` = implied by others (e.g. victims with one incident). */
export interface Cell {
  id: string;
  value: number;
  published?: boolean;
  /** hidden from the start (e.g. the same calendar month in other years as a small month) */
  hide?: boolean;
  /** kept unrecoverable though not small (e.g. hidden as a secondary elsewhere) */
  protect?: boolean;
  /**
   * a remainder a reader can work out but that is no one's count (a borough's crimes placed in no ward): never a
   * primary and never protected for itself, taken as known unless hidden as a secondary to protect another
   */
  open?: boolean;
}
/** `total = sum(parts)`: a published total and the figures it adds up. */
export interface Line {
  total: string;
  parts: string[];
}

/**
 * Primary and secondary suppression over figures linked by totals. Primary: published counts 1..N−1. Then,
 * until nothing changes: a line with a hidden small (or protected) figure that is its only unknown, or whose
 * hidden parts add up to less than N, hides its next-smallest non-zero visible part (else its total); and an
 * audit hides more whenever a protected figure can still be worked out, exactly, from the published figures by
 * linear algebra (any combination of totals, e.g. differences of adjacent rolling sums) or by bounds (a primary
 * is 1..N−1, a secondary at least N, everything at least 0).
 * @example suppress([{ id: 'a', value: 3 }, { id: 'b', value: 9 }, { id: 't', value: 12 }], [{ total: 't', parts: ['a', 'b'] }], 5)
 * // { primary: Set {'a'}, secondary: Set {'b'}, hidden: Set {'a', 'b'} }
 */
export function suppress(cells: Cell[], lines: Line[], threshold: number) {
  const byId = new Map(cells.map((c) => [c.id, c]));
  for (const l of lines) for (const id of [l.total, ...l.parts]) if (!byId.has(id)) throw new Error(`suppress: unknown cell "${id}"`);
  const small = (v: number) => v >= 1 && v < threshold;
  const primary = new Set(cells.filter((c) => c.published !== false && !c.open && small(c.value)).map((c) => c.id));
  const hidden = new Set([...primary, ...cells.filter((c) => (c.published === false && !c.open) || c.hide).map((c) => c.id)]);
  const guarded = new Set(cells.filter((c) => (small(c.value) && !c.open) || c.protect).map((c) => c.id));
  const value = (id: string) => byId.get(id)!.value;
  const pickIn = (ls: Line[]): string | undefined => {
    const visible = (id: string) => !hidden.has(id) && value(id) > 0;
    const parts = ls.flatMap((l) => l.parts.filter(visible)).sort((a, b) => value(a) - value(b) || a.localeCompare(b));
    return parts[0] ?? ls.map((l) => l.total).find(visible);
  };
  for (let guard = 0; guard < cells.length + 1; guard++) {
    let pick: string | undefined;
    for (const l of lines) {
      const ids = [l.total, ...l.parts];
      const unknown = ids.filter((id) => hidden.has(id));
      if (!unknown.some((id) => guarded.has(id))) continue;
      const hiddenSum = l.parts.filter((id) => hidden.has(id)).reduce((s, id) => s + value(id), 0);
      if (unknown.length === 1 || (!hidden.has(l.total) && hiddenSum < threshold)) pick = pickIn([l]);
      if (pick) break;
    }
    if (!pick) {
      const exposed = [...recoverable(cells, lines, hidden, primary, threshold)].filter((id) => guarded.has(id)).sort();
      for (const id of exposed) {
        const around = lines.filter((l) => l.total === id || l.parts.includes(id));
        around.sort((a, b) => unknowns(a, hidden) - unknowns(b, hidden));
        pick = around.map((l) => pickIn([l])).find(Boolean);
        if (pick) break;
      }
    }
    if (!pick) break;
    hidden.add(pick);
  }
  const secondary = new Set([...hidden].filter((id) => !primary.has(id) && byId.get(id)!.published !== false));
  return { primary, secondary, hidden };
}

const unknowns = (l: Line, hidden: Set<string>) => [l.total, ...l.parts].filter((id) => hidden.has(id)).length;

/** The hidden figures a reader could work out exactly: by linear algebra over the totals, or by bounds. */
function recoverable(cells: Cell[], lines: Line[], hidden: Set<string>, primary: Set<string>, threshold: number): Set<string> {
  const vars = [...hidden];
  const col = new Map(vars.map((id, i) => [id, i]));
  const rows = lines
    .map((l) => {
      const r = new Array<number>(vars.length).fill(0);
      if (col.has(l.total)) r[col.get(l.total)!]! -= 1;
      for (const p of l.parts) if (col.has(p)) r[col.get(p)!]! += 1;
      return r;
    })
    .filter((r) => r.some((x) => x !== 0));
  const out = new Set<string>();
  for (const i of determined(rows, vars.length)) out.add(vars[i]!);
  // bounds: what the reader knows of each hidden figure, narrowed line by line
  const byId = new Map(cells.map((c) => [c.id, c]));
  const lo = new Map<string, number>();
  const hi = new Map<string, number>();
  for (const c of cells) {
    const h = hidden.has(c.id);
    // a reader knows a "<N" is 1..N−1 and may guess that another hidden count is N or more (or zero)
    lo.set(c.id, !h ? c.value : primary.has(c.id) ? 1 : c.published === false || c.value < threshold ? 0 : threshold);
    hi.set(c.id, !h ? c.value : primary.has(c.id) ? threshold - 1 : Infinity);
  }
  for (let pass = 0, changed = true; changed && pass < 50; pass++) {
    changed = false;
    const tighten = (id: string, l: number, h: number) => {
      if (l > lo.get(id)! + 1e-9) (lo.set(id, l), (changed = true));
      if (h < hi.get(id)! - 1e-9) (hi.set(id, h), (changed = true));
    };
    for (const l of lines) {
      const sumLo = l.parts.reduce((s, p) => s + lo.get(p)!, 0);
      const sumHi = l.parts.reduce((s, p) => s + hi.get(p)!, 0);
      tighten(l.total, sumLo, sumHi);
      for (const p of l.parts) {
        const restLo = sumLo - lo.get(p)!;
        const restHi = l.parts.reduce((s, q) => (q === p ? s : s + hi.get(q)!), 0);
        tighten(p, lo.get(l.total)! - restHi, hi.get(l.total)! - restLo);
      }
    }
  }
  for (const id of hidden) if (byId.has(id) && lo.get(id) === hi.get(id)) out.add(id);
  return out;
}

/** The variables a linear system pins to one value: those whose unit vector is a row of the reduced row echelon form. */
function determined(rows: number[][], n: number): number[] {
  const m = rows.map((r) => [...r]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i;
    if (Math.abs(m[best]![c]!) < 1e-9) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    const p = m[r]![c]!;
    for (let j = 0; j < n; j++) m[r]![j]! /= p;
    for (let i = 0; i < m.length; i++) {
      const f = m[i]![c]!;
      if (i !== r && Math.abs(f) > 1e-12) for (let j = 0; j < n; j++) m[i]![j]! -= f * m[r]![j]!;
    }
    pivots.push(c);
    r++;
  }
  return pivots.filter((c, i) => m[i]!.every((x, j) => j === c || Math.abs(x) < 1e-9));
}

/** How a count is shown after suppression. */
export const shown = (id: string, v: number | null, s: { primary: Set<string>; hidden: Set<string> }, n: number): Shown =>
  v === null ? null : s.primary.has(id) ? `<${n}` : s.hidden.has(id) ? SECONDARY : v;
