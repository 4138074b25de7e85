import type { Polarity } from '../../core/types.ts';

/**
 * Ranks values, 1 = best (`ascending`: lowest first), ties sharing the better rank (1, 1, 3…). Only the given rows are
 * ranked: callers pass only complete windows. With fewer than two, nothing is ranked.
 * @example rank([{ id: 'a', value: 2 }, { id: 'b', value: 1 }, { id: 'c', value: 2 }], true) // Map { b → 1, a → 2, c → 2 }
 */
export function rank(rows: { id: string; value: number }[], ascending: boolean): Map<string, number> {
  const out = new Map<string, number>();
  if (rows.length < 2) return out;
  const sorted = [...rows].sort((a, b) => (ascending ? a.value - b.value : b.value - a.value));
  sorted.forEach((r, i) => out.set(r.id, i > 0 && sorted[i - 1]!.value === r.value ? out.get(sorted[i - 1]!.id)! : i + 1));
  return out;
}

/**
 * The order of {@link rank} for a polarity: lowest first when lower is better (a crime rate), highest first when
 * higher is better (a positive-outcome or arrest rate). Every ranking passes its figure's polarity through here.
 * @example rank(rows, ascendingFor('higher-is-better')) // 1 = the highest value
 */
export const ascendingFor = (polarity: Polarity): boolean => polarity !== 'higher-is-better';
